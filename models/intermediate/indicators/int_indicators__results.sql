{#-
    One row per entity, period, plan node and indicator it scores: value, target, achievement, or
    the reason why not. Data-team overrides apply here; the original value and achievement stay beside.
-#}
{%- set missing_data_policy = var('missing_data_policy', 'neutralise') -%}
{%- if missing_data_policy not in ['neutralise', 'zero'] -%}
    {{ exceptions.raise_compiler_error("var missing_data_policy must be 'neutralise' or 'zero', not '" ~ missing_data_policy ~ "'") }}
{%- endif -%}
{#- The scoring rule in force per indicator (int_scoring__rules): cap, late deadline, missing data. -#}

with assignments as (
    select * from {{ ref('int_plan__assignments') }}
),

overrides as (
    select * from {{ ref('int_overrides__checked') }}
    where quarantine_reason is null
),

joined as (
    select
        assignments.entity_code,
        periods.period,
        periods.period_year,
        periods.period_type,
        assignments.cycle,
        assignments.node_code,
        assignments.indicator_code,
        assignments.source_row,
        assignments.weight_pct,
        assignments.rollup_weight,
        values_.actual_value as computed_actual_value,
        values_.actual_unit,
        values_.actual_date,
        values_.not_evaluated_reason as computed_value_problem,
        coalesce(values_.measure_terms_read, 0) as measure_terms_read,
        coalesce(values_.usable_measure_count, 0) as usable_measure_count,
        coalesce(values_.unusable_measure_count, 0) as unusable_measure_count,
        coalesce(values_.is_synthetic, false) as is_synthetic,
        targets.target_raw,
        targets.target_operator,
        targets.target_value,
        targets.target_unit,
        targets.target_date,
        targets.target_problem,
        overrides.override_field,
        overrides.override_value,
        overrides.justification as override_justification,
        overrides.decided_by as override_decided_by,
        definitions.indicator_code is not null as is_defined,
        targets.indicator_code is not null as has_target,
        rules.green_from_pct,
        rules.amber_from_pct,
        rules.cap_pct,
        rules.late_deadline_policy,
        rules.late_deadline_decay_days,
        coalesce(rules.missing_data_policy, '{{ missing_data_policy }}') as missing_data_policy,
        coalesce(rules.scoring_rule_source, 'predefinita') as scoring_rule_source
    from assignments
    inner join {{ ref('int_plan__periods') }} as periods
        on assignments.entity_code = periods.entity_code
            and periods.period_year between assignments.cycle_start_year and assignments.cycle_end_year
    left join {{ ref('int_indicators__definitions') }} as definitions
        on assignments.entity_code = definitions.entity_code
            and assignments.indicator_code = definitions.indicator_code
    left join {{ ref('int_indicators__values') }} as values_
        on assignments.entity_code = values_.entity_code
            and periods.period = values_.period
            and assignments.indicator_code = values_.indicator_code
    left join {{ ref('int_targets__by_year') }} as targets
        on assignments.entity_code = targets.entity_code
            and assignments.indicator_code = targets.indicator_code
            and periods.period_year = targets.target_year
    left join {{ ref('int_scoring__rules') }} as rules
        on assignments.entity_code = rules.entity_code
            and assignments.indicator_code = rules.indicator_code
    left join overrides
        on assignments.entity_code = overrides.entity_code
            and periods.period = overrides.period
            and assignments.indicator_code = overrides.indicator_code
            and (overrides.node_code is null or assignments.node_code = overrides.node_code)
),

with_overridden_value as (
    select
        *,
        case when override_field = 'actual_value' then override_value else computed_actual_value end as actual_value,
        case when override_field = 'actual_value' then null else computed_value_problem end as value_problem
    from joined
),

reasons as (
    select
        *,
        {{ indicator_not_evaluated_reason('computed_value_problem') }} as computed_reason,
        {{ indicator_not_evaluated_reason('value_problem') }} as reason
    from with_overridden_value
),

scored as (
    select
        *,
        {{ indicator_achievement_ratio('computed_reason', 'computed_value_problem', 'computed_actual_value') }}
            as computed_achievement_ratio,
        case when override_field = 'achievement_pct' then override_value / 100.0
            else {{ indicator_achievement_ratio('reason', 'value_problem', 'actual_value') }}
        end as achievement_ratio
    from reasons
)

select
    entity_code,
    period,
    period_year,
    period_type,
    cycle,
    node_code,
    indicator_code,
    source_row,
    weight_pct,
    rollup_weight,
    actual_value,
    actual_unit,
    actual_date,
    target_raw,
    target_operator,
    target_value,
    target_unit,
    target_date,
    {{ clean_pct('achievement_ratio * 100') }} as achievement_pct,
    achievement_ratio is not null as is_evaluated,
    case when achievement_ratio is null then coalesce(reason, computed_reason) end as not_evaluated_reason,
    case when achievement_ratio is not null and reason is not null
            then 'valutato 0 per la regola missing_data_policy: ' || reason
    end as evaluation_note,
    override_field is not null as is_overridden,
    override_field,
    override_justification,
    override_decided_by,
    computed_actual_value as original_actual_value,
    {{ clean_pct('computed_achievement_ratio * 100') }} as original_achievement_pct,
    computed_reason as original_not_evaluated_reason,
    green_from_pct,
    amber_from_pct,
    cap_pct,
    late_deadline_policy,
    late_deadline_decay_days,
    missing_data_policy,
    scoring_rule_source,
    measure_terms_read,
    usable_measure_count,
    unusable_measure_count,
    is_synthetic
from scored
