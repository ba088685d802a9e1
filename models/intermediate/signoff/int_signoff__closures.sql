{#- The usable closings of a period (quarantined rows left out here, once). -#}
select
    entity_code,
    period,
    closed_on,
    closed_by,
    act_reference
from {{ ref('stg_pira__period_closures') }}
where quarantine_reason is null
