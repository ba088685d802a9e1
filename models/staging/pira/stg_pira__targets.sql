{#- Target text split into operator / value / unit / deadline; the raw text stays beside them. -#}
{%- set numeric_target = "^(>=|≥|<=|≤)?[ ]*([^ ]+?)[ ]*(" ~ unit_pattern() ~ ")?$" -%}

with source as (
    select
        {{ normalise_code('entity_code') }} as entity_code,
        {{ normalise_code('indicator_code') }} as indicator_code,
        trim(target_year) as target_year_raw,
        cast(source_row as integer) as source_row,
        target_raw,
        trim(target_raw) as target_text
    from {{ raw_table('raw_targets') }}
),

split as (
    select
        *,
        case
            when upper(target_text) in ('N/D', 'ND', 'N.D.') then 'nd'
            when lower(target_text) like 'entro %' then 'by_date'
            when {{ regex_matches('target_text', '(>=|≥).*') }} then '>='
            when {{ regex_matches('target_text', '(<=|≤).*') }} then '<='
            when {{ regex_matches('target_text', '[-+−]?[0-9].*') }} then '='
        end as target_operator,
        nullif(regexp_extract(target_text, '{{ numeric_target }}', 2), '') as target_value_text,
        nullif(regexp_extract(target_text, '{{ numeric_target }}', 3), '') as target_unit,
        nullif(trim(regexp_extract(target_text, '^[Ee]ntro[ ]+(.*)$', 1)), '') as target_date_text
    from source
),

parsed as (
    select
        *,
        case when target_operator in ('>=', '<=', '=')
                then {{ parse_italian_number('target_value_text') }}
        end as target_value,
        case when target_operator = 'by_date'
                then {{ try_parse_date('target_date_text') }}
        end as target_date
    from split
),

flagged as (
    select
        entity_code,
        indicator_code,
        case when {{ regex_matches('target_year_raw', '[0-9]{4}') }}
                then cast(target_year_raw as integer)
        end as target_year,
        target_year_raw,
        source_row,
        target_raw,
        target_operator,
        target_value,
        case when target_operator = 'by_date' then 'date' else target_unit end as target_unit,
        target_date,
        case
            when target_text is null or target_text = '' then 'target vuoto'
            when target_operator is null then 'operatore del target sconosciuto in ''' || target_text || ''''
            when target_operator = 'by_date' and target_date is null
                then 'scadenza ''' || coalesce(target_date_text, '') || ''' non è una data gg-mm-aaaa'
            when target_operator in ('>=', '<=', '=') and target_value is null
                then 'valore del target in ''' || target_text || ''' non è un numero in formato italiano con un''unità nota'
        end as parse_error
    from parsed
),

keyed as (
    select
        *,
        {{ duplicate_key_reason(['entity_code', 'indicator_code', 'target_year']) }} as duplicate_reason
    from flagged
)

select
    *,
    coalesce(
        duplicate_reason,
        case when target_year is null then 'anno del target ''' || coalesce(target_year_raw, '') || ''' non è nel formato aaaa' end,
        parse_error
    ) as quarantine_reason,
    -- The check catalogue's rule the quarantine falls under (seeds/catalogue/check_catalogue.csv).
    case
        when duplicate_reason is not null then 'targets.target_unique'
        when target_year is null then 'targets.target_year_valid'
        when parse_error is not null then 'targets.target_well_formed'
    end as quarantine_code
from keyed
