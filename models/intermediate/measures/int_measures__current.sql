{#-
    The measure value in force per entity, period and measure code: the latest extraction wins
    (a restated extract replaces the earlier one; identical copies count once; the others are in
    int_measures__superseded). Two different values of the latest extraction for one key are
    ambiguous: both are quarantined. Rows that cannot be placed (unknown entity, period outside the
    plan, no extraction date-time, unreadable line) are not here: int_measures__ranked quarantines them.
-#}
-- A filter of int_measures__ranked: a view, not another copy of its million rows.
{{ config(materialized='view') }}
select
    source_file,
    source_row,
    entity_code,
    period,
    period_year,
    period_quarter,
    measure_code,
    value_raw,
    value_number,
    value_date,
    unit,
    source,
    extracted_at,
    loaded_at,
    quarantine_reason,
    quarantine_code,
    quarantine_field,
    is_conflicting_duplicate,
    is_unused_measure
from {{ ref('int_measures__ranked') }}
where measure_status = 'in_force'
