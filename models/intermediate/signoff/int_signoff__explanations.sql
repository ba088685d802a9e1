{#- The usable explanations of deviations (quarantined rows left out here, once). -#}
select
    entity_code,
    period,
    node_code,
    indicator_code,
    explanation_text,
    author,
    written_on
from {{ ref('stg_pira__commentary') }}
where quarantine_reason is null
