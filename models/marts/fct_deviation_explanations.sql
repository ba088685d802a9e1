{#-
    Every amber or red indicator and objective with the owner's explanation of the deviation, or
    flagged when there is none (rule commentary.deviation_explained of the check catalogue; a
    warning while the period is open). Reads the result marts, which keep every period computed:
    only the run's entities and periods (int_plan__periods) are matched again, and they replace
    their earlier rows whole (incremental by period, meta `replaces_run_periods`: a period left with no
    deviation loses its old rows too). An indicator's explanation is the one written for it on its
    node, else the one written for the indicator without a node.
-#}
with run_periods as (
    select
        entity_code,
        period
    from {{ ref('int_plan__periods') }}
),

indicators as (
    select
        entity_code,
        period,
        'indicator' as subject_kind,
        node_code,
        indicator_code,
        achievement_pct_reported,
        traffic_light,
        traffic_light_label
    from {{ ref('fct_indicator_results') }}
    where traffic_light in ('amber', 'red')
),

objectives as (
    select
        entity_code,
        period,
        'objective' as subject_kind,
        node_code,
        cast(null as {{ dbt.type_string() }}) as indicator_code,
        achievement_pct_reported,
        traffic_light,
        traffic_light_label
    from {{ ref('fct_objective_results') }}
    where traffic_light in ('amber', 'red')
),

all_deviations as (
    select * from indicators
    union all
    select * from objectives
),

deviations as (
    select all_deviations.*
    from all_deviations
    inner join run_periods
        on all_deviations.entity_code = run_periods.entity_code
            and all_deviations.period = run_periods.period
),

explanations as (
    select * from {{ ref('int_signoff__explanations') }}
),

matched as (
    -- Explanations are unique per entity, period, node and indicator (duplicates are quarantined), so
    -- two equality joins find the one written on the node and the one written without a node; no
    -- join on an `or`, no ranking of the matches.
    select
        deviations.*,
        case when on_node.entity_code is not null then on_node.explanation_text else without_node.explanation_text end
            as explanation_text,
        case when on_node.entity_code is not null then on_node.author else without_node.author end as author,
        case when on_node.entity_code is not null then on_node.written_on else without_node.written_on end as written_on
    from deviations
    left join explanations as on_node
        on deviations.entity_code = on_node.entity_code
            and deviations.period = on_node.period
            and deviations.node_code = on_node.node_code
            and coalesce(deviations.indicator_code, '') = coalesce(on_node.indicator_code, '')
    -- An indicator's explanation written without a node (objectives have no indicator: no match).
    left join explanations as without_node
        on deviations.entity_code = without_node.entity_code
            and deviations.period = without_node.period
            and deviations.indicator_code = without_node.indicator_code
            and without_node.node_code is null
),

rules as (
    select * from {{ ref('check_catalogue') }}
    where rule_code = 'commentary.deviation_explained'
)

select
    cast(matched.entity_code as {{ dbt.type_string() }}) as entity_code,
    cast(matched.period as {{ dbt.type_string() }}) as period,
    cast(matched.subject_kind as {{ dbt.type_string() }}) as subject_kind,
    cast(matched.node_code as {{ dbt.type_string() }}) as node_code,
    cast(matched.indicator_code as {{ dbt.type_string() }}) as indicator_code,
    cast(matched.achievement_pct_reported as decimal(38, 2)) as achievement_pct_reported,
    cast(matched.traffic_light as {{ dbt.type_string() }}) as traffic_light,
    cast(matched.traffic_light_label as {{ dbt.type_string() }}) as traffic_light_label,
    cast(matched.explanation_text as {{ dbt.type_string() }}) as explanation_text,
    cast(matched.author as {{ dbt.type_string() }}) as explanation_author,
    cast(matched.written_on as date) as explanation_written_on,
    cast(matched.explanation_text is null as boolean) as is_explanation_missing,
    cast(case when matched.explanation_text is null then rules.rule_code end as {{ dbt.type_string() }}) as reason_code,
    cast(case when matched.explanation_text is null then rules.severity end as {{ dbt.type_string() }}) as severity,
    cast(case when matched.explanation_text is null then rules.label_it end as {{ dbt.type_string() }}) as label_it
from matched
cross join rules
{{ cluster_rows_by(['period']) }}
