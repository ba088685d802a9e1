{#-
    Quarterly monitoring per entity, quarter, node and indicator: year-to-date value, the comparison its
    accumulation kind calls for (pro-rata flow, annual stock, deadline), year-end projection, status.
    on_track_status (is the quarter on track for the year end?) is not the traffic_light of
    fct_indicator_results (the year-to-date value against the annual target): two names, two meanings.
    Incremental by period like the other facts: a run for some quarters (var periods) keeps the others.
-#}
select
    cast(entity_code as {{ dbt.type_string() }}) as entity_code,
    cast(period as {{ dbt.type_string() }}) as period,
    cast(period_type as {{ dbt.type_string() }}) as period_type,
    cast(period_year as integer) as period_year,
    cast(quarter as integer) as quarter,
    cast(quarter_end_date as date) as quarter_end_date,
    cast(cycle as {{ dbt.type_string() }}) as cycle,
    cast(node_code as {{ dbt.type_string() }}) as node_code,
    cast(indicator_code as {{ dbt.type_string() }}) as indicator_code,
    cast(weight_pct as double) as weight_pct,
    cast(unit as {{ dbt.type_string() }}) as unit,
    cast(accumulation_kind as {{ dbt.type_string() }}) as accumulation_kind,
    cast(accumulation_basis as {{ dbt.type_string() }}) as accumulation_basis,
    cast(comparison_used as {{ dbt.type_string() }}) as comparison_used,
    cast(ytd_value as double) as ytd_value,
    cast(ytd_date as date) as ytd_date,
    cast(annual_target_raw as {{ dbt.type_string() }}) as annual_target_raw,
    cast(annual_target_operator as {{ dbt.type_string() }}) as annual_target_operator,
    cast(annual_target_value as double) as annual_target_value,
    cast(annual_target_date as date) as annual_target_date,
    cast(achievement_vs_annual_pct as double) as achievement_vs_annual_pct,
    cast(expected_progress_pct as double) as expected_progress_pct,
    cast(pro_rata_target as double) as pro_rata_target,
    cast(achievement_vs_pro_rata_pct as double) as achievement_vs_pro_rata_pct,
    cast(projected_value as double) as projected_value,
    cast(projected_achievement_pct as double) as projected_achievement_pct,
    cast(status as {{ dbt.type_string() }}) as on_track_status,
    cast(labels.label_it as {{ dbt.type_string() }}) as on_track_status_label,
    cast(status_reason as {{ dbt.type_string() }}) as status_reason,
    cast(last_baseline_year as integer) as last_baseline_year,
    cast(last_baseline_value as double) as last_baseline_value,
    cast(change_vs_last_baseline_pct as double) as change_vs_last_baseline_pct,
    cast(is_synthetic as boolean) as is_synthetic,
    {{ reported_decimal('ytd_value') }} as ytd_value_reported,
    {{ reported_decimal('achievement_vs_annual_pct') }} as achievement_vs_annual_pct_reported,
    {{ reported_decimal('pro_rata_target') }} as pro_rata_target_reported,
    {{ reported_decimal('achievement_vs_pro_rata_pct') }} as achievement_vs_pro_rata_pct_reported,
    {{ reported_decimal('projected_value') }} as projected_value_reported,
    {{ reported_decimal('projected_achievement_pct') }} as projected_achievement_pct_reported,
    {{ period_end_date('period') }} as period_end_date,
    {{ reported_fraction('achievement_vs_annual_pct') }} as achievement_vs_annual_fraction,
    {{ reported_fraction('projected_achievement_pct') }} as projected_achievement_fraction
from {{ ref('int_monitoring__indicators') }} as monitoring
left join {{ ref('dim_status') }} as labels
    on labels.status_kind = 'on_track_status'
        and monitoring.status = labels.code
{{ cluster_rows_by(['period']) }}
