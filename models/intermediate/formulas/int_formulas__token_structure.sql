{#-
    Where each token stands: its parenthesis depth, the side of the top-level division it is on
    (numerator or denominator), its neighbours on that side, and the term it belongs to.
-#}
with depths as (
    select
        *,
        coalesce(sum(case token_kind when 'open' then 1 when 'close' then -1 else 0 end) over (
            partition by entity_code, indicator_code order by token_position
            rows between unbounded preceding and 1 preceding
        ), 0) as depth_before
    from {{ ref('int_formulas__tokens') }}
),

sides as (
    select
        *,
        depth_before + case token_kind when 'open' then 1 when 'close' then -1 else 0 end as depth_after,
        token = '/' and depth_before = 0 as is_main_division,
        coalesce(sum(case when token = '/' and depth_before = 0 then 1 else 0 end) over (
            partition by entity_code, indicator_code order by token_position
            rows between unbounded preceding and 1 preceding
        ), 0) as main_divisions_before
    from depths
),

elements as (
    select
        *,
        case when main_divisions_before = 0 then 'numerator' else 'denominator' end as side,
        -- A '+' or '-' right before '(' signs the whole bracketed group: -(A + B) is -A - B.
        token_kind = 'additive'
        and lead(token) over (partition by entity_code, indicator_code order by token_position) = '('
            as is_group_sign,
        -- Which bracketed group a token is in (the count of '(' so far; a sign counts the group it opens).
        sum(case when token_kind = 'open' then 1 else 0 end) over (
            partition by entity_code, indicator_code order by token_position
            rows between unbounded preceding and current row
        ) as group_number,
        -- Parentheses and the main division only frame the sides: neighbours skip them.
        token_kind in ('open', 'close') or is_main_division as is_frame
    from sides
),

neighbours as (
    select
        *,
        case when not is_frame then lag(token_kind) over side_order end as previous_kind_on_side,
        case when not is_frame then lag(token) over side_order end as previous_token_on_side,
        case when not is_frame then lag(is_group_sign) over side_order end as previous_is_group_sign,
        case when not is_frame then lead(token_kind) over side_order end as next_kind_on_side
    from elements
    window side_order as (partition by entity_code, indicator_code, side, is_frame order by token_position)
)

select
    *,
    token_kind in ('code', 'number') as is_operand,
    -- An operand opens a new term unless a '*' or '/' binds it to the operand before.
    case when token_kind in ('code', 'number') then sum(
                case when token_kind in ('code', 'number') and coalesce(previous_kind_on_side, 'additive') = 'additive'
                        then 1
                    else 0
                end
            ) over (
                partition by entity_code, indicator_code, side order by token_position
                rows between unbounded preceding and current row
            )
    end as term_number
from neighbours
