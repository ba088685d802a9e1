{%- set value_with_unit = "^([^ ]+?)[ ]*(" ~ unit_pattern() ~ ")?$" -%}

with source as (
    select
        {{ normalise_code('entity_code') }} as entity_code,
        {{ normalise_code('indicator_code') }} as indicator_code,
        trim(baseline_year) as baseline_year_raw,
        value_raw,
        trim(value_raw) as value_text,
        trim(source) as source,
        cast(source_row as integer) as source_row
    from {{ raw_table('raw_baselines') }}
),

split as (
    select
        *,
        upper(coalesce(value_text, '')) in ('N/D', 'ND', 'N.D.') as is_not_available,
        {{ regex_matches('value_text', '[0-9]{2}-[0-9]{2}-[0-9]{4}') }} as is_date,
        nullif(regexp_extract(value_text, '{{ value_with_unit }}', 1), '') as number_text,
        nullif(regexp_extract(value_text, '{{ value_with_unit }}', 2), '') as unit_text
    from source
),

parsed as (
    select
        *,
        case when is_date then {{ try_parse_date('value_text') }} end as value_date,
        case when not is_date and not is_not_available
                then {{ parse_italian_number('number_text') }}
        end as value_number
    from split
),

flagged as (
    select
        entity_code,
        indicator_code,
        case when {{ regex_matches('baseline_year_raw', '[0-9]{4}') }}
                then cast(baseline_year_raw as integer)
        end as baseline_year,
        source_row,
        value_raw,
        value_number,
        value_date,
        case when is_date then 'date' else unit_text end as unit,
        is_not_available,
        source,
        case
            when is_not_available then null
            when is_date and value_date is null then 'valore ''' || value_text || ''' non è una data gg-mm-aaaa'
            when not is_date and value_number is null
                then 'valore ''' || coalesce(value_text, '') || ''' non è un numero in formato italiano'
        end as parse_error
    from parsed
),

keyed as (
    select
        *,
        {{ duplicate_key_reason(['entity_code', 'indicator_code', 'baseline_year']) }} as duplicate_reason
    from flagged
)

select
    *,
    {{ quarantine_columns('baselines.baseline_unique', 'baselines.baseline_value_parses') }}
from keyed
