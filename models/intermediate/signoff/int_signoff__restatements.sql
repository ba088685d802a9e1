{#- The usable restatements of closed periods (quarantined rows left out here, once). -#}
select
    entity_code,
    period,
    restatement_reason,
    decided_by,
    decided_on
from {{ ref('stg_pira__restatements') }}
where quarantine_reason is null
