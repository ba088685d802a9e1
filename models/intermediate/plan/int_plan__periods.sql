{#- The periods computed for each entity: those its measure extracts cover (quarantined rows included),
    narrowed to the rows of control.requested_periods when it has any (data, never SQL text). -#}
with measures as (
    select
        entity_code,
        period,
        period_year,
        period_quarter
    from {{ ref('int_measures__current') }}
    where period_year is not null
),

requested as (
    select distinct period
    from {{ source('control', 'requested_periods') }}
),

request_size as (
    select count(*) as requested_count
    from requested
),

final as (
    select distinct
        measures.entity_code,
        measures.period,
        measures.period_year,
        measures.period_quarter,
        case when measures.period_quarter is null then 'year' else 'quarter' end as period_type
    from measures
    cross join request_size
    left join requested
        on measures.period = requested.period
    where request_size.requested_count = 0 or requested.period is not null
)

select * from final
