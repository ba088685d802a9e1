{#- Indicator statuses counted under every plan node per quarter: its own indicators and its whole subtree. -#}
with recursive ancestry as (
    select
        entity_code,
        cycle,
        node_code,
        node_code as ancestor_code,
        0 as depth
    from {{ ref('int_plan__nodes') }}
    union all
    select
        ancestry.entity_code,
        ancestry.cycle,
        ancestry.node_code,
        nodes.parent_code,
        ancestry.depth + 1 as depth
    from ancestry
    inner join {{ ref('int_plan__nodes') }} as nodes
        on ancestry.entity_code = nodes.entity_code
            and ancestry.cycle = nodes.cycle
            and ancestry.ancestor_code = nodes.node_code
    -- A cyclic tree (an error of the tree suite) must not loop forever.
    where nodes.parent_code is not null and ancestry.depth < 20
),

ancestors as (
    select distinct
        entity_code,
        cycle,
        node_code,
        ancestor_code
    from ancestry
)

select
    indicators.entity_code,
    indicators.period,
    ancestors.ancestor_code as node_code,
    count(*) as indicator_count,
    sum(case when indicators.status = 'on_track' then 1 else 0 end) as on_track_count,
    sum(case when indicators.status = 'at_risk' then 1 else 0 end) as at_risk_count,
    sum(case when indicators.status = 'off_track' then 1 else 0 end) as off_track_count,
    sum(case when indicators.status = 'not_evaluable' then 1 else 0 end) as not_evaluable_count,
    max(case when indicators.is_synthetic then 1 else 0 end) = 1 as has_synthetic_data
from {{ ref('int_monitoring__indicators') }} as indicators
inner join ancestors
    on indicators.entity_code = ancestors.entity_code
        and indicators.cycle = ancestors.cycle
        and indicators.node_code = ancestors.node_code
group by indicators.entity_code, indicators.period, ancestors.ancestor_code
