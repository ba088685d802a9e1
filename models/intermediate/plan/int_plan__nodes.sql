{#- The usable plan nodes (quarantined rows left out here, once) with the weight each enters its parent's mean with. -#}
with nodes as (
    select * from {{ ref('stg_pira__plan_nodes') }}
    where quarantine_reason is null
),

siblings as (
    select
        *,
        count(weight_pct) over (partition by entity_code, cycle, parent_code) as weighted_siblings,
        count(*) over (partition by entity_code, cycle, parent_code) as siblings
    from nodes
)

select
    entity_code,
    cycle,
    cycle_start_year,
    cycle_end_year,
    source_row,
    node_code,
    node_code_as_printed,
    node_level,
    node_level_raw,
    parent_code,
    sub_objective_of,
    title,
    owner,
    weight_raw,
    weight_pct,
    {{ rollup_weight('weight_pct', ['entity_code', 'cycle', 'parent_code']) }} as rollup_weight,
    weighted_siblings = 0 as is_plain_mean_sibling,
    weighted_siblings > 0 and weighted_siblings < siblings as has_partially_weighted_siblings
from siblings
