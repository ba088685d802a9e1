{#-
    Sign-off of a period's figures, one row per entity, period and stage (validazione OIV,
    approvazione Giunta). approved_on parsed from dd/mm/yyyy; a row without stage, approver, a real
    date or act reference, or sharing its key, is quarantined.
-#}
with source as (
    select
        {{ raw_row_number() }} as source_row,
        {{ normalise_code('entity_code') }} as entity_code,
        trim(period) as period,
        nullif(trim(stage), '') as approval_stage,
        nullif(trim(approved_by), '') as approved_by,
        approved_on as approved_on_raw,
        {{ try_parse_date("replace(trim(approved_on), '/', '-')") }} as approved_on,
        nullif(trim(act_reference), '') as act_reference
    from {{ raw_table('raw_approvals') }}
),

flagged as (
    select
        *,
        case
            when approval_stage is null then 'stage'
            when approved_by is null then 'approved_by'
            when approved_on is null then 'approved_on'
            when act_reference is null then 'act_reference'
        end as parse_error_field,
        case
            when approval_stage is null then 'approvazione senza fase (stage)'
            when approved_by is null then 'approvazione senza chi approva (approved_by)'
            when approved_on is null
                then 'data ''' || coalesce(approved_on_raw, '') || ''' non è una data gg/mm/aaaa (approved_on)'
            when act_reference is null then 'approvazione senza atto di riferimento (act_reference)'
        end as parse_error
    from source
),

keyed as (
    select
        *,
        {{ duplicate_key_reason(['entity_code', 'period', 'approval_stage']) }} as duplicate_reason
    from flagged
)

select
    *,
    case when duplicate_reason is not null then 'stage' else parse_error_field end as quarantine_field,
    {{ quarantine_columns('approvals.approval_unique', 'approvals.approval_row_readable') }}
from keyed
