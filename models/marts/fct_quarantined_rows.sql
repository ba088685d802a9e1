select
    cast(entity_code as varchar) as entity_code,
    cast(source_table as varchar) as source_table,
    cast(source_file as varchar) as source_file,
    cast(source_row as integer) as source_row,
    cast(row_key as varchar) as row_key,
    cast(field as varchar) as field,
    cast(raw_value as varchar) as raw_value,
    cast(reason as varchar) as reason
from {{ ref('int_quality__quarantine') }}
