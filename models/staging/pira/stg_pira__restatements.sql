{#-
    Restatements of a closed period: the decision (reason, who, when) that authorises a new version
    of figures already published. decided_on parsed from dd/mm/yyyy; a row without reason, who
    decided or a real date, or sharing its key, is quarantined.
-#}
with source as (
    select
        {{ raw_row_number() }} as source_row,
        {{ normalise_code('entity_code') }} as entity_code,
        trim(period) as period,
        nullif(trim(reason), '') as restatement_reason,
        nullif(trim(decided_by), '') as decided_by,
        decided_on as decided_on_raw,
        {{ try_parse_date("replace(trim(decided_on), '/', '-')") }} as decided_on
    from {{ raw_table('raw_restatements') }}
),

flagged as (
    select
        *,
        case
            when restatement_reason is null then 'reason'
            when decided_by is null then 'decided_by'
            when decided_on is null then 'decided_on'
        end as parse_error_field,
        case
            when restatement_reason is null then 'rettifica senza motivazione (reason)'
            when decided_by is null then 'rettifica senza chi l''ha decisa (decided_by)'
            when decided_on is null
                then 'data ''' || coalesce(decided_on_raw, '') || ''' non è una data gg/mm/aaaa (decided_on)'
        end as parse_error
    from source
),

keyed as (
    select
        *,
        {{ duplicate_key_reason(['entity_code', 'period', 'decided_on']) }} as duplicate_reason
    from flagged
)

select
    *,
    case when duplicate_reason is not null then 'decided_on' else parse_error_field end as quarantine_field,
    {{ quarantine_columns('restatements.restatement_unique', 'restatements.restatement_row_readable') }}
from keyed
