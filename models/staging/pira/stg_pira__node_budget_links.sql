{#-
    Links of plan nodes (strategic or operational objectives) to the budget mission and programme
    they draw on, one row per entity, cycle and node, as the Piano della performance or the
    Relazione previsionale e programmatica prints them. A row without node, mission or programme,
    or sharing its key, is quarantined; int_plan__budget_links checks the rest against the plan
    and the budget.
-#}
with source as (
    select
        {{ raw_row_number() }} as source_row,
        {{ normalise_code('entity_code') }} as entity_code,
        trim(cycle) as cycle,
        {{ cycle_year('cycle', 'start') }} as cycle_start_year,
        {{ cycle_year('cycle', 'end') }} as cycle_end_year,
        {{ normalise_code('node_code') }} as node_code,
        {{ normalise_code('mission_code') }} as mission_code,
        {{ normalise_code('program_code') }} as program_code
    from {{ raw_table('raw_node_budget_links') }}
),

flagged as (
    select
        *,
        case
            when node_code is null then 'node_code'
            when cycle_start_year is null then 'cycle'
            when mission_code is null then 'mission_code'
            when program_code is null then 'program_code'
        end as parse_error_field,
        case
            when node_code is null then 'collegamento al bilancio senza nodo del piano (node_code)'
            when cycle_start_year is null
                then 'ciclo ''' || coalesce(cycle, '') || ''' non è un anno aaaa o un periodo aaaa-aaaa (cycle)'
            when mission_code is null then 'collegamento al bilancio senza missione (mission_code)'
            when program_code is null then 'collegamento al bilancio senza programma (program_code)'
        end as parse_error
    from source
),

keyed as (
    select
        *,
        {{ duplicate_key_reason(['entity_code', 'cycle', 'node_code']) }} as duplicate_reason
    from flagged
)

select
    *,
    case when duplicate_reason is not null then 'node_code' else parse_error_field end as quarantine_field,
    {{ quarantine_columns('budget_links.budget_link_unique', 'budget_links.budget_link_row_readable') }}
from keyed
