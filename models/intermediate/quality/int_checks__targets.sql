{#- Every target row with what makes it well-formed or not (validated by expectations/targets). -#}
with targets as (
    select * from {{ ref('stg_pira__targets') }}
),

indicators as (
    select
        entity_code,
        indicator_code,
        unit
    from {{ ref('int_indicators__definitions') }}
),

identity_measure_units as (
    -- Single-measure indicators: the unit their measure is extracted in (the rule is judged in int_checks__measure_units).
    select
        entity_code,
        indicator_code,
        max(measure_unit) as measure_unit,
        min(case when is_unit_consistent then 1 else 0 end) = 1 as is_measure_unit_consistent
    from {{ ref('int_checks__measure_units') }}
    group by entity_code, indicator_code
),

assignments as (
    select
        entity_code,
        indicator_code,
        max(weight_pct) as max_weight_pct,
        min(cycle_start_year) as cycle_start_year,
        max(cycle_end_year) as cycle_end_year
    from {{ ref('int_plan__assignments') }}
    group by entity_code, indicator_code
)

select
    targets.entity_code,
    targets.indicator_code,
    targets.target_year_raw,
    targets.target_year,
    targets.source_row,
    targets.target_raw,
    targets.target_operator,
    targets.target_value,
    targets.target_unit,
    targets.target_date,
    indicators.unit as indicator_unit,
    identity_measure_units.measure_unit,
    assignments.max_weight_pct,
    targets.parse_error,
    targets.duplicate_reason,
    targets.parse_error is null as is_well_formed,
    targets.duplicate_reason is null as is_unique,
    indicators.indicator_code is not null as is_for_known_indicator,
    case when targets.target_unit is null or indicators.unit is null then true
        else targets.target_unit = indicators.unit
    end as is_unit_consistent,
    coalesce(identity_measure_units.is_measure_unit_consistent, true) as is_measure_unit_consistent,
    case
        when targets.target_operator != 'by_date' or targets.target_date is null
            or assignments.cycle_start_year is null then true
        else cast(extract(year from targets.target_date) as integer)
            between assignments.cycle_start_year and assignments.cycle_end_year
    end as is_deadline_in_cycle,
    not(targets.target_operator = 'nd' and coalesce(assignments.max_weight_pct, 0) > 0) as is_nd_only_on_monitoring
from targets
left join indicators
    on targets.entity_code = indicators.entity_code and targets.indicator_code = indicators.indicator_code
left join assignments
    on targets.entity_code = assignments.entity_code and targets.indicator_code = assignments.indicator_code
left join identity_measure_units
    on targets.entity_code = identity_measure_units.entity_code
        and targets.indicator_code = identity_measure_units.indicator_code
