with plans as (
    select
        entity_code,
        min(cycle) as first_cycle,
        min(cycle_start_year) as plan_start_year,
        max(cycle_end_year) as plan_end_year,
        max(cycle) as last_cycle,
        max(case when node_level = 'objective_group' then 1 else 0 end) = 1 as has_objective_groups,
        max(case when node_level = 'area' and weight_pct is not null then 1 else 0 end) = 1 as has_area_weights
    from {{ ref('int_plan__nodes') }}
    group by entity_code
)

select
    cast(entities.entity_code as {{ dbt.type_string() }}) as entity_code,
    cast(entities.entity_name as {{ dbt.type_string() }}) as entity_name,
    cast(entities.province as {{ dbt.type_string() }}) as province,
    cast(entities.region as {{ dbt.type_string() }}) as region,
    cast(plans.last_cycle as {{ dbt.type_string() }}) as plan_cycle,
    cast(case when plans.has_objective_groups then 'integra' else 'ferrara' end as {{ dbt.type_string() }}) as plan_style,
    cast(coalesce(plans.has_area_weights, false) as boolean) as has_area_weights,
    cast(plans.plan_start_year as integer) as plan_start_year,
    cast(plans.plan_end_year as integer) as plan_end_year
from {{ ref('stg_pira__entities') }} as entities
left join plans
    on entities.entity_code = plans.entity_code
