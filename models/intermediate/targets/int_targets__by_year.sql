{#- One target per entity, indicator and year; a key written twice gives no target, only the reason. -#}
with targets as (
    select * from {{ ref('stg_pira__targets') }}
    where target_year is not null
)

select
    entity_code,
    indicator_code,
    target_year,
    case when count(*) = 1 then max(target_raw) end as target_raw,
    case when count(*) = 1 then max(target_operator) end as target_operator,
    case when count(*) = 1 then max(target_value) end as target_value,
    case when count(*) = 1 then max(target_unit) end as target_unit,
    case when count(*) = 1 then max(target_date) end as target_date,
    case when count(*) = 1 then max(parse_error) else max(duplicate_reason) end as target_problem
from targets
group by entity_code, indicator_code, target_year
