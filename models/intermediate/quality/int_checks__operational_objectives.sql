{#- Operational objectives and whether at least one of their indicators weighs more than 0%. -#}
select
    nodes.entity_code,
    nodes.cycle,
    nodes.node_code,
    count(assignments.indicator_code) as indicator_count,
    sum(case when assignments.weight_pct > 0 then 1 else 0 end) as scored_indicator_count,
    sum(case when assignments.weight_pct > 0 then 1 else 0 end) > 0 as has_scored_indicator
from {{ ref('int_plan__nodes') }} as nodes
left join {{ ref('int_plan__assignments') }} as assignments
    on nodes.entity_code = assignments.entity_code
        and nodes.cycle = assignments.cycle
        and nodes.node_code = assignments.node_code
where nodes.node_level = 'operational_objective'
group by nodes.entity_code, nodes.cycle, nodes.node_code
