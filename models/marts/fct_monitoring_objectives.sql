{#-
    Quarterly monitoring per entity, quarter and plan node: the indicators' projected year-end
    achievements rolled up by the warehouse's rule (weights, neutralisation, child rounding), the
    year-to-date achievement the warehouse computes for the same quarter, and the statuses below the node.
    Incremental by period like the other facts: a run for some quarters (var periods) keeps the others.
-#}
with nodes as (
    select * from {{ ref('int_monitoring__operational_objectives') }}
    union all
    select * from {{ ref('int_monitoring__objective_groups') }}
    union all
    select * from {{ ref('int_monitoring__strategic_objectives') }}
    union all
    select * from {{ ref('int_monitoring__areas') }}
),

year_to_date as (
    select
        entity_code,
        period,
        node_code,
        achievement_pct
    from {{ ref('int_rollup__objectives') }}
),

statuses as (
    select
        nodes.*,
        periods.period_type,
        periods.period_year,
        periods.period_quarter,
        periods.quarter_end_date,
        year_to_date.achievement_pct as achievement_vs_annual_pct,
        coalesce(counts.on_track_count, 0) as on_track_count,
        coalesce(counts.at_risk_count, 0) as at_risk_count,
        coalesce(counts.off_track_count, 0) as off_track_count,
        coalesce(counts.not_evaluable_count, 0) as not_evaluable_count,
        coalesce(counts.has_synthetic_data, false) as is_synthetic,
        case {{ traffic_light('nodes.achievement_pct', 'rules.green_from_pct', 'rules.amber_from_pct') }}
            when 'green' then 'on_track'
            when 'amber' then 'at_risk'
            when 'red' then 'off_track'
            else 'not_evaluable'
        end as status
    from nodes
    inner join {{ ref('int_monitoring__periods') }} as periods
        on nodes.entity_code = periods.entity_code
            and nodes.period = periods.period
    left join {{ ref('int_scoring__plan_rules') }} as rules
        on nodes.entity_code = rules.entity_code
    left join year_to_date
        on nodes.entity_code = year_to_date.entity_code
            and nodes.period = year_to_date.period
            and nodes.node_code = year_to_date.node_code
    left join {{ ref('int_monitoring__objective_statuses') }} as counts
        on nodes.entity_code = counts.entity_code
            and nodes.period = counts.period
            and nodes.node_code = counts.node_code
)

select
    cast(entity_code as {{ dbt.type_string() }}) as entity_code,
    cast(period as {{ dbt.type_string() }}) as period,
    cast(period_type as {{ dbt.type_string() }}) as period_type,
    cast(period_year as integer) as period_year,
    cast(period_quarter as integer) as quarter,
    cast(quarter_end_date as date) as quarter_end_date,
    cast(cycle as {{ dbt.type_string() }}) as cycle,
    cast(node_code as {{ dbt.type_string() }}) as node_code,
    cast(node_level as {{ dbt.type_string() }}) as node_level,
    cast(parent_code as {{ dbt.type_string() }}) as parent_code,
    cast(weight_pct as double) as weight_pct,
    cast(weighting as {{ dbt.type_string() }}) as weighting,
    cast(achievement_vs_annual_pct as double) as achievement_vs_annual_pct,
    cast(achievement_pct as double) as projected_achievement_pct,
    cast(achievement_pct is not null as boolean) as is_evaluated,
    cast(not_evaluated_reason as {{ dbt.type_string() }}) as not_evaluated_reason,
    cast(evaluated_weight_pct as double) as evaluated_weight_pct,
    cast(child_count as integer) as child_count,
    cast(evaluated_child_count as integer) as evaluated_child_count,
    cast(indicator_count as integer) as indicator_count,
    cast(evaluated_indicator_count as integer) as evaluated_indicator_count,
    cast(on_track_count as integer) as on_track_count,
    cast(at_risk_count as integer) as at_risk_count,
    cast(off_track_count as integer) as off_track_count,
    cast(not_evaluable_count as integer) as not_evaluable_count,
    cast(status as {{ dbt.type_string() }}) as on_track_status,
    cast(labels.label_it as {{ dbt.type_string() }}) as on_track_status_label,
    cast(
        case
            when achievement_pct is null then not_evaluated_reason
            else 'raggiungimento proiettato a fine anno ' || {{ italian_number_text('achievement_pct') }} || '% da '
                || cast(evaluated_indicator_count as {{ dbt.type_string() }}) || ' indicatori valutati su '
                || cast(indicator_count as {{ dbt.type_string() }})
        end as {{ dbt.type_string() }}
    ) as status_reason,
    cast(is_synthetic as boolean) as is_synthetic,
    {{ reported_decimal('weight_pct') }} as weight_pct_reported,
    {{ reported_decimal('achievement_vs_annual_pct') }} as achievement_vs_annual_pct_reported,
    {{ reported_decimal('achievement_pct') }} as projected_achievement_pct_reported,
    {{ period_end_date('period') }} as period_end_date,
    {{ reported_fraction('achievement_vs_annual_pct') }} as achievement_vs_annual_fraction,
    {{ reported_fraction('achievement_pct') }} as projected_achievement_fraction
from statuses
left join {{ ref('dim_status') }} as labels
    on labels.status_kind = 'on_track_status'
        and statuses.status = labels.code
{{ cluster_rows_by(['period']) }}
