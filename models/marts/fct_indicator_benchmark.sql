{#-
    The same indicator across chambers, like for like: codes that match once their separators are
    unified (C1.1_07 = C1.1.07), the same period (a year with the same year, a quarter's year to
    date with the same quarter of the same year), real data with real data and synthetic with
    synthetic (an indicator is synthetic when a measure behind it is). Each entity's position
    among the entities compared (1 = best achievement); an entity with no peer is not listed.
-#}
with run_periods as (
    select distinct period
    from {{ ref('int_plan__periods') }}
),

indicator_periods as (
    select distinct
        results.entity_code,
        results.period,
        results.period_type,
        results.indicator_code,
        upper({{ regex_replace_all('results.indicator_code', '[ ._-]+', '_') }}) as benchmark_code,
        results.actual_value,
        results.actual_unit,
        results.achievement_pct,
        results.is_synthetic
    -- The fact mart holds every period computed so far; the run's periods are compared again, and
    -- replace their earlier comparison whole (incremental by period: the others are kept).
    from {{ ref('fct_indicator_results') }} as results
    inner join run_periods
        on results.period = run_periods.period
    where results.is_evaluated
),

-- Grouped, not a distinct window count: Spark has no count(distinct) over a window.
entity_counts as (
    select
        benchmark_code,
        period,
        is_synthetic,
        count(distinct entity_code) as entity_count
    from indicator_periods
    group by benchmark_code, period, is_synthetic
),

shared as (
    select
        indicator_periods.*,
        entity_counts.entity_count
    from indicator_periods
    inner join entity_counts
        on indicator_periods.benchmark_code = entity_counts.benchmark_code
            and indicator_periods.period = entity_counts.period
            and indicator_periods.is_synthetic = entity_counts.is_synthetic
)

select
    cast(benchmark_code as {{ dbt.type_string() }}) as benchmark_code,
    cast(entity_code as {{ dbt.type_string() }}) as entity_code,
    cast(period as {{ dbt.type_string() }}) as period,
    cast(period_type as {{ dbt.type_string() }}) as period_type,
    cast(indicator_code as {{ dbt.type_string() }}) as indicator_code,
    cast(actual_value as double) as actual_value,
    cast(actual_unit as {{ dbt.type_string() }}) as actual_unit,
    cast(achievement_pct as double) as achievement_pct,
    cast(rank() over (partition by benchmark_code, period, is_synthetic order by achievement_pct desc) as integer) as position,
    cast(count(*) over (partition by benchmark_code, period, is_synthetic) as integer) as peer_count,
    cast(entity_count as integer) as entity_count,
    cast(avg(achievement_pct) over (partition by benchmark_code, period, is_synthetic) as double) as peer_mean_achievement_pct,
    cast(is_synthetic as boolean) as is_synthetic,
    {{ reported_decimal('actual_value') }} as actual_value_reported,
    {{ reported_decimal('achievement_pct') }} as achievement_pct_reported,
    {{ reported_decimal('avg(achievement_pct) over (partition by benchmark_code, period, is_synthetic)') }} as peer_mean_achievement_pct_reported,
    {{ period_end_date('period') }} as period_end_date,
    {{ reported_fraction('achievement_pct') }} as achievement_fraction
from shared
where entity_count > 1
{{ cluster_rows_by(['period']) }}
