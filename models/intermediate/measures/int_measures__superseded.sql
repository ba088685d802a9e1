{#-
    Measure rows replaced by a later extraction of the same entity, period and measure code, or
    identical copies of a row in force (the same extract landed twice): the history of what was
    reported when, and why each row no longer counts.
-#}
-- A filter of int_measures__ranked: a view, not another copy of its million rows.
{{ config(materialized='view') }}
select
    source_file,
    source_row,
    entity_code,
    period,
    measure_code,
    value_raw,
    extracted_at,
    loaded_at,
    superseded_by_extracted_at as superseded_by_reported_at,
    superseded_reason
from {{ ref('int_measures__ranked') }}
where measure_status = 'superseded'
