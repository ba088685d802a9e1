{#- Every measure row not superseded, with its problems spelled out (validated by expectations/measures). -#}
-- A filter of int_measures__ranked: a view, not another copy of its million rows.
{{ config(materialized='view') }}
select
    entity_code,
    period,
    measure_code,
    source_file,
    source_row,
    value_raw,
    value_number,
    unit,
    measure_status,
    quarantine_field,
    quarantine_reason,
    not is_conflicting_duplicate as is_unique,
    quarantine_code,
    -- The value's own problems (an unusable value; N/D and negative counts have their own checks).
    coalesce(parse_error_code, '') != 'measures.measure_parses' as is_parsed,
    coalesce(parse_error_code, '') != 'measures.measure_available' as is_available,
    -- A rejected row never reaches a figure: only its placement is checked.
    measure_status = 'rejected' or not (unit = 'N.' and value_number < 0) as is_non_negative_count,
    measure_status != 'rejected' as is_placed,
    not is_unused_measure as is_used
from {{ ref('int_measures__ranked') }}
where measure_status != 'superseded'
