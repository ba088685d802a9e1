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
        case when indicator_code is null then 'codice di indicatore vuoto' end as parse_error
    from parsed
)

select
    *,
    {{ quarantine_columns('indicators.indicator_code_unique', 'indicators.indicator_code_present') }}
from flagged
