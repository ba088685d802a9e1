select
    {{ normalise_code('entity_code') }} as entity_code,
    trim(cycle) as cycle,
    {{ cycle_year('cycle', 'start') }} as cycle_start_year,
    {{ cycle_year('cycle', 'end') }} as cycle_end_year,
    cast(source_row as integer) as source_row,
    {{ normalise_code('node_code') }} as node_code,
    {{ normalise_code('indicator_code') }} as indicator_code,
    nullif(trim(weight_raw), '') as weight_raw,
    {{ parse_italian_number("replace(weight_raw, '%', '')") }} as weight_pct
from {{ ref('raw_indicator_assignments') }}
