with parsed as (
    select
        {{ raw_row_number() }} as source_row,
        {{ normalise_code('entity_code') }} as entity_code,
        trim(period) as period,
        {{ normalise_code('node_code') }} as node_code,
        {{ normalise_code('indicator_code') }} as indicator_code,
        lower(trim(override_field)) as override_field,
        override_value_raw,
        {{ parse_italian_number("replace(override_value_raw, '%', '')") }} as override_value,
        nullif(trim(justification), '') as justification,
        nullif(trim(decided_by), '') as decided_by,
        {{ dbt.safe_cast('decided_on', api.Column.translate_type('date')) }} as decided_on,
        case
            when lower(trim(override_field)) not in ('actual_value', 'achievement_pct') then 'override_field'
            when {{ parse_italian_number("replace(override_value_raw, '%', '')") }} is null then 'override_value_raw'
            when nullif(trim(justification), '') is null then 'justification'
            when nullif(trim(decided_by), '') is null then 'decided_by'
        end as parse_error_field,
        case
            when lower(trim(override_field)) not in ('actual_value', 'achievement_pct')
                then 'override_field deve essere actual_value o achievement_pct'
            when {{ parse_italian_number("replace(override_value_raw, '%', '')") }} is null
                then 'valore della rettifica ''' || coalesce(override_value_raw, '') || ''' non è un numero in formato italiano'
            when nullif(trim(justification), '') is null then 'una rettifica richiede una motivazione (justification)'
            when nullif(trim(decided_by), '') is null then 'una rettifica richiede chi l''ha decisa (decided_by)'
        end as parse_error
    from {{ raw_table('raw_overrides') }}
),

keyed as (
    select
        *,
        {{ duplicate_key_reason(['entity_code', 'period', 'node_code', 'indicator_code']) }} as duplicate_reason
    from parsed
)

select
    *,
    coalesce(duplicate_reason, parse_error) as quarantine_reason,
    case when duplicate_reason is not null then 'indicator_code' else parse_error_field end as quarantine_field
from keyed
