{#- Every measure a formula needs, per computed period: present, missing, unknown or quarantined. -#}
with required as (
    select distinct
        periods.entity_code,
        periods.period,
        terms.indicator_code,
        terms.measure_code
    from {{ ref('int_formulas__terms') }} as terms
    inner join {{ ref('int_plan__periods') }} as periods
        on terms.entity_code = periods.entity_code
    where terms.measure_code is not null
),

known as (
    select distinct entity_code, measure_code from {{ ref('stg_pira__measure_values') }}
)

select
    required.entity_code,
    required.period,
    required.indicator_code,
    required.measure_code,
    case
        when known.measure_code is null then 'unknown'
        when measures.measure_code is null then 'missing'
        when measures.quarantine_reason is not null then 'quarantined'
        else 'present'
    end as measure_status
from required
left join known
    on required.entity_code = known.entity_code and required.measure_code = known.measure_code
left join (
    select distinct entity_code, period, measure_code, max(quarantine_reason) as quarantine_reason
    from {{ ref('int_measures__current') }}
    group by entity_code, period, measure_code
) as measures
    on required.entity_code = measures.entity_code
    and required.period = measures.period
    and required.measure_code = measures.measure_code
