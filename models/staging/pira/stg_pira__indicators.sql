with parsed as (
    select
        {{ normalise_code('entity_code') }} as entity_code,
        cast(source_row as integer) as source_row,
        {{ normalise_code('indicator_code') }} as indicator_code,
        trim(indicator_name) as indicator_name,
        trim(algorithm_text) as algorithm_text,
        nullif(trim(formula_as_printed), '') as formula_as_printed,
        -- An indicator printed without a measure expression is read as its own measure (flagged in quality issues).
        coalesce(nullif(trim(formula), ''), '[' || {{ normalise_code('indicator_code') }} || ']') as formula,
        nullif(trim(formula), '') is null as is_formula_defaulted,
        nullif(trim(unit), '') as unit
    from {{ raw_table('raw_indicators') }}
),

flagged as (
    select
        *,
        -- Rows with a quarantine_reason are kept here and in the quarantine mart, never used downstream.
        {{ duplicate_key_reason(['entity_code', 'indicator_code']) }} as duplicate_reason,
        case
            when indicator_code is null then 'indicator_code'
            -- The units of the methodology (and of the BI contract, dim_indicator.unit): another one
            -- would be computed by guess, so the indicator is left out, named, and the rest flows.
            when unit is not null and not {{ regex_matches('unit', unit_pattern() ~ '|date') }} then 'unit'
        end as parse_error_field
    from parsed
),

described as (
    select
        *,
        case parse_error_field
            when 'indicator_code' then 'codice di indicatore vuoto'
            when 'unit' then 'unità ''' || unit || ''' non prevista: N., %, €, gg, fte o date (unit)'
        end as parse_error
    from flagged
)

select
    *,
    case when duplicate_reason is not null then 'indicator_code' else parse_error_field end as quarantine_field,
    coalesce(duplicate_reason, parse_error) as quarantine_reason,
    case
        when duplicate_reason is not null then 'indicators.indicator_code_unique'
        when parse_error_field = 'indicator_code' then 'indicators.indicator_code_present'
        when parse_error_field = 'unit' then 'indicators.indicator_unit_known'
    end as quarantine_code
from described
