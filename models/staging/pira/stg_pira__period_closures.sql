{#-
    Closing of a period's figures, one row per entity and period: from closed_on the figures are
    kept as published (marts.fct_published_results_history). closed_on parsed from dd/mm/yyyy; a row
    without a real date, who closed it or the act, or sharing its key, is quarantined.
-#}
with source as (
    select
        {{ raw_row_number() }} as source_row,
        {{ normalise_code('entity_code') }} as entity_code,
        trim(period) as period,
        closed_on as closed_on_raw,
        {{ try_parse_date("replace(trim(closed_on), '/', '-')") }} as closed_on,
        nullif(trim(closed_by), '') as closed_by,
        nullif(trim(act_reference), '') as act_reference
    from {{ raw_table('raw_period_closures') }}
),

flagged as (
    select
        *,
        case
            when nullif(period, '') is null then 'period'
            when closed_on is null then 'closed_on'
            when closed_by is null then 'closed_by'
            when act_reference is null then 'act_reference'
        end as parse_error_field,
        case
            when nullif(period, '') is null then 'chiusura senza periodo (period)'
            when closed_on is null
                then 'data ''' || coalesce(closed_on_raw, '') || ''' non è una data gg/mm/aaaa (closed_on)'
            when closed_by is null then 'chiusura senza chi chiude il periodo (closed_by)'
            when act_reference is null then 'chiusura senza atto di riferimento (act_reference)'
        end as parse_error
    from source
),

keyed as (
    select
        *,
        {{ duplicate_key_reason(['entity_code', 'period']) }} as duplicate_reason
    from flagged
)

select
    *,
    case when duplicate_reason is not null then 'period' else parse_error_field end as quarantine_field,
    {{ quarantine_columns('closures.closure_unique', 'closures.closure_row_readable') }}
from keyed
