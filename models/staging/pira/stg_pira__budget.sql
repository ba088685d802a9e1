select
    {{ normalise_code('entity_code') }} as entity_code,
    cast(budget_year as integer) as budget_year,
    cast(source_row as integer) as source_row,
    trim(row_type) as row_type,
    nullif(trim(mission_code), '') as mission_code,
    nullif(trim(mission_name), '') as mission_name,
    nullif(trim(program_code), '') as program_code,
    nullif(trim(program_name), '') as program_name,
    nullif(trim(priority_area), '') as priority_area,
    nullif(trim(mission_statement), '') as mission_statement,
    nullif(trim(preventivo_raw), '') as forecast_raw,
    {{ parse_italian_number('preventivo_raw') }} as forecast_eur,
    nullif(trim(consuntivo_raw), '') as actual_raw,
    {{ parse_italian_number('consuntivo_raw') }} as actual_eur
from {{ raw_table('raw_budget') }}
