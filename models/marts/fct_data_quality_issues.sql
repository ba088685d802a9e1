select
    cast(entity_code as {{ dbt.type_string() }}) as entity_code,
    cast(check_name as {{ dbt.type_string() }}) as check_name,
    cast(severity as {{ dbt.type_string() }}) as severity,
    cast(reason_code as {{ dbt.type_string() }}) as reason_code,
    cast(label_it as {{ dbt.type_string() }}) as label_it,
    cast(source_table as {{ dbt.type_string() }}) as source_table,
    cast(row_key as {{ dbt.type_string() }}) as row_key,
    cast(field as {{ dbt.type_string() }}) as field,
    cast(raw_value as {{ dbt.type_string() }}) as raw_value,
    cast(reason as {{ dbt.type_string() }}) as reason
from {{ ref('int_quality__issues') }}
