select
    cast(entity_code as varchar) as entity_code,
    cast(budget_year as integer) as budget_year,
    cast(source_row as integer) as source_row,
    cast(row_type as varchar) as row_type,
    cast(mission_code as varchar) as mission_code,
    cast(mission_name as varchar) as mission_name,
    cast(program_code as varchar) as program_code,
    cast(program_name as varchar) as program_name,
    cast(priority_area as varchar) as priority_area,
    cast(mission_statement as varchar) as mission_statement,
    cast(forecast_raw as varchar) as forecast_raw,
    cast(forecast_eur as double) as forecast_eur,
    cast(actual_raw as varchar) as actual_raw,
    cast(actual_eur as double) as actual_eur
from {{ ref('stg_pira__budget') }}
