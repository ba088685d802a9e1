{#-
    How each indicator accumulates through the year, for the quarterly comparison (docs/methodology.md §6):
    by rule, unit date -> deadline; unit N. or € with no division in the formula -> flow (year-to-date
    counts and totals); anything else (%, gg, fte, ratios) -> stock. seeds raw_indicator_accumulation
    overrides the rule for one indicator, with its note.
-#}
with definitions as (
    select
        entity_code,
        indicator_code,
        unit,
        coalesce(has_denominator, false) as has_division
    from {{ ref('int_indicators__definitions') }}
),

overrides as (
    -- One row per key: a duplicated key is quarantined whole and only its reason is kept.
    select
        entity_code,
        indicator_code,
        max(case when quarantine_reason is null then accumulation_kind end) as accumulation_kind,
        max(case when quarantine_reason is null then note end) as note,
        max(quarantine_reason) as quarantine_reason
    from {{ ref('stg_pira__indicator_accumulation') }}
    group by entity_code, indicator_code
),

ruled as (
    select
        *,
        case
            when unit = 'date' then 'deadline'
            when unit in ('N.', '€') and not has_division then 'flow'
            else 'stock'
        end as rule_kind
    from definitions
)

select
    ruled.entity_code,
    ruled.indicator_code,
    ruled.unit,
    ruled.has_division,
    ruled.rule_kind,
    overrides.accumulation_kind as override_kind,
    overrides.quarantine_reason as override_problem,
    coalesce(overrides.accumulation_kind, ruled.rule_kind) as accumulation_kind,
    case when overrides.accumulation_kind is not null then 'override' else 'rule' end as accumulation_basis,
    case
        when overrides.accumulation_kind is not null then overrides.note
        when ruled.rule_kind = 'deadline' then 'rule: the unit is a date'
        when ruled.rule_kind = 'flow' then 'rule: a count or an amount with no division'
        else 'rule: a percentage, days, fte or a ratio'
    end as accumulation_note
from ruled
left join overrides
    on ruled.entity_code = overrides.entity_code
        and ruled.indicator_code = overrides.indicator_code
