{#- The usable baselines (quarantined rows left out here, once): past values per entity, indicator and year. -#}
select
    entity_code,
    indicator_code,
    baseline_year,
    value_number,
    value_date,
    unit,
    source_row
from {{ ref('stg_pira__baselines') }}
where quarantine_reason is null
