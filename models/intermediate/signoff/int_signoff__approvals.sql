{#- The usable approvals of a period's figures (quarantined rows left out here, once), in date order. -#}
select
    entity_code,
    period,
    approval_stage,
    approved_by,
    approved_on,
    act_reference,
    row_number() over (partition by entity_code, period order by approved_on, approval_stage) as stage_order
from {{ ref('stg_pira__approvals') }}
where quarantine_reason is null
