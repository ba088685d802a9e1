with quality as (
    select
        entity_code,
        count(*) as issue_count
    from {{ ref('int_quality__issues') }}
    where severity in ('error', 'warning')
    group by entity_code
),

overrides as (
    select
        entity_code,
        period,
        count(*) as overridden_indicator_count
    from {{ ref('int_indicators__results') }}
    where is_overridden
    group by entity_code, period
),

synthetic as (
    select
        entity_code,
        period,
        count(distinct source) as synthetic_source_count
    from {{ ref('fct_indicator_measure_values') }}
    where is_synthetic
    group by entity_code, period
)

select
    cast(entities.entity_code as {{ dbt.type_string() }}) as entity_code,
    cast(entities.period as {{ dbt.type_string() }}) as period,
    cast(entities.period_type as {{ dbt.type_string() }}) as period_type,
    cast(entities.period_year as integer) as period_year,
    cast(entities.period_quarter as integer) as period_quarter,
    cast(entities.overall_pct as double) as overall_pct,
    cast(entities.overall_method as {{ dbt.type_string() }}) as overall_method,
    cast(entities.operational_objectives_pct as double) as operational_objectives_pct,
    cast(entities.area_count as integer) as area_count,
    cast(entities.evaluated_area_count as integer) as evaluated_area_count,
    cast(entities.operational_objective_count as integer) as operational_objective_count,
    cast(entities.evaluated_operational_objective_count as integer) as evaluated_operational_objective_count,
    cast(entities.indicator_count as integer) as indicator_count,
    cast(entities.evaluated_indicator_count as integer) as evaluated_indicator_count,
    cast(coalesce(overrides.overridden_indicator_count, 0) as integer) as overridden_indicator_count,
    cast(coalesce(quality.issue_count, 0) as integer) as data_quality_issue_count,
    cast({{ traffic_light('entities.overall_pct', 'rules.green_from_pct', 'rules.amber_from_pct') }} as {{ dbt.type_string() }}) as traffic_light,
    {{ reported_decimal('entities.overall_pct') }} as overall_pct_reported,
    {{ reported_decimal('entities.operational_objectives_pct') }} as operational_objectives_pct_reported,
    cast(labels.label_it as {{ dbt.type_string() }}) as traffic_light_label,
    cast(synthetic.entity_code is not null as boolean) as has_synthetic_data,
    {{ period_end_date('entities.period') }} as period_end_date,
    {{ reported_fraction('entities.overall_pct') }} as overall_fraction,
    {{ reported_fraction('entities.operational_objectives_pct') }} as operational_objectives_fraction
from {{ ref('int_rollup__entities') }} as entities
left join {{ ref('int_scoring__plan_rules') }} as rules
    on entities.entity_code = rules.entity_code
left join {{ ref('dim_status') }} as labels
    on labels.status_kind = 'traffic_light'
        and {{ traffic_light('entities.overall_pct', 'rules.green_from_pct', 'rules.amber_from_pct') }} = labels.code
left join synthetic
    on entities.entity_code = synthetic.entity_code
        and entities.period = synthetic.period
left join quality
    on entities.entity_code = quality.entity_code
left join overrides
    on entities.entity_code = overrides.entity_code
        and entities.period = overrides.period
{{ cluster_rows_by(['period']) }}
