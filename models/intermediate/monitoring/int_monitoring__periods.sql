{#- The quarterly periods computed per entity (year-to-date monitoring), with the date the data are cumulated to. -#}
with quarters as (
    select
        entity_code,
        period,
        period_year,
        period_quarter,
        period_type,
        cast(
            cast(period_year as {{ dbt.type_string() }}) || '-'
            || lpad(cast(period_quarter * 3 - 2 as {{ dbt.type_string() }}), 2, '0') || '-01'
            as date
        ) as quarter_start_date
    from {{ ref('int_plan__periods') }}
    where period_type = 'quarter'
)

select
    *,
    cast({{ dbt.dateadd('day', -1, dbt.dateadd('month', 3, 'quarter_start_date')) }} as date) as quarter_end_date
from quarters
