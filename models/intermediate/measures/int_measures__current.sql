{#-
    The measure value in force per entity, period and measure code: the latest extraction wins
    (a restated extract replaces the earlier one; the earlier rows stay in staging as history).
    Two rows of the latest extraction for one key are ambiguous: both are quarantined.
-#}
with measures as (
    select
        *,
        coalesce(extracted_at, loaded_at) as reported_at
    from {{ ref('stg_pira__measure_values') }}
),

ranked as (
    select
        *,
        max(reported_at) over (partition by entity_code, period, measure_code) as latest_reported_at
    from measures
),

latest as (
    select
        *,
        count(*) over (partition by entity_code, period, measure_code) as rows_in_latest_extraction
    from ranked
    where reported_at = latest_reported_at or (reported_at is null and latest_reported_at is null)
)

select
    source_file,
    source_row,
    entity_code,
    period,
    period_year,
    period_quarter,
    measure_code,
    value_raw,
    value_number,
    value_date,
    unit,
    source,
    extracted_at,
    loaded_at,
    case
        when rows_in_latest_extraction > 1
            then 'duplicated in the extract: ' || cast(rows_in_latest_extraction as {{ dbt.type_string() }})
                || ' values for ' || coalesce(period, '?') || ' | ' || coalesce(measure_code, '?')
        else parse_error
    end as quarantine_reason
from latest
