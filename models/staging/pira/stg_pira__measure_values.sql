{#-
    Measure rows from the embedded extract (seed) and from the landed files in force
    (raw_landing.current_files: a removed or replaced file's rows stay in raw_landing.measure_values
    as history, not here), parsed with try semantics: a field that does not parse gives null and
    parse_error says why, in parse_error_field. File and row kept for every row.
    A view like the other staging models: int_measures__ranked reads it once and keeps every row
    with its parse; the row count and the key tests read only the key columns.
-#}
with seeded as (
    select
        '{{ raw_table_file('raw_measure_values') }}' as source_file,
        cast(source_row as integer) as source_row,
        cast(null as {{ dbt.type_timestamp() }}) as loaded_at,
        entity_code,
        period,
        measure_code,
        value_raw,
        unit_raw,
        source,
        extracted_at,
        cast(null as {{ dbt.type_string() }}) as load_error
    from {{ raw_table('raw_measure_values') }}
),

landed as (
    select
        landed.source_file,
        landed.source_row,
        landed.loaded_at,
        landed.entity_code,
        landed.period,
        landed.measure_code,
        landed.value_raw,
        landed.unit_raw,
        landed.source,
        landed.extracted_at,
        landed.load_error
    from {{ source('landing', 'measure_values') }} as landed
    inner join {{ source('landing', 'current_files') }} as current_files
        on landed.source_file = current_files.source_file
            and landed.file_sha256 = current_files.file_sha256
),

unioned as (
    select * from seeded
    union all
    select * from landed
),

source as (
    select
        source_file,
        source_row,
        loaded_at,
        {{ normalise_code('entity_code') }} as entity_code,
        trim(period) as period,
        {{ normalise_code('measure_code') }} as measure_code,
        value_raw,
        trim(value_raw) as value_text,
        nullif(trim(unit_raw), '') as unit,
        trim(source) as source,
        extracted_at as extracted_at_raw,
        nullif(trim(extracted_at), '') as extracted_at_text,
        load_error
    from unioned
),

typed as (
    select
        *,
        upper(coalesce(value_text, '')) in ('N/D', 'ND', 'N.D.') as is_not_available,
        case when unit = 'date' or {{ regex_matches('value_text', '[0-9]{2}-[0-9]{2}-[0-9]{4}') }}
                then {{ try_parse_date('value_text') }}
        end as value_date,
        case when coalesce(unit, '') != 'date'
                then {{ parse_italian_number("replace(value_text, '%', '')") }}
        end as value_number,
        case when coalesce(unit, '') != 'date'
                then {{ is_italian_number_text("replace(value_text, '%', '')") }}
        end as is_number_text,
        {{ regex_matches('period', '[0-9]{4}(-Q[1-4])?') }} as is_period_well_formed,
        {{ try_parse_timestamp('extracted_at_text') }} as extracted_at
    from source
),

checked as (
    select
        *,
        -- The first problem of the row, field by field: row-level problems first (the row cannot be
        -- placed), then the value.
        case
            when load_error is not null then 'row'
            when entity_code is null then 'entity_code'
            when measure_code is null then 'measure_code'
            when not coalesce(is_period_well_formed, false) then 'period'
            when extracted_at is null then 'extracted_at'
            when value_text is null or value_text = '' or is_not_available
                or (unit = 'date' and value_date is null)
                or (coalesce(unit, '') != 'date' and value_number is null)
                or (unit = 'N.' and value_number < 0) then 'value_raw'
        end as parse_error_field
    from typed
)

select
    source_file,
    source_row,
    loaded_at,
    entity_code,
    period,
    case when is_period_well_formed then cast(substr(period, 1, 4) as integer) end as period_year,
    case when {{ regex_matches('period', '[0-9]{4}-Q[1-4]') }}
            then cast({{ dbt.right('period', 1) }} as integer)
    end as period_quarter,
    measure_code,
    value_raw,
    value_number,
    value_date,
    unit,
    is_not_available,
    source,
    extracted_at_raw,
    extracted_at,
    load_error,
    parse_error_field,
    case parse_error_field
        when 'row' then 'riga non leggibile: ' || load_error
        when 'entity_code' then 'codice dell''ente vuoto'
        when 'measure_code' then 'codice della misura vuoto'
        when 'period' then 'period ''' || coalesce(period, '') || ''' non è nel formato aaaa o aaaa-Qn'
        when 'extracted_at'
            then
                case when extracted_at_text is null then 'extracted_at vuoto: la riga non si può collocare tra le estrazioni'
                    else 'extracted_at ''' || extracted_at_text || ''' non è una data e ora '
                        || '(aaaa-mm-gg hh:mm:ss, gg/mm/aaaa hh:mm, gg/mm/aaaa, aaaa-mm-gg)'
                end
        when 'value_raw' then
            case
                when value_text is null or value_text = '' then 'valore vuoto'
                when is_not_available then 'valore non disponibile (N/D)'
                when unit = 'date' and value_date is null
                    then 'valore ''' || value_text || ''' non è una data gg-mm-aaaa'
                when coalesce(unit, '') != 'date' and value_number is null and is_number_text
                    then 'valore ''' || value_text || ''' non è un numero finito minore di 1e15 in valore assoluto'
                when coalesce(unit, '') != 'date' and value_number is null
                    then 'valore ''' || value_text || ''' non è un numero in formato italiano'
                when unit = 'N.' and value_number < 0 then 'un conteggio non può essere negativo: ' || value_text
            end
    end as parse_error,
    -- The check catalogue's rule the problem falls under (seeds/catalogue/check_catalogue.csv).
    case
        when parse_error_field is null then null
        when parse_error_field != 'value_raw' then 'measures.measure_row_placed'
        when is_not_available then 'measures.measure_available'
        when unit = 'N.' and value_number < 0 then 'measures.count_not_negative'
        else 'measures.measure_parses'
    end as parse_error_code
from checked
