{#-
    Scoring-rule rows checked against the plan: a rule for an entity without a plan or for an
    indicator the plan does not have is quarantined, never applied; so is one whose bands, once the
    plan row and the defaults fill its empty fields, put green below amber.
-#}
{%- set default_green = var('traffic_light_green_from_pct', 90) -%}
{%- set default_amber = var('traffic_light_amber_from_pct', 60) -%}

with rules as (
    select * from {{ ref('stg_pira__scoring_rules') }}
),

indicators as (
    {{ scoring_rule_indicators() }}
),

entities as (
    select distinct entity_code
    from indicators
),

plan_checked as (
    select
        rules.source_row,
        case
            when rules.quarantine_reason is not null then rules.quarantine_field
            when entities.entity_code is null then 'entity_code'
            when coalesce(rules.green_from_pct, {{ default_green }}) < coalesce(rules.amber_from_pct, {{ default_amber }})
                then case when rules.green_from_pct is null then 'amber_from_pct' else 'green_from_pct' end
        end as quarantine_field,
        coalesce(
            rules.quarantine_reason,
            case
                when entities.entity_code is null
                    then 'regola di calcolo per un ente senza piano: ' || rules.entity_code
                when coalesce(rules.green_from_pct, {{ default_green }}) < coalesce(rules.amber_from_pct, {{ default_amber }})
                    then 'soglie in vigore incoerenti: verde da '
                        || {{ number_text('coalesce(rules.green_from_pct, ' ~ default_green ~ ')') }}
                        || '% sotto giallo da '
                        || {{ number_text('coalesce(rules.amber_from_pct, ' ~ default_amber ~ ')') }} || '%'
            end
        ) as quarantine_reason,
        case when rules.quarantine_reason is not null then rules.quarantine_code
            when entities.entity_code is null
                or coalesce(rules.green_from_pct, {{ default_green }}) < coalesce(rules.amber_from_pct, {{ default_amber }})
                then 'scoring_rules.scoring_rule_applicable'
        end as quarantine_code
    from rules
    left join entities
        on rules.entity_code = entities.entity_code
    where rules.indicator_code is null
),

plan_rules as (
    select rules.*
    from rules
    inner join plan_checked
        on rules.source_row = plan_checked.source_row
    where plan_checked.quarantine_reason is null
),

indicator_checked as (
    select
        rules.source_row,
        coalesce(rules.green_from_pct, plan_rules.green_from_pct, {{ default_green }}) as green_in_force,
        coalesce(rules.amber_from_pct, plan_rules.amber_from_pct, {{ default_amber }}) as amber_in_force,
        rules.quarantine_field as staged_field,
        rules.quarantine_reason as staged_reason,
        rules.quarantine_code as staged_code,
        rules.indicator_code,
        rules.green_from_pct,
        indicators.indicator_code is not null as is_in_plan
    from rules
    left join indicators
        on rules.entity_code = indicators.entity_code
            and rules.indicator_code = indicators.indicator_code
    left join plan_rules
        on rules.entity_code = plan_rules.entity_code
    where rules.indicator_code is not null
),

indicator_flagged as (
    select
        source_row,
        case
            when staged_reason is not null then staged_field
            when not is_in_plan then 'indicator_code'
            when green_in_force < amber_in_force
                then case when green_from_pct is null then 'amber_from_pct' else 'green_from_pct' end
        end as quarantine_field,
        coalesce(
            staged_reason,
            case
                when not is_in_plan
                    then 'regola di calcolo per un indicatore che non esiste nel piano: ' || indicator_code
                when green_in_force < amber_in_force
                    then 'soglie in vigore incoerenti: verde da ' || {{ number_text('green_in_force') }}
                        || '% sotto giallo da ' || {{ number_text('amber_in_force') }} || '%'
            end
        ) as quarantine_reason,
        case when staged_reason is not null then staged_code
            when not is_in_plan or green_in_force < amber_in_force then 'scoring_rules.scoring_rule_applicable'
        end as quarantine_code
    from indicator_checked
),

checked as (
    select * from plan_checked
    union all
    select * from indicator_flagged
)

select
    rules.source_row,
    rules.entity_code,
    rules.indicator_code,
    rules.green_from_pct_raw,
    rules.amber_from_pct_raw,
    rules.cap_pct_raw,
    rules.late_deadline_policy_raw,
    rules.late_deadline_decay_days_raw,
    rules.missing_data_policy_raw,
    rules.green_from_pct,
    rules.amber_from_pct,
    rules.cap_pct,
    rules.late_deadline_policy,
    cast(rules.late_deadline_decay_days as integer) as late_deadline_decay_days,
    rules.missing_data_policy,
    rules.decided_by,
    rules.act_reference,
    rules.notes,
    checked.quarantine_field,
    checked.quarantine_reason,
    checked.quarantine_code
from rules
inner join checked
    on rules.source_row = checked.source_row
