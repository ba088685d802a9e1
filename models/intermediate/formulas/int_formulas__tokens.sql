{#-
    Every formula of a usable indicator (quarantined definitions left out here, once) cut into
    tokens, one row per token, classified. Formulas are data: never compiled into SQL.
-#}
with definitions as (
    select
        entity_code,
        indicator_code,
        coalesce(formula, '') as formula
    from {{ ref('stg_pira__indicators') }}
    where quarantine_reason is null
),

tokens as (
    {{ explode_regex_matches('definitions', ['entity_code', 'indicator_code', 'formula'], 'formula', formula_token_pattern()) }}
)

select
    entity_code,
    indicator_code,
    formula,
    token_position,
    token,
    case
        when {{ regex_matches('token', bracketed_code_pattern()) }} then 'code'
        when upper(token) in ('{{ formula_forbidden_words() | join("', '") }}') then 'forbidden_word'
        when {{ regex_matches('token', '[A-Za-z_][A-Za-z0-9_.]*') }} then 'code'
        when {{ regex_matches('token', '[0-9]+([.,][0-9]+)?') }} then 'number'
        when token in ('+', '-') then 'additive'
        when token in ('*', '/') then 'multiplicative'
        when token = '(' then 'open'
        when token = ')' then 'close'
        else 'invalid'
    end as token_kind,
    case
        when {{ regex_matches('token', bracketed_code_pattern()) }}
            then trim(substr(token, 2, {{ dbt.length('token') }} - 2))
        when {{ regex_matches('token', '[A-Za-z_][A-Za-z0-9_.]*') }}
            and upper(token) not in ('{{ formula_forbidden_words() | join("', '") }}') then token
    end as measure_code,
    case when {{ regex_matches('token', '[0-9]+([.,][0-9]+)?') }}
            then cast(replace(token, ',', '.') as double)
    end as number_value
from tokens
where trim(token) != ''
