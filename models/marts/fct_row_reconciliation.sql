select
    cast(source_table as {{ dbt.type_string() }}) as source_table,
    cast(rows_in as integer) as rows_in,
    cast(rows_used as integer) as rows_used,
    cast(rows_quarantined as integer) as rows_quarantined,
    cast(rows_superseded as integer) as rows_superseded,
    cast(is_balanced as boolean) as is_balanced
from {{ ref('int_quality__reconciliation') }}
