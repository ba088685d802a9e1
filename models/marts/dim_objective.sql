select
    cast(entity_code as {{ dbt.type_string() }}) as entity_code,
    cast(cycle as {{ dbt.type_string() }}) as cycle,
    cast(node_code as {{ dbt.type_string() }}) as node_code,
    cast(node_code_as_printed as {{ dbt.type_string() }}) as node_code_as_printed,
    cast(node_level as {{ dbt.type_string() }}) as node_level,
    cast(parent_code as {{ dbt.type_string() }}) as parent_code,
    cast(sub_objective_of as {{ dbt.type_string() }}) as sub_objective_of,
    cast(title as {{ dbt.type_string() }}) as title,
    cast(owner as {{ dbt.type_string() }}) as owner,
    cast(weight_pct as double) as weight_pct,
    cast(rollup_weight as double) as rollup_weight,
    cast(source_row as integer) as source_row
from {{ ref('int_plan__nodes') }}
