{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key=['entity_code', 'period'],
        on_schema_change='append_new_columns',
    )
}}
{#- Incremental by period: a run for some periods (var periods) replaces those and keeps the others. -#}

select
    cast(entity_code as varchar) as entity_code,
    cast(period as varchar) as period,
    cast(period_type as varchar) as period_type,
    cast(cycle as varchar) as cycle,
    cast(node_code as varchar) as node_code,
    cast(indicator_code as varchar) as indicator_code,
    cast(weight_pct as double) as weight_pct,
    cast(actual_value as double) as actual_value,
    cast(actual_unit as varchar) as actual_unit,
    cast(actual_date as date) as actual_date,
    cast(target_raw as varchar) as target_raw,
    cast(target_operator as varchar) as target_operator,
    cast(target_value as double) as target_value,
    cast(target_unit as varchar) as target_unit,
    cast(target_date as date) as target_date,
    cast(achievement_pct as double) as achievement_pct,
    cast(is_evaluated as boolean) as is_evaluated,
    cast(not_evaluated_reason as varchar) as not_evaluated_reason,
    cast(evaluation_note as varchar) as evaluation_note,
    cast({{ traffic_light('achievement_pct') }} as varchar) as traffic_light,
    cast(is_overridden as boolean) as is_overridden,
    cast(override_field as varchar) as override_field,
    cast(override_justification as varchar) as override_justification,
    cast(override_decided_by as varchar) as override_decided_by,
    cast(original_actual_value as double) as original_actual_value,
    cast(original_achievement_pct as double) as original_achievement_pct,
    cast(source_row as integer) as source_row
from {{ ref('int_indicators__results') }}
