select
    cast(entity_code as varchar) as entity_code,
    cast(indicator_code as varchar) as indicator_code,
    cast(target_year as integer) as target_year,
    cast(target_raw as varchar) as target_raw,
    cast(target_operator as varchar) as target_operator,
    cast(target_value as double) as target_value,
    cast(target_unit as varchar) as target_unit,
    cast(target_date as date) as target_date,
    cast(parse_error is null as boolean) as is_well_formed,
    cast(parse_error as varchar) as parse_error
from {{ ref('stg_pira__targets') }}
