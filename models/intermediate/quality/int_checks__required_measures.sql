{#- Every measure a formula needs, per computed period: present, missing, unknown, not available or quarantined. -#}
select distinct
    entity_code,
    period,
    indicator_code,
    measure_code,
    measure_status
from {{ ref('int_measures__by_period') }}
where measure_code is not null
