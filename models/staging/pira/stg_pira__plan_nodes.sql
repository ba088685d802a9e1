with source as (
    select * from {{ raw_table('raw_plan_nodes') }}
),

parsed as (
    select
        {{ normalise_code('entity_code') }} as entity_code,
        trim(cycle) as cycle,
        {{ cycle_year('cycle', 'start') }} as cycle_start_year,
        {{ cycle_year('cycle', 'end') }} as cycle_end_year,
        cast(source_row as integer) as source_row,
        {{ normalise_code('node_code') }} as node_code,
        node_code_as_printed,
        trim(node_level) as node_level_raw,
        case lower(trim(node_level))
            when 'area' then 'area'
            when 'ambito' then 'area'
            when 'strategic_objective' then 'strategic_objective'
            when 'group' then 'objective_group'
            when 'operational_objective' then 'operational_objective'
        end as node_level,
        {{ normalise_code('parent_code') }} as parent_code,
        {{ normalise_code('sub_objective_of') }} as sub_objective_of,
        trim(title) as title,
        nullif(trim(owner), '') as owner,
        nullif(trim(weight_raw), '') as weight_raw,
        {{ parse_italian_number("replace(weight_raw, '%', '')") }} as weight_pct
    from source
),

flagged as (
    select
        *,
        -- Rows with a quarantine_reason are kept here and in the quarantine mart, never used downstream.
        {{ duplicate_key_reason(['entity_code', 'cycle', 'node_code']) }} as duplicate_reason,
        case
            when node_level is null then 'livello di nodo sconosciuto ''' || coalesce(node_level_raw, '') || ''''
            when cycle_start_year is null then 'cycle ''' || coalesce(cycle, '') || ''' non è nel formato aaaa o aaaa-aaaa'
            when node_code is null then 'codice di nodo vuoto'
        end as parse_error
    from parsed
)

select
    *,
    {{ quarantine_columns('tree.node_code_unique', 'tree.node_row_readable') }}
from flagged
