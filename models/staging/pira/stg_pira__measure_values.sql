{#- Measure rows from the embedded extract (seed) and from landed files, parsed; file and row kept for every row. -#}
{#- A table, unlike the other staging views: millions of rows at national scale, read by four models and two tests. -#}
{{ config(materialized='table') }}
with seeded as (
    select
        '{{ raw_table_file('raw_measure_values') }}' as source_file,
        cast(source_row as integer) as source_row,
        cast(null as {{ dbt.type_timestamp() }}) as loaded_at,
        entity_code,
        period,
        measure_code,
        value_raw,
        unit_raw,
        source,
        extracted_at
    from {{ raw_table('raw_measure_values') }}
),

landed as (
    select
        source_file,
        source_row,
        loaded_at,
        entity_code,
        period,
        measure_code,
        value_raw,
        unit_raw,
        source,
        extracted_at
    from {{ source('landing', 'measure_values') }}
),

source as (
    select
        source_file,
        source_row,
        loaded_at,
        {{ normalise_code('entity_code') }} as entity_code,
        trim(period) as period,
        {{ normalise_code('measure_code') }} as measure_code,
        value_raw,
        trim(value_raw) as value_text,
        nullif(trim(unit_raw), '') as unit,
        trim(source) as source,
        extracted_at as extracted_at_raw
    from (
        select * from seeded
        union all
        select * from landed
    ) as unioned
),

typed as (
    select
        *,
        upper(coalesce(value_text, '')) in ('N/D', 'ND', 'N.D.') as is_not_available,
        case when unit = 'date' or {{ regex_matches('value_text', '[0-9]{2}-[0-9]{2}-[0-9]{4}') }}
            then {{ try_parse_date('value_text') }} end as value_date,
        case when coalesce(unit, '') <> 'date'
            then {{ parse_italian_number("replace(value_text, '%', '')") }} end as value_number
    from source
)

select
    source_file,
    source_row,
    loaded_at,
    entity_code,
    period,
    case when {{ regex_matches('period', '[0-9]{4}(-Q[1-4])?') }}
        then cast(substr(period, 1, 4) as integer) end as period_year,
    case when {{ regex_matches('period', '[0-9]{4}-Q[1-4]') }}
        then cast({{ dbt.right('period', 1) }} as integer) end as period_quarter,
    measure_code,
    value_raw,
    value_number,
    value_date,
    unit,
    is_not_available,
    source,
    {{ dbt.safe_cast('extracted_at_raw', api.Column.translate_type('timestamp')) }} as extracted_at,
    case
        when entity_code is null or measure_code is null then 'entity or measure code is empty'
        when not {{ regex_matches('period', '[0-9]{4}(-Q[1-4])?') }}
            then 'period ''' || coalesce(period, '') || ''' is neither yyyy nor yyyy-Qn'
        when value_text is null or value_text = '' then 'value is empty'
        when is_not_available then 'value not available (N/D)'
        when unit = 'date' and value_date is null
            then 'value ''' || value_text || ''' is not a dd-mm-yyyy calendar date'
        when coalesce(unit, '') <> 'date' and value_number is null
            then 'value ''' || value_text || ''' is not an Italian-format number'
        when unit = 'N.' and value_number < 0 then 'a count cannot be negative: ' || value_text
    end as parse_error
from typed
