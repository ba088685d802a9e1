{#-
    Every amber or red indicator and objective with the owner's explanation of the deviation, or
    flagged when there is none (rule commentary.deviation_explained of the check catalogue; a
    warning while the period is open). Reads the result marts, which keep every period computed:
    only the run's entities and periods (int_plan__periods) are matched again, and they replace
    their earlier rows whole (incremental by period, `replaced_scope`: a period left with no
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
        results.entity_code,
        results.period,
        'indicator' as subject_kind,
        results.node_code,
        results.indicator_code,
        results.achievement_pct_reported,
        results.traffic_light,
        results.traffic_light_label
    from {{ ref('fct_indicator_results') }} as results
    inner join run_periods
        on results.entity_code = run_periods.entity_code
            and results.period = run_periods.period
    where results.traffic_light in ('amber', 'red')
),

objectives as (
    select
        results.entity_code,
        results.period,
        'objective' as subject_kind,
        results.node_code,
        cast(null as {{ dbt.type_string() }}) as indicator_code,
        results.achievement_pct_reported,
        results.traffic_light,
        results.traffic_light_label
    from {{ ref('fct_objective_results') }} as results
    inner join run_periods
        on results.entity_code = run_periods.entity_code
            and results.period = run_periods.period
    where results.traffic_light in ('amber', 'red')
),

deviations as (
    select * from indicators
    union all
    select * from objectives
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
