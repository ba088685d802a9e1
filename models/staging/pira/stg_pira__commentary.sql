{#-
    The owners' explanations of deviations, one row per entity, period, node and indicator (empty
    indicator: the objective itself). Text trimmed and kept as written; written_on parsed from
    dd/mm/yyyy. A row without text, author or a real date, or sharing its key, is quarantined.
-#}
with source as (
    select
        {{ raw_row_number() }} as source_row,
        {{ normalise_code('entity_code') }} as entity_code,
        trim(period) as period,
        {{ normalise_code('node_code') }} as node_code,
        nullif({{ normalise_code('indicator_code') }}, '') as indicator_code,
        nullif(trim(text), '') as explanation_text,
        nullif(trim(author), '') as author,
        written_on as written_on_raw,
        {{ try_parse_date("replace(trim(written_on), '/', '-')") }} as written_on
    from {{ raw_table('raw_commentary') }}
),

flagged as (
    select
        *,
        case
            when nullif(node_code, '') is null then 'node_code'
            when explanation_text is null then 'text'
            when author is null then 'author'
            when written_on is null then 'written_on'
        end as parse_error_field,
        case
            when nullif(node_code, '') is null then 'una motivazione deve indicare il nodo (node_code)'
            when explanation_text is null then 'motivazione senza testo (text)'
            when author is null then 'motivazione senza autore (author)'
            when written_on is null
                then 'data ''' || coalesce(written_on_raw, '') || ''' non è una data gg/mm/aaaa (written_on)'
        end as parse_error
    from source
),

keyed as (
    select
        *,
        {{ duplicate_key_reason(['entity_code', 'period', 'node_code', 'indicator_code']) }} as duplicate_reason
    from flagged
)

select
    *,
    case when duplicate_reason is not null then 'indicator_code' else parse_error_field end as quarantine_field,
    {{ quarantine_columns('commentary.commentary_unique', 'commentary.commentary_row_readable') }}
from keyed
