{#- Sibling weights per parent, for plan nodes and for the indicators of a node (validated by expectations/weights). -#}
with node_children as (
    select
        entity_code,
        cycle,
        coalesce(parent_code, '(entity)') as parent_code,
        'node' as child_kind,
        weight_pct
    from {{ ref('int_plan__nodes') }}
),

indicator_children as (
    select
        entity_code,
        cycle,
        node_code as parent_code,
        'indicator' as child_kind,
        weight_pct
    from {{ ref('int_plan__assignments') }}
),

children as (
    select * from node_children
    union all
    select * from indicator_children
)

select
    entity_code,
    cycle,
    parent_code,
    child_kind,
    count(*) as sibling_count,
    count(weight_pct) as weighted_count,
    sum(case when weight_pct = 0 then 1 else 0 end) as monitoring_only_count,
    sum(weight_pct) as weight_sum,
    count(weight_pct) = count(*) as is_fully_weighted,
    count(weight_pct) < count(*)
    or abs(sum(weight_pct) - 100) <= {{ var('weight_sum_tolerance_pct', 0.01) }} as is_weight_sum_100,
    count(weight_pct) = 0 or count(weight_pct) = count(*) as is_consistently_weighted
from children
group by entity_code, cycle, parent_code, child_kind
