select
    cast(entity_code as {{ dbt.type_string() }}) as entity_code,
    cast(source_table as {{ dbt.type_string() }}) as source_table,
    cast(source_file as {{ dbt.type_string() }}) as source_file,
    cast(source_row as integer) as source_row,
    cast(row_key as {{ dbt.type_string() }}) as row_key,
    cast(field as {{ dbt.type_string() }}) as field,
    cast(raw_value as {{ dbt.type_string() }}) as raw_value,
    cast(reason as {{ dbt.type_string() }}) as reason
from {{ ref('int_quality__quarantine') }}
