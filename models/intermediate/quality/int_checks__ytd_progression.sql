{#-
    Year-to-date flow measures (counts and amounts) must not decrease from one quarter to the next
    of the same year; a decrease means a wrong extract or an unannounced restatement.
-#}
with quarterly as (
    select
        entity_code,
        period,
        period_year,
        period_quarter,
        measure_code,
        unit,
        value_number
    from {{ ref('int_measures__current') }}
    where period_quarter is not null and quarantine_reason is null and unit in ('N.', '€')
)

select
    current_quarter.entity_code,
    current_quarter.period,
    current_quarter.measure_code,
    previous_quarter.period as previous_period,
    previous_quarter.value_number as previous_value,
    current_quarter.value_number,
    current_quarter.value_number >= previous_quarter.value_number as is_non_decreasing
from quarterly as current_quarter
inner join quarterly as previous_quarter
    on current_quarter.entity_code = previous_quarter.entity_code
        and current_quarter.measure_code = previous_quarter.measure_code
        and current_quarter.period_year = previous_quarter.period_year
        and current_quarter.period_quarter = previous_quarter.period_quarter + 1
