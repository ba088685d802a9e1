{#-
    The figures of closed periods as the result marts hold them now, one row per entity, period,
    level, node and indicator, with a fingerprint of the figures: what marts.fct_published_results_history
    publishes as a version and what int_checks__closed_periods compares with the latest version.
-#}
with figures as (
    select
        entity_code,
        period,
        'entity' as result_level,
        cast(null as {{ dbt.type_string() }}) as node_code,
        cast(null as {{ dbt.type_string() }}) as indicator_code,
        overall_pct_reported as achievement_pct_reported,
        operational_objectives_pct_reported,
        cast(null as decimal(38, 2)) as actual_value_reported,
        traffic_light
    from {{ ref('fct_entity_results') }}
    union all
    select
        entity_code,
        period,
        'objective' as result_level,
        node_code,
        cast(null as {{ dbt.type_string() }}) as indicator_code,
        achievement_pct_reported,
        cast(null as decimal(38, 2)) as operational_objectives_pct_reported,
        cast(null as decimal(38, 2)) as actual_value_reported,
        traffic_light
    from {{ ref('fct_objective_results') }}
    union all
    select
        entity_code,
        period,
        'indicator' as result_level,
        node_code,
        indicator_code,
        achievement_pct_reported,
        cast(null as decimal(38, 2)) as operational_objectives_pct_reported,
        actual_value_reported,
        traffic_light
    from {{ ref('fct_indicator_results') }}
)

select
    figures.entity_code,
    figures.period,
    figures.result_level,
    figures.node_code,
    figures.indicator_code,
    figures.achievement_pct_reported,
    figures.operational_objectives_pct_reported,
    figures.actual_value_reported,
    figures.traffic_light,
    closures.closed_on,
    {{ dbt.hash(dbt.concat([
        "coalesce(cast(figures.achievement_pct_reported as " ~ dbt.type_string() ~ "), '')", "'|'",
        "coalesce(cast(figures.operational_objectives_pct_reported as " ~ dbt.type_string() ~ "), '')", "'|'",
        "coalesce(cast(figures.actual_value_reported as " ~ dbt.type_string() ~ "), '')", "'|'",
        "coalesce(figures.traffic_light, '')"
    ])) }} as figures_fingerprint
from figures
inner join {{ ref('int_signoff__closures') }} as closures
    on figures.entity_code = closures.entity_code
        and figures.period = closures.period
