with nodes as (
    select * from {{ ref('int_rollup__objectives') }}
),

overridden as (
    select distinct
        entity_code,
        period,
        node_code
    from {{ ref('int_indicators__results') }}
    where is_overridden
)

select
    cast(nodes.entity_code as {{ dbt.type_string() }}) as entity_code,
    cast(nodes.period as {{ dbt.type_string() }}) as period,
    cast(nodes.cycle as {{ dbt.type_string() }}) as cycle,
    cast(nodes.node_code as {{ dbt.type_string() }}) as node_code,
    cast(nodes.node_level as {{ dbt.type_string() }}) as node_level,
    cast(nodes.parent_code as {{ dbt.type_string() }}) as parent_code,
    cast(nodes.weight_pct as double) as weight_pct,
    cast(nodes.weighting as {{ dbt.type_string() }}) as weighting,
    cast(nodes.achievement_pct as double) as achievement_pct,
    cast(nodes.achievement_pct is not null as boolean) as is_evaluated,
    cast(nodes.not_evaluated_reason as {{ dbt.type_string() }}) as not_evaluated_reason,
    cast(nodes.evaluated_weight_pct as double) as evaluated_weight_pct,
    cast(nodes.child_count as integer) as child_count,
    cast(nodes.evaluated_child_count as integer) as evaluated_child_count,
    cast(nodes.indicator_count as integer) as indicator_count,
    cast(nodes.evaluated_indicator_count as integer) as evaluated_indicator_count,
    cast(overridden.node_code is not null as boolean) as has_overridden_indicator,
    cast({{ traffic_light('nodes.achievement_pct', 'rules.green_from_pct', 'rules.amber_from_pct') }} as {{ dbt.type_string() }}) as traffic_light,
    {{ reported_decimal('nodes.weight_pct') }} as weight_pct_reported,
    {{ reported_decimal('nodes.achievement_pct') }} as achievement_pct_reported,
    cast(labels.label_it as {{ dbt.type_string() }}) as traffic_light_label,
    {{ period_end_date('nodes.period') }} as period_end_date,
    {{ reported_fraction('nodes.achievement_pct') }} as achievement_fraction
from nodes
-- Objectives take their plan's bands (an indicator's own bands colour only that indicator).
left join {{ ref('int_scoring__plan_rules') }} as rules
    on nodes.entity_code = rules.entity_code
left join {{ ref('dim_status') }} as labels
    on labels.status_kind = 'traffic_light'
        and {{ traffic_light('nodes.achievement_pct', 'rules.green_from_pct', 'rules.amber_from_pct') }} = labels.code
left join overridden
    on nodes.entity_code = overridden.entity_code
        and nodes.period = overridden.period
        and nodes.node_code = overridden.node_code
{{ cluster_rows_by(['period']) }}
