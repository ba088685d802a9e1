{#- Scored assignments per computed period: is there exactly one usable target for the period's year? -#}
select
    results.entity_code,
    results.period,
    results.node_code,
    results.indicator_code,
    results.weight_pct,
    coalesce(targets.target_problem, case when targets.indicator_code is null then 'no target' end) as target_problem,
    targets.indicator_code is not null and targets.target_problem is null as has_usable_target
from {{ ref('int_indicators__results') }} as results
left join {{ ref('int_targets__by_year') }} as targets
    on results.entity_code = targets.entity_code
        and results.indicator_code = targets.indicator_code
        and results.period_year = targets.target_year
where results.weight_pct > 0
