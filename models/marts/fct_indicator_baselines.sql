select
    cast(entity_code as varchar) as entity_code,
    cast(indicator_code as varchar) as indicator_code,
    cast(baseline_year as integer) as baseline_year,
    cast(value_raw as varchar) as value_raw,
    cast(value_number as double) as value_number,
    cast(value_date as date) as value_date,
    cast(unit as varchar) as unit,
    cast(is_not_available as boolean) as is_not_available
from {{ ref('stg_pira__baselines') }}
