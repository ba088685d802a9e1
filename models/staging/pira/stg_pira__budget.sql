{#-
    Budget rows with amounts parsed. A row whose year is not yyyy or whose type is not detail/total
    is quarantined (file, row, field): the budget marts and the plan's budget links leave it out, and
    every other row flows.
-#}
with source as (
    select
        {{ normalise_code('entity_code') }} as entity_code,
        nullif(trim(budget_year), '') as budget_year_raw,
        cast(source_row as integer) as source_row,
        nullif(trim(row_type), '') as row_type_raw,
        nullif(trim(mission_code), '') as mission_code,
        nullif(trim(mission_name), '') as mission_name,
        nullif(trim(program_code), '') as program_code,
        nullif(trim(program_name), '') as program_name,
        nullif(trim(priority_area), '') as priority_area,
        nullif(trim(mission_statement), '') as mission_statement,
        nullif(trim(preventivo_raw), '') as forecast_raw,
        {{ parse_italian_number('preventivo_raw') }} as forecast_eur,
        nullif(trim(consuntivo_raw), '') as actual_raw,
        {{ parse_italian_number('consuntivo_raw') }} as actual_eur
    from {{ raw_table('raw_budget') }}
),

typed as (
    select
        *,
        case when {{ regex_matches('budget_year_raw', '[0-9]{4}') }} then cast(budget_year_raw as integer) end
            as budget_year,
        case when lower(row_type_raw) in ('detail', 'total') then lower(row_type_raw) end as row_type
    from source
),

flagged as (
    select
        *,
        case
            when budget_year is null then 'budget_year'
            when row_type is null then 'row_type'
        end as quarantine_field
    from typed
)

select
    *,
    case quarantine_field
        when 'budget_year'
            then 'anno di bilancio ''' || coalesce(budget_year_raw, '') || ''' non è nel formato aaaa (budget_year)'
        when 'row_type'
            then 'tipo di riga ''' || coalesce(row_type_raw, '') || ''' non ammesso: detail o total (row_type)'
    end as quarantine_reason,
    case when quarantine_field is not null then 'budget.budget_row_readable' end as quarantine_code
from flagged
