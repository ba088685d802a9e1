{#- After neutralisation an objective is either evaluated on an evaluated weight > 0, or marked not evaluated. -#}
with objectives as (
    select * from {{ ref('int_rollup__operational_objectives') }}
    union all
    select * from {{ ref('int_rollup__objective_groups') }}
    union all
    select * from {{ ref('int_rollup__strategic_objectives') }}
    union all
    select * from {{ ref('int_rollup__areas') }}
)

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
from objectives
