{#- Measure rows replaced by a later extraction of the same entity, period and measure code: the history of what was reported when. -#}
with measures as (
    select
        *,
        coalesce(extracted_at, loaded_at) as reported_at
    from {{ ref('stg_pira__measure_values') }}
)

select
    source_file,
    source_row,
    entity_code,
    period,
    measure_code,
    value_raw,
    extracted_at,
    loaded_at,
    superseded_by_reported_at
from (
    select
        *,
        max(reported_at) over (partition by entity_code, period, measure_code) as superseded_by_reported_at
    from measures
) as ranked
where reported_at < superseded_by_reported_at
