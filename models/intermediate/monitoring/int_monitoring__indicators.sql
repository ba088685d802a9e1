{#-
    Quarterly monitoring (docs/methodology.md §6), one row per entity, quarter, node and indicator: the
    year-to-date value compared as its accumulation kind calls for, projected to year end, with a status.
    - flow (counts, totals): pro-rata target T × q/4; projection YTD × 4/q against the annual target.
    - stock (levels, ratios): the annual target as it is; the projection is the YTD value itself.
    - deadline: on track while the deadline is ahead (not yet completed) or when met on time; off track
      once it passed without completion or was met late. A date not reported yet (measure absent or
      N/D) means not completed; its projection assumes completion right after the quarter end.
    Achievements use the warehouse's achievement_ratio macro; status bands are the indicator's bands in force
    (int_scoring__rules: its row, its plan's, or the traffic-light vars).
-#}
with results as (
    select
        results.*,
        periods.period_quarter,
        periods.quarter_end_date
    from {{ ref('int_indicators__results') }} as results
    inner join {{ ref('int_monitoring__periods') }} as periods
        on results.entity_code = periods.entity_code
            and results.period = periods.period
),

kinds as (
    select
        entity_code,
        indicator_code,
        accumulation_kind,
        accumulation_basis
    from {{ ref('int_monitoring__accumulation') }}
),

result_keys as (
    select distinct
        entity_code,
        period,
        period_year,
        indicator_code
    from results
),

last_baselines as (
    select
        keys.entity_code,
        keys.period,
        keys.indicator_code,
        baselines.baseline_year,
        baselines.value_number,
        row_number() over (
            partition by keys.entity_code, keys.period, keys.indicator_code order by baselines.baseline_year desc
        ) as recency
    from result_keys as keys
    inner join {{ ref('int_targets__baselines') }} as baselines
        on keys.entity_code = baselines.entity_code
            and keys.indicator_code = baselines.indicator_code
            and keys.period_year > baselines.baseline_year
    where baselines.value_number is not null
),

classified as (
    select
        results.*,
        coalesce(kinds.accumulation_kind, 'stock') as accumulation_kind,
        coalesce(kinds.accumulation_basis, 'rule') as accumulation_basis,
        results.target_operator in ('>=', '<=', '=') and results.target_value is not null as has_numeric_target,
        results.target_operator = 'by_date' and results.target_date is not null as has_deadline,
        -- No date reported yet: every measure of the formula absent or N/D in the quarter.
        results.actual_date is null
        and results.measure_terms_read > 0
        and results.usable_measure_count = 0
        and results.unusable_measure_count = 0 as is_completion_pending,
        last_baselines.baseline_year as last_baseline_year,
        last_baselines.value_number as last_baseline_value
    from results
    left join kinds
        on results.entity_code = kinds.entity_code
            and results.indicator_code = kinds.indicator_code
    left join last_baselines
        on results.entity_code = last_baselines.entity_code
            and results.period = last_baselines.period
            and results.indicator_code = last_baselines.indicator_code
            and last_baselines.recency = 1
),

projected as (
    select
        *,
        case accumulation_kind when 'flow' then 'pro_rata_flow' when 'deadline' then 'deadline'
            else 'annual_stock'
        end as comparison_used,
        case when accumulation_kind = 'flow' then period_quarter * 100.0 / 4 else 100.0 end as expected_progress_pct,
        case when accumulation_kind = 'flow' and has_numeric_target
                then target_value * period_quarter / 4.0
        end as pro_rata_target,
        case
            when accumulation_kind = 'flow' then actual_value * 4.0 / period_quarter
            when accumulation_kind = 'stock' then actual_value
        end as projected_value,
        -- The earliest completion still possible for a pending deadline.
        case when is_completion_pending
                then cast({{ dbt.dateadd('day', 1, 'quarter_end_date') }} as date)
        end as earliest_completion_date
    from classified
),

scored as (
    select
        *,
        case
            when accumulation_kind != 'flow' then null
            when actual_value is not null and has_numeric_target
                then {{ achievement_ratio('target_operator', 'pro_rata_target', 'target_date', 'actual_value', 'cast(null as date)',
                    'cap_pct', 'late_deadline_policy', 'late_deadline_decay_days') }}
            -- missing_data_policy 'zero': the warehouse scored the missing value 0, so does the monitoring.
            when evaluation_note is not null then 0.0
        end as pro_rata_ratio,
        case
            when accumulation_kind = 'flow'
                then
                    case
                        when projected_value is not null and has_numeric_target
                            then {{ achievement_ratio('target_operator', 'target_value', 'target_date', 'projected_value', 'cast(null as date)',
                    'cap_pct', 'late_deadline_policy', 'late_deadline_decay_days') }}
                        when evaluation_note is not null then 0.0
                    end
            -- Stock: the projection is the YTD value, so its achievement is the warehouse's (overrides included).
            when accumulation_kind = 'stock' then achievement_pct / 100.0
            when not has_deadline then null
            when actual_date is not null
                then {{ achievement_ratio('target_operator', 'target_value', 'target_date', 'cast(null as double)', 'actual_date',
                    'cap_pct', 'late_deadline_policy', 'late_deadline_decay_days') }}
            when is_completion_pending
                then {{ achievement_ratio('target_operator', 'target_value', 'target_date', 'cast(null as double)', 'earliest_completion_date',
                    'cap_pct', 'late_deadline_policy', 'late_deadline_decay_days') }}
            when evaluation_note is not null then 0.0
        end as projected_ratio
    from projected
),

statuses as (
    select
        *,
        {{ clean_pct('pro_rata_ratio * 100') }} as achievement_vs_pro_rata_pct,
        {{ clean_pct('projected_ratio * 100') }} as projected_achievement_pct,
        case accumulation_kind
            when 'flow' then {{ clean_pct('pro_rata_ratio * 100') }}
            when 'stock' then achievement_pct
        end as status_score_pct,
        case
            when accumulation_kind != 'deadline' then null
            when not has_deadline then 'not_evaluable'
            when actual_date is not null
                then case when actual_date <= target_date then 'on_track' else 'off_track' end
            when is_completion_pending
                then case when quarter_end_date < target_date then 'on_track' else 'off_track' end
            when evaluation_note is not null then 'off_track'
            else 'not_evaluable'
        end as deadline_status
    from scored
),

with_status as (
    select
        *,
        case
            when accumulation_kind = 'deadline' then deadline_status
            else
                case {{ traffic_light('status_score_pct', 'green_from_pct', 'amber_from_pct') }}
                    when 'green' then 'on_track'
                    when 'amber' then 'at_risk'
                    when 'red' then 'off_track'
                    else 'not_evaluable'
                end
        end as status
    from statuses
)

select
    entity_code,
    period,
    period_year,
    period_type,
    period_quarter as quarter,
    quarter_end_date,
    cycle,
    node_code,
    indicator_code,
    source_row,
    weight_pct,
    rollup_weight,
    actual_unit as unit,
    accumulation_kind,
    accumulation_basis,
    comparison_used,
    actual_value as ytd_value,
    actual_date as ytd_date,
    target_raw as annual_target_raw,
    target_operator as annual_target_operator,
    target_value as annual_target_value,
    target_date as annual_target_date,
    achievement_pct as achievement_vs_annual_pct,
    expected_progress_pct,
    pro_rata_target,
    achievement_vs_pro_rata_pct,
    projected_value,
    projected_achievement_pct,
    projected_achievement_pct is not null as is_projection_evaluated,
    status,
    -- In Italian: the reports print it as it is.
    case
        when status = 'not_evaluable'
            then coalesce(
                    not_evaluated_reason,
                    case
                        when accumulation_kind = 'flow' and not has_numeric_target
                            then 'un confronto pro quota richiede un target annuale numerico, non ''' || coalesce(target_raw, '') || ''''
                        when accumulation_kind = 'deadline' and not has_deadline
                            then 'un confronto con la scadenza richiede un target ''Entro'', non ''' || coalesce(target_raw, '') || ''''
                    end,
                    'nessun valore progressivo da confrontare'
                )
        -- Scored 0 by missing_data_policy 'zero': the warehouse's note says why.
        when accumulation_kind != 'deadline' and actual_value is null
            then coalesce(evaluation_note, 'raggiungimento fissato da una rettifica del gruppo dati')
        when accumulation_kind = 'flow'
            then 'valore progressivo ' || {{ number_text('actual_value') }} || ' rispetto al target pro quota '
                || {{ number_text('pro_rata_target') }} || ' (' || {{ number_text('target_value') }} || ' x '
                || cast(period_quarter as {{ dbt.type_string() }}) || '/4): '
                || {{ number_text('achievement_vs_pro_rata_pct') }} || '%; proiezione a fine anno '
                || {{ number_text('projected_value') }}
        when accumulation_kind = 'stock'
            then 'valore progressivo ' || {{ number_text('actual_value') }} || ' rispetto al target annuale '''
                || target_raw || ''': ' || {{ number_text('achievement_pct') }} || '%'
        when actual_date is not null and actual_date <= target_date
            then 'completato il ' || {{ date_text('actual_date') }} || ', entro la scadenza '
                || {{ date_text('target_date') }}
        when actual_date is not null
            then 'completato in ritardo il ' || {{ date_text('actual_date') }} || ', dopo la scadenza '
                || {{ date_text('target_date') }}
        when is_completion_pending and quarter_end_date < target_date
            then 'non ancora completato; la scadenza ' || {{ date_text('target_date') }} || ' non è ancora passata'
        when is_completion_pending
            then 'scadenza ' || {{ date_text('target_date') }} || ' passata senza data di completamento'
        else evaluation_note
    end as status_reason,
    case status when 'on_track' then 'green' when 'at_risk' then 'amber' when 'off_track' then 'red'
        else 'grey'
    end as traffic_light,
    last_baseline_year,
    last_baseline_value,
    case when last_baseline_value != 0 then {{ clean_pct(
        "(case accumulation_kind when 'flow' then projected_value when 'stock' then actual_value end
        - last_baseline_value) / abs(last_baseline_value) * 100"
    ) }} end as change_vs_last_baseline_pct,
    is_synthetic
from with_status
