{#- Every weight the plan prints, on a node or on an indicator of a node: a weight is never negative (validated by expectations/weight_values). -#}
select
    entity_code,
    cycle,
    'node' as child_kind,
    node_code,
    '(node)' as indicator_code,
    source_row,
    weight_raw,
    weight_pct,
    coalesce(weight_pct >= 0, true) as is_weight_non_negative
from {{ ref('int_plan__nodes') }}
union all
select
    entity_code,
    cycle,
    'indicator' as child_kind,
    node_code,
    indicator_code,
    source_row,
    weight_raw,
    weight_pct,
    coalesce(weight_pct >= 0, true) as is_weight_non_negative
from {{ ref('int_plan__assignments') }}
