{#- The usable indicator assignments (quarantined rows left out here, once) with the weight each enters its node's mean with. -#}
select
    entity_code,
    cycle,
    cycle_start_year,
    cycle_end_year,
    source_row,
    node_code,
    indicator_code,
    weight_raw,
    weight_pct,
    {{ rollup_weight('weight_pct', ['entity_code', 'cycle', 'node_code']) }} as rollup_weight
from {{ ref('stg_pira__indicator_assignments') }}
where quarantine_reason is null
