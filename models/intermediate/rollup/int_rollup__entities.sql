{#-
    Entity figures per period: overall_pct rolls the areas up (weighted where the plan weighs them,
    plain mean where it does not); operational_objectives_pct is the plain mean of all operational
    objectives (Ferrara's "Totale raggiungimento obiettivi operativi").
-#}
with objectives as (
    select * from {{ ref('int_rollup__objectives') }}
),

areas as (
    select * from objectives
    where node_level = 'area'
),

operational as (
    select
        entity_code,
        period,
        {{ clean_pct('avg(' ~ rounded_child_pct('achievement_pct') ~ ')') }} as operational_objectives_pct,
        count(*) as operational_objective_count,
        count(achievement_pct) as evaluated_operational_objective_count
    from objectives
    where node_level = 'operational_objective'
    group by entity_code, period
),

indicators as (
    select
        entity_code,
        period,
        count(*) as indicator_count,
        sum(case when is_evaluated then 1 else 0 end) as evaluated_indicator_count
    from {{ ref('int_indicators__results') }}
    group by entity_code, period
),

overall as (
    select
        entity_code,
        period,
        {{ clean_pct(
            'sum(case when achievement_pct is not null then rollup_weight * ' ~ rounded_child_pct('achievement_pct') ~ ' end)
            / nullif(sum(case when achievement_pct is not null then rollup_weight end), 0)'
        ) }} as overall_pct,
        max(case when weighting = 'weighted' then 1 else 0 end) = 1 as has_area_weights,
        count(*) as area_count,
        count(achievement_pct) as evaluated_area_count
    from areas
    group by entity_code, period
)

select
    periods.entity_code,
    periods.period,
    periods.period_year,
    periods.period_quarter,
    periods.period_type,
    overall.overall_pct,
    operational.operational_objectives_pct,
    case when overall.has_area_weights then 'weighted' else 'plain_mean' end as overall_method,
    coalesce(overall.area_count, 0) as area_count,
    coalesce(overall.evaluated_area_count, 0) as evaluated_area_count,
    coalesce(operational.operational_objective_count, 0) as operational_objective_count,
    coalesce(operational.evaluated_operational_objective_count, 0) as evaluated_operational_objective_count,
    coalesce(indicators.indicator_count, 0) as indicator_count,
    coalesce(indicators.evaluated_indicator_count, 0) as evaluated_indicator_count
from {{ ref('int_plan__periods') }} as periods
left join overall
    on periods.entity_code = overall.entity_code and periods.period = overall.period
left join operational
    on periods.entity_code = operational.entity_code and periods.period = operational.period
left join indicators
    on periods.entity_code = indicators.entity_code and periods.period = indicators.period
