{#-
    Indicator results; beside the unrounded figures, the figures as the reports print them (DECIMAL, half-up).
    The traffic light uses the indicator's bands in force (dim_indicator shows them).
-#}
with results as (
    select
        *,
        {{ traffic_light('achievement_pct', 'green_from_pct', 'amber_from_pct') }} as traffic_light
    from {{ ref('int_indicators__results') }}
)

select
    cast(results.entity_code as {{ dbt.type_string() }}) as entity_code,
    cast(results.period as {{ dbt.type_string() }}) as period,
    cast(results.period_type as {{ dbt.type_string() }}) as period_type,
    cast(results.cycle as {{ dbt.type_string() }}) as cycle,
    cast(results.node_code as {{ dbt.type_string() }}) as node_code,
    cast(results.indicator_code as {{ dbt.type_string() }}) as indicator_code,
    cast(results.weight_pct as double) as weight_pct,
    cast(results.actual_value as double) as actual_value,
    cast(results.actual_unit as {{ dbt.type_string() }}) as actual_unit,
    cast(results.actual_date as date) as actual_date,
    cast(results.target_raw as {{ dbt.type_string() }}) as target_raw,
    cast(results.target_operator as {{ dbt.type_string() }}) as target_operator,
    cast(results.target_value as double) as target_value,
    cast(results.target_unit as {{ dbt.type_string() }}) as target_unit,
    cast(results.target_date as date) as target_date,
    cast(results.achievement_pct as double) as achievement_pct,
    cast(results.is_evaluated as boolean) as is_evaluated,
    cast(results.not_evaluated_reason as {{ dbt.type_string() }}) as not_evaluated_reason,
    cast(results.evaluation_note as {{ dbt.type_string() }}) as evaluation_note,
    cast(results.traffic_light as {{ dbt.type_string() }}) as traffic_light,
    cast(results.is_overridden as boolean) as is_overridden,
    cast(results.override_field as {{ dbt.type_string() }}) as override_field,
    cast(results.override_justification as {{ dbt.type_string() }}) as override_justification,
    cast(results.override_decided_by as {{ dbt.type_string() }}) as override_decided_by,
    cast(results.original_actual_value as double) as original_actual_value,
    cast(results.original_achievement_pct as double) as original_achievement_pct,
    cast(results.source_row as integer) as source_row,
    {{ reported_decimal('results.weight_pct') }} as weight_pct_reported,
    {{ reported_decimal('results.actual_value') }} as actual_value_reported,
    {{ reported_decimal('results.achievement_pct') }} as achievement_pct_reported,
    {{ reported_decimal('results.original_achievement_pct') }} as original_achievement_pct_reported,
    cast(labels.label_it as {{ dbt.type_string() }}) as traffic_light_label,
    cast(results.is_synthetic as boolean) as is_synthetic,
    {{ period_end_date('results.period') }} as period_end_date,
    {{ reported_fraction('results.achievement_pct') }} as achievement_fraction
from results
left join {{ ref('dim_status') }} as labels
    on labels.status_kind = 'traffic_light'
        and results.traffic_light = labels.code
{{ cluster_rows_by(['period']) }}
