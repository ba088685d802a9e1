{#-
    The semaforo bands in force per entity for its objectives and the entity as a whole: the plan's
    row, else the dbt vars. Indicator rows do not apply here: an indicator's bands colour only it.
-#}
with plan_rules as (
    select * from {{ ref('int_scoring__rules_checked') }}
    where quarantine_reason is null and indicator_code is null
),

entities as (
    select distinct entity_code
    from {{ ref('int_plan__assignments') }}
)

select
    entities.entity_code,
    coalesce(plan_rules.green_from_pct, {{ var('traffic_light_green_from_pct', 90) }}) as green_from_pct,
    coalesce(plan_rules.amber_from_pct, {{ var('traffic_light_amber_from_pct', 60) }}) as amber_from_pct,
    case when plan_rules.source_row is not null then 'piano' else 'predefinita' end as scoring_rule_source
from entities
left join plan_rules
    on entities.entity_code = plan_rules.entity_code
