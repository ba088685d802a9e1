select
    cast(entity_code as varchar) as entity_code,
    cast(check_name as varchar) as check_name,
    cast(severity as varchar) as severity,
    cast(source_table as varchar) as source_table,
    cast(row_key as varchar) as row_key,
    cast(field as varchar) as field,
    cast(raw_value as varchar) as raw_value,
    cast(reason as varchar) as reason
from {{ ref('int_quality__issues') }}
