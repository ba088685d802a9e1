select
    cast(entity_code as {{ dbt.type_string() }}) as entity_code,
    cast(indicator_code as {{ dbt.type_string() }}) as indicator_code,
    cast(baseline_year as integer) as baseline_year,
    cast(value_raw as {{ dbt.type_string() }}) as value_raw,
    cast(value_number as double) as value_number,
    cast(value_date as date) as value_date,
    cast(unit as {{ dbt.type_string() }}) as unit,
    cast(is_not_available as boolean) as is_not_available
from {{ ref('stg_pira__baselines') }}
