{#-
    Accepted formulas as term rows: value = Σ numerator terms / Σ denominator terms, term = sign ·
    coefficient · measure. A sign in front of a bracketed group applies to every term inside it.
-#}
with group_signs as (
    select
        entity_code,
        indicator_code,
        group_number + 1 as group_number,
        case when token = '-' then -1 else 1 end as group_sign
    from {{ ref('int_formulas__token_structure') }}
    where is_group_sign
),

operands as (
    select structure.*
    from {{ ref('int_formulas__token_structure') }} as structure
    inner join {{ ref('int_formulas__parsed') }} as parsed
        on structure.entity_code = parsed.entity_code
            and structure.indicator_code = parsed.indicator_code
    where parsed.is_valid and structure.is_operand
),

signed as (
    select
        operands.*,
        case when operands.depth_before > 0 then coalesce(group_signs.group_sign, 1) else 1 end as group_sign
    from operands
    left join group_signs
        on operands.entity_code = group_signs.entity_code
            and operands.indicator_code = group_signs.indicator_code
            and operands.group_number = group_signs.group_number
)

select
    entity_code,
    indicator_code,
    side,
    term_number,
    -- The sign is the '+' or '-' that opens the term (none: '+'; the group's sign outside its
    -- parentheses is not the first term's own), times the sign of its bracketed group.
    max(case when coalesce(previous_kind_on_side, 'additive') = 'additive'
            then case when previous_token_on_side = '-' and not coalesce(previous_is_group_sign, false)
                        then -1
                    else 1
                end
    end) * max(group_sign) as term_sign,
    coalesce(max(number_value), 1) as coefficient,
    max(measure_code) as measure_code
from signed
group by entity_code, indicator_code, side, term_number
