{#-
    Every amber or red indicator and objective with the owner's explanation of the deviation, or
    flagged when there is none (rule commentary.deviation_explained of the check catalogue; a
    warning while the period is open). Reads the result marts, which keep every period computed.
    An indicator's explanation is the one written for it on its node, else the one written for the
    indicator without a node.
-#}
with indicators as (
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

deviations as (
    select * from indicators
    union all
    select * from objectives
),

explanations as (
    select * from {{ ref('int_signoff__explanations') }}
),

matched as (
    select
        deviations.*,
        explanations.explanation_text,
        explanations.author,
        explanations.written_on,
        row_number() over (
            partition by deviations.entity_code, deviations.period, deviations.node_code, deviations.indicator_code
            order by case when explanations.node_code = deviations.node_code then 0 else 1 end
        ) as match_rank
    from deviations
    left join explanations
        on deviations.entity_code = explanations.entity_code
            and deviations.period = explanations.period
            and (
                (
                    deviations.indicator_code is null and explanations.indicator_code is null
                    and deviations.node_code = explanations.node_code
                )
                or (
                    deviations.indicator_code = explanations.indicator_code
                    and (deviations.node_code = explanations.node_code or explanations.node_code is null)
                )
            )
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
where matched.match_rank = 1
