{#- After neutralisation an objective is either evaluated on an evaluated weight > 0, or marked not evaluated. -#}
select
    entity_code,
    period,
    node_code,
    node_level,
    achievement_pct,
    evaluated_weight_pct,
    not_evaluated_reason,
    case
        when achievement_pct is not null then evaluated_weight_pct > 0
        else not_evaluated_reason is not null
    end as is_consistently_neutralised
from {{ ref('int_rollup__objectives') }}
