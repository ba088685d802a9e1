{#-
    Per-indicator exceptions to the accumulation rule of the quarterly monitoring (flow, stock,
    deadline). A row with an unknown kind, no note or a duplicated key is kept with the reason and not applied.
-#}
with parsed as (
    select
        {{ raw_row_number() }} as source_row,
        {{ normalise_code('entity_code') }} as entity_code,
        {{ normalise_code('indicator_code') }} as indicator_code,
        accumulation_kind as accumulation_kind_raw,
        lower(trim(accumulation_kind)) as accumulation_kind,
        nullif(trim(note), '') as note,
        case
            when coalesce(lower(trim(accumulation_kind)), '') not in ('flow', 'stock', 'deadline')
                then 'accumulation_kind deve essere flow, stock o deadline, non '''
                    || coalesce(accumulation_kind, '') || ''''
            when nullif(trim(note), '') is null then 'un''eccezione di cumulo richiede una nota che ne dica il motivo'
        end as parse_error
    from {{ raw_table('raw_indicator_accumulation') }}
)

select
    *,
    coalesce({{ duplicate_key_reason(['entity_code', 'indicator_code']) }}, parse_error) as quarantine_reason
from parsed
