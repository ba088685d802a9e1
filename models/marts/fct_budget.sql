select
    cast(entity_code as {{ dbt.type_string() }}) as entity_code,
    cast(budget_year as integer) as budget_year,
    cast(source_row as integer) as source_row,
    cast(row_type as {{ dbt.type_string() }}) as row_type,
    cast(mission_code as {{ dbt.type_string() }}) as mission_code,
    cast(mission_name as {{ dbt.type_string() }}) as mission_name,
    cast(program_code as {{ dbt.type_string() }}) as program_code,
    cast(program_name as {{ dbt.type_string() }}) as program_name,
    cast(priority_area as {{ dbt.type_string() }}) as priority_area,
    cast(mission_statement as {{ dbt.type_string() }}) as mission_statement,
    cast(forecast_raw as {{ dbt.type_string() }}) as forecast_raw,
    cast(forecast_eur as double) as forecast_eur,
    cast(actual_raw as {{ dbt.type_string() }}) as actual_raw,
    cast(actual_eur as double) as actual_eur,
    {{ reported_decimal('forecast_eur') }} as forecast_eur_reported,
    {{ reported_decimal('actual_eur') }} as actual_eur_reported
from {{ ref('stg_pira__budget') }}
-- A quarantined row is in fct_quarantined_rows, not here.
where quarantine_reason is null
