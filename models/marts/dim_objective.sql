{#- The plan nodes, with the budget mission and programme a usable link ties them to (null without one). -#}
with links as (
    select * from {{ ref('int_plan__budget_links') }}
    where quarantine_reason is null
)

select
    cast(nodes.entity_code as {{ dbt.type_string() }}) as entity_code,
    cast(nodes.cycle as {{ dbt.type_string() }}) as cycle,
    cast(nodes.node_code as {{ dbt.type_string() }}) as node_code,
    cast(nodes.node_code_as_printed as {{ dbt.type_string() }}) as node_code_as_printed,
    cast(nodes.node_level as {{ dbt.type_string() }}) as node_level,
    cast(nodes.parent_code as {{ dbt.type_string() }}) as parent_code,
    cast(nodes.sub_objective_of as {{ dbt.type_string() }}) as sub_objective_of,
    cast(nodes.title as {{ dbt.type_string() }}) as title,
    cast(nodes.owner as {{ dbt.type_string() }}) as owner,
    cast(nodes.weight_pct as double) as weight_pct,
    cast(nodes.rollup_weight as double) as rollup_weight,
    cast(nodes.source_row as integer) as source_row,
    cast(links.mission_code as {{ dbt.type_string() }}) as mission_code,
    cast(links.mission_name as {{ dbt.type_string() }}) as mission_name,
    cast(links.program_code as {{ dbt.type_string() }}) as program_code,
    cast(links.program_name as {{ dbt.type_string() }}) as program_name
from {{ ref('int_plan__nodes') }} as nodes
left join links
    on nodes.entity_code = links.entity_code
        and nodes.cycle = links.cycle
        and nodes.node_code = links.node_code
