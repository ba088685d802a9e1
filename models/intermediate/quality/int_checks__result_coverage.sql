{#- Every usable assignment of a computed period must have its row in the indicator results. -#}
select
    assignments.entity_code,
    periods.period,
    assignments.node_code,
    assignments.indicator_code,
    results.indicator_code is not null as is_present
from {{ ref('int_plan__assignments') }} as assignments
inner join {{ ref('int_plan__periods') }} as periods
    on assignments.entity_code = periods.entity_code
        and periods.period_year between assignments.cycle_start_year and assignments.cycle_end_year
left join {{ ref('int_indicators__results') }} as results
    on assignments.entity_code = results.entity_code
        and periods.period = results.period
        and assignments.node_code = results.node_code
        and assignments.indicator_code = results.indicator_code
