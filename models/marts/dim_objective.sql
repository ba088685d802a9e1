select
    cast(entity_code as varchar) as entity_code,
    cast(cycle as varchar) as cycle,
    cast(node_code as varchar) as node_code,
    cast(node_code_as_printed as varchar) as node_code_as_printed,
    cast(node_level as varchar) as node_level,
    cast(parent_code as varchar) as parent_code,
    cast(sub_objective_of as varchar) as sub_objective_of,
    cast(title as varchar) as title,
    cast(owner as varchar) as owner,
    cast(weight_pct as double) as weight_pct,
    cast(rollup_weight as double) as rollup_weight,
    cast(source_row as integer) as source_row
from {{ ref('int_plan__nodes') }}
