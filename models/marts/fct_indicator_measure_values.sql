{#-
    The terms behind each indicator and period: one row per term of the accepted formula
    (sign · coefficient · measure, on the numerator or the denominator), with the measure value in
    force and its status (int_measures__by_period: the latest extraction wins), its unit, source and
    whether the source is synthetic. A report prints these values; it never parses the formula itself.
    Incremental by period like the other facts.
-#}
with by_period as (
    select * from {{ ref('int_measures__by_period') }}
),

conflicting as (
    -- Two different values in force for one key are both quarantined: one row, no value, the reason
    -- kept. Only such terms can have several rows, so only they are ranked.
    select
        *,
        count(*) over (partition by entity_code, period, indicator_code, side, term_number) as rows_in_force,
        row_number() over (
            partition by entity_code, period, indicator_code, side, term_number
            order by value_raw, measure_source
        ) as row_rank
    from by_period
    where is_conflicting_duplicate
),

final as (
    select
        *,
        1 as rows_in_force,
        1 as row_rank
    from by_period
    where not is_conflicting_duplicate
    union all
    select * from conflicting
    where row_rank = 1
)

select
    cast(entity_code as {{ dbt.type_string() }}) as entity_code,
    cast(period as {{ dbt.type_string() }}) as period,
    cast(period_type as {{ dbt.type_string() }}) as period_type,
    cast(indicator_code as {{ dbt.type_string() }}) as indicator_code,
    cast(side as {{ dbt.type_string() }}) as term_role,
    cast(term_number as integer) as term_number,
    cast(term_sign as integer) as term_sign,
    cast(coefficient as double) as coefficient,
    cast(measure_code as {{ dbt.type_string() }}) as measure_code,
    cast(measure_status not in ('unknown', 'missing') as boolean) as is_value_found,
    cast(case when rows_in_force = 1 then value_raw end as {{ dbt.type_string() }}) as value_raw,
    cast(case when rows_in_force = 1 then value_number end as double) as value_number,
    {{ reported_decimal('case when rows_in_force = 1 then value_number end') }} as value_number_reported,
    cast(case when rows_in_force = 1 then value_date end as date) as value_date,
    cast(measure_unit as {{ dbt.type_string() }}) as unit,
    cast(measure_status = 'not_available' as boolean) as is_not_available,
    cast(measure_source as {{ dbt.type_string() }}) as source,
    cast(measure_extracted_at as {{ dbt.type_timestamp() }}) as extracted_at,
    cast(is_synthetic as boolean) as is_synthetic,
    cast(quarantine_reason as {{ dbt.type_string() }}) as quarantine_reason
from final
{{ cluster_rows_by(['period']) }}
