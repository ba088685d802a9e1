{#- Every measure row of the latest extraction with its problems spelled out (validated by expectations/measures). -#}
select
    entity_code,
    period,
    measure_code,
    source_file,
    source_row,
    value_raw,
    value_number,
    unit,
    quarantine_reason,
    quarantine_reason is null or quarantine_reason not like 'duplicated%' as is_unique,
    quarantine_reason is null
    or quarantine_reason like 'duplicated%'
    or quarantine_reason like 'a count cannot be negative%'
    or quarantine_reason = 'value not available (N/D)' as is_parsed,
    coalesce(quarantine_reason, '') <> 'value not available (N/D)' as is_available,
    not (unit = 'N.' and value_number < 0) as is_non_negative_count
from {{ ref('int_measures__current') }}
