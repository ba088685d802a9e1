{#-
    Every staged link of a plan node to a budget mission and programme, checked against the plan
    and the budget: a link to a node the plan of that cycle does not have, or to a mission or
    programme the entity's budget does not print for the cycle's years, is quarantined, never
    applied. Usable links carry the mission and programme names as the budget prints them (the
    latest budget year of the cycle).
-#}
with links as (
    select * from {{ ref('stg_pira__node_budget_links') }}
),

nodes as (
    select
        entity_code,
        cycle,
        node_code
    from {{ ref('int_plan__nodes') }}
),

programmes as (
    select
        entity_code,
        budget_year,
        mission_code,
        mission_name,
        program_code,
        program_name,
        row_number() over (
            partition by entity_code, budget_year, mission_code, program_code order by source_row
        ) as row_in_programme
    from {{ ref('stg_pira__budget') }}
    where row_type = 'detail' and mission_code is not null and program_code is not null
        and quarantine_reason is null
),

matched as (
    select
        links.source_row,
        max(programmes.budget_year) as mission_budget_year,
        max(case when programmes.program_code = links.program_code then programmes.budget_year end)
            as program_budget_year
    from links
    left join programmes
        on links.entity_code = programmes.entity_code
            and links.mission_code = programmes.mission_code
            and programmes.budget_year between links.cycle_start_year and links.cycle_end_year
            and programmes.row_in_programme = 1
    group by links.source_row
),

checked as (
    select
        links.*,
        nodes.node_code is not null as is_in_plan,
        matched.mission_budget_year,
        matched.program_budget_year
    from links
    left join nodes
        on links.entity_code = nodes.entity_code
            and links.cycle = nodes.cycle
            and links.node_code = nodes.node_code
    inner join matched
        on links.source_row = matched.source_row
),

flagged as (
    select
        *,
        case
            when quarantine_reason is not null then quarantine_field
            when not is_in_plan then 'node_code'
            when mission_budget_year is null then 'mission_code'
            when program_budget_year is null then 'program_code'
        end as checked_field,
        coalesce(
            quarantine_reason,
            case
                when not is_in_plan
                    then 'collegamento al bilancio per un nodo che non esiste nel piano '
                        || cycle || ': ' || node_code || ' (node_code)'
                when mission_budget_year is null
                    then 'missione ' || mission_code || ' assente dal bilancio dell''ente per il ciclo '
                        || cycle || ' (mission_code)'
                when program_budget_year is null
                    then 'programma ' || program_code || ' della missione ' || mission_code
                        || ' assente dal bilancio dell''ente per il ciclo ' || cycle || ' (program_code)'
            end
        ) as checked_reason,
        case when quarantine_reason is not null then quarantine_code
            when not is_in_plan or mission_budget_year is null or program_budget_year is null
                then 'budget_links.budget_link_applicable'
        end as checked_code
    from checked
)

select
    flagged.source_row,
    flagged.entity_code,
    flagged.cycle,
    flagged.node_code,
    flagged.mission_code,
    programmes.mission_name,
    flagged.program_code,
    programmes.program_name,
    flagged.checked_field as quarantine_field,
    flagged.checked_reason as quarantine_reason,
    flagged.checked_code as quarantine_code
from flagged
left join programmes
    on flagged.checked_reason is null
        and flagged.entity_code = programmes.entity_code
        and flagged.program_budget_year = programmes.budget_year
        and flagged.mission_code = programmes.mission_code
        and flagged.program_code = programmes.program_code
        and programmes.row_in_programme = 1
