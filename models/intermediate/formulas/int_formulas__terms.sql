{#- Accepted formulas as term rows: value = Σ numerator terms / Σ denominator terms, term = sign · coefficient · measure. -#}
with operands as (
    select structure.*
    from {{ ref('int_formulas__token_structure') }} as structure
    inner join {{ ref('int_formulas__parsed') }} as parsed
        on structure.entity_code = parsed.entity_code
        and structure.indicator_code = parsed.indicator_code
    where parsed.is_valid and structure.is_operand
)

select
    entity_code,
    indicator_code,
    side,
    term_number,
    -- The sign is the '+' or '-' that opens the term (none: '+').
    max(case when coalesce(previous_kind_on_side, 'additive') = 'additive'
        then case when previous_token_on_side = '-' then -1 else 1 end end) as term_sign,
    coalesce(max(number_value), 1) as coefficient,
    max(measure_code) as measure_code
from operands
group by entity_code, indicator_code, side, term_number
