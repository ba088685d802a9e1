with parsed as (
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
    from {{ raw_table('raw_indicator_assignments') }}
),

flagged as (
    select
        *,
        -- Rows with a quarantine_reason are kept here and in the quarantine mart, never used downstream.
        {{ duplicate_key_reason(['entity_code', 'cycle', 'node_code', 'indicator_code']) }} as duplicate_reason,
        case
            when cycle_start_year is null then 'cycle ''' || coalesce(cycle, '') || ''' non è nel formato aaaa o aaaa-aaaa'
            when node_code is null or indicator_code is null then 'codice di nodo o di indicatore vuoto'
        end as parse_error
    from parsed
)

select
    *,
    {{ quarantine_columns('assignments.assignment_unique', 'assignments.assignment_row_readable') }}
from flagged
