{#- The usable indicator assignments (quarantined rows left out here, once) with the weight each enters its node's mean with. -#}
select
    *,
    {{ rollup_weight('weight_pct', ['entity_code', 'cycle', 'node_code']) }} as rollup_weight
from {{ ref('stg_pira__indicator_assignments') }}
where quarantine_reason is null
