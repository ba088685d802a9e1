{#-
    The scoring rule in force per entity and indicator, field by field: the indicator's row, else the
    plan's row, else the dbt vars (dbt_project.yml). scoring_rule_source names the most specific level
    with a row: 'indicatore', 'piano' or 'predefinita'. Quarantined rule rows apply nowhere.
-#}
{%- set cap = var('achievement_cap_pct', 100) -%}

with rules as (
    select * from {{ ref('int_scoring__rules_checked') }}
    where quarantine_reason is null
),

plan_rules as (
    select * from rules
    where indicator_code is null
),

indicator_rules as (
    select * from rules
    where indicator_code is not null
),

indicators as (
    {{ scoring_rule_indicators() }}
)

select
    indicators.entity_code,
    indicators.indicator_code,
    coalesce(indicator_rules.green_from_pct, plan_rules.green_from_pct, {{ var('traffic_light_green_from_pct', 90) }})
        as green_from_pct,
    coalesce(indicator_rules.amber_from_pct, plan_rules.amber_from_pct, {{ var('traffic_light_amber_from_pct', 60) }})
        as amber_from_pct,
    cast(coalesce(indicator_rules.cap_pct, plan_rules.cap_pct, {{ 'null' if cap is none else cap }}) as double)
        as cap_pct,
    coalesce(indicator_rules.late_deadline_policy, plan_rules.late_deadline_policy, '{{ var('late_deadline_policy', 'zero') }}')
        as late_deadline_policy,
    coalesce(
        indicator_rules.late_deadline_decay_days, plan_rules.late_deadline_decay_days, {{ var('late_deadline_decay_days', 90) }}
    ) as late_deadline_decay_days,
    coalesce(indicator_rules.missing_data_policy, plan_rules.missing_data_policy, '{{ var('missing_data_policy', 'neutralise') }}')
        as missing_data_policy,
    case
        when indicator_rules.source_row is not null then 'indicatore'
        when plan_rules.source_row is not null then 'piano'
        else 'predefinita'
    end as scoring_rule_source,
    coalesce(indicator_rules.decided_by, plan_rules.decided_by) as scoring_rule_decided_by,
    coalesce(indicator_rules.act_reference, plan_rules.act_reference) as scoring_rule_act_reference
from indicators
left join plan_rules
    on indicators.entity_code = plan_rules.entity_code
left join indicator_rules
    on indicators.entity_code = indicator_rules.entity_code
        and indicators.indicator_code = indicator_rules.indicator_code
