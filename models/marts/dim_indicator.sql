{#-
    Indicator definitions with their formula and the scoring rule in force (int_scoring__rules);
    scoring_rule_note says in Italian what differs from the defaults, for the reports. An indicator
    the plan assigns without a usable definition (none, or quarantined) has its row too, formula
    rejected with the reason: the facts' results of it are not evaluated, and refer to it.
-#}
{%- set cap = var('achievement_cap_pct', 100) -%}

with rules as (
    select
        *,
        case
            when green_from_pct != {{ var('traffic_light_green_from_pct', 90) }}
                or amber_from_pct != {{ var('traffic_light_amber_from_pct', 60) }}
                then 'Soglie: verde da ' || {{ number_text('green_from_pct') }} || '%, giallo da '
                    || {{ number_text('amber_from_pct') }} || '%'
        end as bands_text,
        case
            -- -1: no cap on either side (a cap is positive).
            when coalesce(cap_pct, -1) = {{ -1 if cap is none else cap }} then null
            when cap_pct is null then 'senza tetto'
            else 'tetto ' || {{ number_text('cap_pct') }} || '%'
        end as cap_text,
        case
            when
                late_deadline_policy = '{{ var('late_deadline_policy', 'zero') }}'
                and (late_deadline_policy = 'zero' or late_deadline_decay_days = {{ var('late_deadline_decay_days', 90) }})
                then null
            when late_deadline_policy = 'linear'
                then 'scadenza mancata: decade a 0 in '
                    || cast(late_deadline_decay_days as {{ dbt.type_string() }}) || ' giorni'
            else 'scadenza mancata: 0'
        end as late_text,
        case
            when missing_data_policy = '{{ var('missing_data_policy', 'neutralise') }}' then null
            when missing_data_policy = 'zero' then 'dato mancante valutato 0'
            else 'dato mancante neutralizzato'
        end as missing_text
    from {{ ref('int_scoring__rules') }}
),

texts as (
    select
        *,
        nullif(concat_ws('; ', bands_text, cap_text, late_text, missing_text), '') as rule_text
    from rules
),

notes as (
    select
        *,
        case
            when rule_text is null then null
            when scoring_rule_source = 'indicatore' then rule_text || ' (regola dell''indicatore)'
            else rule_text || ' (regola del piano)'
        end as scoring_rule_note
    from texts
)

select
    cast(notes.entity_code as {{ dbt.type_string() }}) as entity_code,
    cast(notes.indicator_code as {{ dbt.type_string() }}) as indicator_code,
    cast(definitions.indicator_name as {{ dbt.type_string() }}) as indicator_name,
    cast(definitions.algorithm_text as {{ dbt.type_string() }}) as algorithm_text,
    cast(definitions.formula as {{ dbt.type_string() }}) as formula,
    cast(definitions.formula_as_printed as {{ dbt.type_string() }}) as formula_as_printed,
    cast(definitions.is_formula_defaulted as boolean) as is_formula_defaulted,
    cast(definitions.unit as {{ dbt.type_string() }}) as unit,
    cast(coalesce(definitions.is_formula_valid, false) as boolean) as is_formula_valid,
    cast(case when definitions.indicator_code is null
            then 'indicatore senza definizione utilizzabile in raw_indicators (fct_quarantined_rows)'
        else definitions.rejection_reason
    end as {{ dbt.type_string() }}) as formula_rejection_reason,
    cast(definitions.has_denominator as boolean) as is_ratio,
    cast(definitions.source_row as integer) as source_row,
    cast(notes.green_from_pct as double) as green_from_pct,
    cast(notes.amber_from_pct as double) as amber_from_pct,
    cast(notes.cap_pct as double) as cap_pct,
    cast(notes.late_deadline_policy as {{ dbt.type_string() }}) as late_deadline_policy,
    cast(notes.late_deadline_decay_days as integer) as late_deadline_decay_days,
    cast(notes.missing_data_policy as {{ dbt.type_string() }}) as missing_data_policy,
    cast(notes.scoring_rule_source as {{ dbt.type_string() }}) as scoring_rule_source,
    cast(notes.scoring_rule_note as {{ dbt.type_string() }}) as scoring_rule_note
-- notes has every defined indicator and every one the plan assigns (int_scoring__rules).
from notes
left join {{ ref('int_indicators__definitions') }} as definitions
    on notes.entity_code = definitions.entity_code
        and notes.indicator_code = definitions.indicator_code
