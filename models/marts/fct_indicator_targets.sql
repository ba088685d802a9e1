select
    cast(entity_code as {{ dbt.type_string() }}) as entity_code,
    cast(indicator_code as {{ dbt.type_string() }}) as indicator_code,
    cast(target_year as integer) as target_year,
    cast(target_raw as {{ dbt.type_string() }}) as target_raw,
    cast(target_operator as {{ dbt.type_string() }}) as target_operator,
    cast(target_value as double) as target_value,
    cast(target_unit as {{ dbt.type_string() }}) as target_unit,
    cast(target_date as date) as target_date,
    cast(parse_error is null as boolean) as is_well_formed,
    cast(parse_error as {{ dbt.type_string() }}) as parse_error
from {{ ref('stg_pira__targets') }}
