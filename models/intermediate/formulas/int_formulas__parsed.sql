{#-
    One row per indicator formula: accepted, or rejected with the first problem found, in Italian words (reports print it).
    Accepted shape: (± k·m ± …) [/ (± k·m ± …)], a term being a measure, a number or a number times a
    measure; parentheses may enclose a whole numerator or denominator.
-#}
with structure as (
    select * from {{ ref('int_formulas__token_structure') }}
),

token_problems as (
    select
        entity_code,
        indicator_code,
        token_position,
        case
            when token_kind = 'invalid'
                then 'carattere non ammesso in una formula: ''' || token || ''''
            when token_kind = 'forbidden_word'
                then 'parola chiave SQL non ammessa in una formula: ''' || token || ''''
            when depth_after < 0 then 'parentesi non bilanciate: '')'' senza ''('''
            when depth_after > 1 then 'parentesi annidate non ammesse'
            when token = '/' and depth_before > 0 then 'divisione tra parentesi non ammessa'
            when is_main_division and main_divisions_before > 0 then 'più di una divisione principale'
            when is_operand and previous_kind_on_side in ('code', 'number')
                then 'due operandi senza operatore tra loro: '''
                    || previous_token_on_side || ''' e ''' || token || ''''
            when is_main_division then null
            when token_kind in ('additive', 'multiplicative') and next_kind_on_side is null
                then 'all''operatore ''' || token || ''' manca l''operando di destra'
            when token_kind = 'multiplicative' and coalesce(previous_kind_on_side, 'none') not in ('code', 'number')
                then 'all''operatore ''' || token || ''' manca l''operando di sinistra'
            when token_kind = 'additive' and previous_kind_on_side in ('additive', 'multiplicative')
                then 'due operatori di seguito prima di ''' || token || ''''
        end as problem
    from structure
),

first_token_problem as (
    select
        entity_code,
        indicator_code,
        problem,
        row_number() over (partition by entity_code, indicator_code order by token_position) as problem_rank
    from token_problems
    where problem is not null
),

side_shapes as (
    select
        entity_code,
        indicator_code,
        side,
        sum(case when is_operand then 1 else 0 end) as operand_count,
        min(case when is_operand then depth_before end) as min_operand_depth,
        max(case when is_operand then depth_before end) as max_operand_depth
    from structure
    where not is_main_division
    group by entity_code, indicator_code, side
),

term_shapes as (
    select
        entity_code,
        indicator_code,
        max(case when token_kind = 'code' then 1 else 0 end) as has_code,
        sum(case when token_kind = 'code' then 1 else 0 end) as code_count,
        sum(case when token_kind = 'number' then 1 else 0 end) as number_count
    from structure
    where is_operand
    group by entity_code, indicator_code, side, term_number
),

definitions as (
    -- Every usable definition has at least one token (an empty formula reads as its own measure).
    select distinct
        entity_code,
        indicator_code,
        formula
    from structure
),

token_counts as (
    select
        entity_code,
        indicator_code,
        count(*) as token_count,
        sum(case token_kind when 'open' then 1 when 'close' then -1 else 0 end) as final_depth,
        max(case when is_main_division then 1 else 0 end) = 1 as has_division
    from structure
    group by entity_code, indicator_code
),

term_counts as (
    select
        entity_code,
        indicator_code,
        max(code_count) as max_codes_per_term,
        max(number_count) as max_numbers_per_term,
        sum(has_code) as measure_term_count,
        count(*) as term_count
    from term_shapes
    group by entity_code, indicator_code
),

formula_shapes as (
    select
        definitions.entity_code,
        definitions.indicator_code,
        definitions.formula,
        denominator.operand_count as denominator_operands,
        coalesce(tokens.token_count, 0) as token_count,
        coalesce(tokens.final_depth, 0) as final_depth,
        coalesce(tokens.has_division, false) as has_denominator,
        coalesce(numerator.operand_count, 0) as numerator_operands,
        coalesce(numerator.max_operand_depth != numerator.min_operand_depth, false)
        or coalesce(denominator.max_operand_depth != denominator.min_operand_depth, false) as mixes_depths,
        coalesce(terms.max_codes_per_term, 0) as max_codes_per_term,
        coalesce(terms.max_numbers_per_term, 0) as max_numbers_per_term,
        coalesce(terms.measure_term_count, 0) as measure_term_count,
        coalesce(terms.term_count, 0) as term_count
    from definitions
    left join token_counts as tokens
        on definitions.entity_code = tokens.entity_code and definitions.indicator_code = tokens.indicator_code
    left join side_shapes as numerator
        on definitions.entity_code = numerator.entity_code
            and definitions.indicator_code = numerator.indicator_code
            and numerator.side = 'numerator'
    left join side_shapes as denominator
        on definitions.entity_code = denominator.entity_code
            and definitions.indicator_code = denominator.indicator_code
            and denominator.side = 'denominator'
    left join term_counts as terms
        on definitions.entity_code = terms.entity_code and definitions.indicator_code = terms.indicator_code
),

rejections as (
    select
        shapes.entity_code,
        shapes.indicator_code,
        case
            when shapes.token_count = 0 then 'formula assente'
            when problems.problem is not null then problems.problem
            when shapes.final_depth != 0 then 'parentesi non bilanciate: ''('' non chiusa'
            when shapes.numerator_operands = 0 then 'il numeratore è vuoto'
            when shapes.has_denominator and coalesce(shapes.denominator_operands, 0) = 0
                then 'il denominatore è vuoto'
            when shapes.mixes_depths then 'le parentesi devono racchiudere un intero numeratore o denominatore'
            when shapes.max_codes_per_term > 1 then 'il prodotto di due misure non è ammesso'
            when shapes.max_numbers_per_term > 1 then 'il prodotto di due numeri non è ammesso'
        end as rejection_reason
    from formula_shapes as shapes
    left join first_token_problem as problems
        on shapes.entity_code = problems.entity_code
            and shapes.indicator_code = problems.indicator_code
            and problems.problem_rank = 1
)

select
    shapes.entity_code,
    shapes.indicator_code,
    shapes.formula,
    shapes.has_denominator,
    shapes.term_count,
    shapes.measure_term_count,
    rejection.rejection_reason,
    rejection.rejection_reason is null as is_valid
from formula_shapes as shapes
inner join rejections as rejection
    on shapes.entity_code = rejection.entity_code and shapes.indicator_code = rejection.indicator_code
