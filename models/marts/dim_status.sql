{#- Italian label and colour of every status code in the marts, for reports and BI alike. -#}
select
    cast(status_kind as {{ dbt.type_string() }}) as status_kind,
    cast(code as {{ dbt.type_string() }}) as code,
    cast(label_it as {{ dbt.type_string() }}) as label_it,
    cast(colour_hex as {{ dbt.type_string() }}) as colour_hex,
    cast(sort_order as integer) as sort_order,
    cast(description_it as {{ dbt.type_string() }}) as description_it
from {{ ref('status_labels') }}
