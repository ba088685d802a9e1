{#- The plan's assignments: which node each indicator scores, with its printed weight (before any result exists). -#}
select
    cast(entity_code as {{ dbt.type_string() }}) as entity_code,
    cast(cycle as {{ dbt.type_string() }}) as cycle,
    cast(node_code as {{ dbt.type_string() }}) as node_code,
    cast(indicator_code as {{ dbt.type_string() }}) as indicator_code,
    cast(weight_pct as double) as weight_pct,
    {{ reported_decimal('weight_pct') }} as weight_pct_reported,
    cast(source_row as integer) as source_row
from {{ ref('int_plan__assignments') }}
