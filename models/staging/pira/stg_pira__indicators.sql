select
    {{ normalise_code('entity_code') }} as entity_code,
    cast(source_row as integer) as source_row,
    {{ normalise_code('indicator_code') }} as indicator_code,
    trim(indicator_name) as indicator_name,
    trim(algorithm_text) as algorithm_text,
    nullif(trim(formula_as_printed), '') as formula_as_printed,
    nullif(trim(formula), '') as formula,
    nullif(trim(unit), '') as unit
from {{ ref('raw_indicators') }}
