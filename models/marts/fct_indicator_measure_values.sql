{#-
    The terms behind each indicator and period: one row per term of the accepted formula
    (sign · coefficient · measure, on the numerator or the denominator), with the measure value in
    force (int_measures__current: the latest extraction wins), its unit, source and whether the
    source is synthetic. A report prints these values; it never parses the formula itself.
    Incremental by period like the other facts.
-#}
with in_force as (
    select
        current_rows.*,
        ranked.is_not_available,
        count(*) over (partition by current_rows.entity_code, current_rows.period, current_rows.measure_code) as rows_in_force,
        row_number() over (
            partition by current_rows.entity_code, current_rows.period, current_rows.measure_code
            order by current_rows.source_file, current_rows.source_row
        ) as row_rank
    from {{ ref('int_measures__current') }} as current_rows
    -- The N/D flag of staging, carried by the ranked rows.
    left join {{ ref('int_measures__ranked') }} as ranked
        on current_rows.source_file = ranked.source_file
        and current_rows.source_row = ranked.source_row
),

measures as (
    -- Two different values in force for one key are both quarantined: no value, the reason kept.
    select * from in_force where row_rank = 1
),

terms as (
    select
        periods.entity_code,
        periods.period,
        periods.period_type,
        terms.indicator_code,
        terms.side,
        terms.term_number,
        terms.term_sign,
        terms.coefficient,
        terms.measure_code
    from {{ ref('int_formulas__terms') }} as terms
    inner join {{ ref('int_plan__periods') }} as periods
        on terms.entity_code = periods.entity_code
)

select
    cast(terms.entity_code as {{ dbt.type_string() }}) as entity_code,
    cast(terms.period as {{ dbt.type_string() }}) as period,
    cast(terms.period_type as {{ dbt.type_string() }}) as period_type,
    cast(terms.indicator_code as {{ dbt.type_string() }}) as indicator_code,
    cast(terms.side as {{ dbt.type_string() }}) as term_role,
    cast(terms.term_number as integer) as term_number,
    cast(terms.term_sign as integer) as term_sign,
    cast(terms.coefficient as double) as coefficient,
    cast(terms.measure_code as {{ dbt.type_string() }}) as measure_code,
    cast(terms.measure_code is null or measures.measure_code is not null as boolean) as is_value_found,
    cast(case when measures.rows_in_force = 1 then measures.value_raw end as {{ dbt.type_string() }}) as value_raw,
    cast(case when measures.rows_in_force = 1 then measures.value_number end as double) as value_number,
    {{ reported_decimal('case when measures.rows_in_force = 1 then measures.value_number end') }} as value_number_reported,
    cast(case when measures.rows_in_force = 1 then measures.value_date end as date) as value_date,
    cast(measures.unit as {{ dbt.type_string() }}) as unit,
    cast(coalesce(measures.is_not_available, false) as boolean) as is_not_available,
    cast(measures.source as {{ dbt.type_string() }}) as source,
    cast(measures.extracted_at as {{ dbt.type_timestamp() }}) as extracted_at,
    cast({{ is_synthetic_source('measures.source') }} as boolean) as is_synthetic,
    cast(measures.quarantine_reason as {{ dbt.type_string() }}) as quarantine_reason
from terms
left join measures
    on terms.entity_code = measures.entity_code
    and terms.period = measures.period
    and terms.measure_code = measures.measure_code
