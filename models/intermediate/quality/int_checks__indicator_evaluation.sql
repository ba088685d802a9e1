{#- Scored indicator rows that could not be evaluated, with the reason (published neutralised, but said). -#}
select
    entity_code,
    period,
    node_code,
    indicator_code,
    weight_pct,
    not_evaluated_reason,
    is_evaluated or coalesce(weight_pct, 0) = 0 as is_scored_and_evaluated
from {{ ref('int_indicators__results') }}
