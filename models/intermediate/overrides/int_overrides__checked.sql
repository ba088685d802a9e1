{#- Overrides checked against the plan: one for an indicator or node that does not exist is quarantined, never applied. -#}
with overrides as (
    select * from {{ ref('stg_pira__overrides') }}
),

assignments as (
    select * from {{ ref('int_plan__assignments') }}
),

indicators as (
    select distinct
        entity_code,
        indicator_code
    from assignments
),

nodes_scoring as (
    select distinct
        entity_code,
        indicator_code,
        node_code
    from assignments
)

select
    overrides.source_row,
    overrides.entity_code,
    overrides.period,
    overrides.node_code,
    overrides.indicator_code,
    overrides.override_field,
    overrides.override_value_raw,
    overrides.override_value,
    overrides.justification,
    overrides.decided_by,
    overrides.decided_on,
    case
        when overrides.quarantine_reason is not null then overrides.quarantine_field
        when indicators.indicator_code is null or (overrides.node_code is not null and nodes_scoring.node_code is null)
            then 'indicator_code'
    end as quarantine_field,
    coalesce(
        overrides.quarantine_reason,
        case
            when indicators.indicator_code is null
                then 'rettifica per un indicatore che non esiste nel piano: '
                    || coalesce(overrides.indicator_code, '')
            when overrides.node_code is not null and nodes_scoring.node_code is null
                then 'rettifica per l''indicatore ' || overrides.indicator_code || ' sul nodo '
                    || overrides.node_code || ', a cui non è assegnato'
        end
    ) as quarantine_reason
from overrides
left join indicators
    on overrides.entity_code = indicators.entity_code
        and overrides.indicator_code = indicators.indicator_code
left join nodes_scoring
    on overrides.entity_code = nodes_scoring.entity_code
        and overrides.indicator_code = nodes_scoring.indicator_code
        and overrides.node_code = nodes_scoring.node_code
