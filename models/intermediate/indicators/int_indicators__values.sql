{#-
    Indicator values per entity and period, evaluated set-based from the formula term rows:
    Σ sign·coefficient·measure over the numerator, divided by the same over the denominator.
    A ratio whose unit is % is expressed in percent. Anything that prevents a value gives a reason.
-#}
with periods as (
    select * from {{ ref('int_plan__periods') }}
),

definitions as (
    select
        definitions.entity_code,
        definitions.indicator_code,
        definitions.unit,
        parsed.is_valid as is_formula_valid,
        parsed.rejection_reason,
        parsed.has_denominator,
        parsed.term_count,
        parsed.measure_term_count
    from {{ ref('stg_pira__indicators') }} as definitions
    inner join {{ ref('int_formulas__parsed') }} as parsed
        on definitions.entity_code = parsed.entity_code
        and definitions.indicator_code = parsed.indicator_code
    where definitions.quarantine_reason is null
),

measures as (
    select * from {{ ref('int_measures__current') }}
),

known_measures as (
    select distinct entity_code, measure_code from {{ ref('stg_pira__measure_values') }}
),

term_values as (
    select
        periods.entity_code,
        periods.period,
        terms.indicator_code,
        terms.side,
        terms.term_number,
        terms.measure_code,
        terms.term_sign * terms.coefficient * case
            when terms.measure_code is null then 1
            else measures.value_number
        end as term_value,
        measures.value_date,
        measures.unit as measure_unit,
        case
            when terms.measure_code is null then null
            when known_measures.measure_code is null then 'unknown measure code ''' || terms.measure_code || ''''
            when measures.measure_code is null
                then 'measure ''' || terms.measure_code || ''' missing for period ' || periods.period
            when measures.quarantine_reason is not null
                then 'measure ''' || terms.measure_code || ''': ' || measures.quarantine_reason
        end as term_problem
    from {{ ref('int_formulas__terms') }} as terms
    inner join periods
        on terms.entity_code = periods.entity_code
    left join known_measures
        on terms.entity_code = known_measures.entity_code
        and terms.measure_code = known_measures.measure_code
    left join measures
        on terms.entity_code = measures.entity_code
        and periods.period = measures.period
        and terms.measure_code = measures.measure_code
),

ranked_problems as (
    select
        entity_code,
        period,
        indicator_code,
        term_problem,
        row_number() over (
            partition by entity_code, period, indicator_code
            order by case when term_problem like 'unknown%' then 1 when term_problem like '%missing%' then 2 else 3 end,
                side desc, term_number
        ) as problem_rank
    from term_values
    where term_problem is not null
),

sides as (
    select
        entity_code,
        period,
        indicator_code,
        sum(case when side = 'numerator' then term_value end) as numerator_value,
        sum(case when side = 'denominator' then term_value end) as denominator_value,
        max(value_date) as value_date,
        max(case when measure_code is not null then measure_unit end) as measure_unit,
        min(case when measure_code is not null then measure_unit end) as other_measure_unit
    from term_values
    group by entity_code, period, indicator_code
),

evaluated as (
    select
        periods.entity_code,
        periods.period,
        definitions.indicator_code,
        definitions.unit,
        definitions.is_formula_valid,
        definitions.has_denominator,
        sides.numerator_value,
        sides.denominator_value,
        sides.value_date,
        sides.measure_unit,
        sides.other_measure_unit,
        case
            when not definitions.is_formula_valid then 'formula rejected: ' || definitions.rejection_reason
            when problems.term_problem is not null then problems.term_problem
            when definitions.unit = 'date' and (definitions.has_denominator or definitions.term_count <> 1
                or definitions.measure_term_count <> 1)
                then 'a date indicator''s formula must be a single measure'
            when definitions.unit = 'date' and sides.value_date is null
                then 'measure of a date indicator is not a date'
            when definitions.unit <> 'date' and sides.value_date is not null and sides.numerator_value is null
                then 'measure is a date but the indicator is not'
            when definitions.has_denominator and sides.denominator_value = 0
                then 'division by zero: the denominator is 0 in period ' || periods.period
        end as not_evaluated_reason
    from periods
    inner join definitions
        on periods.entity_code = definitions.entity_code
    left join sides
        on periods.entity_code = sides.entity_code
        and periods.period = sides.period
        and definitions.indicator_code = sides.indicator_code
    left join ranked_problems as problems
        on periods.entity_code = problems.entity_code
        and periods.period = problems.period
        and definitions.indicator_code = problems.indicator_code
        and problems.problem_rank = 1
)

select
    entity_code,
    period,
    indicator_code,
    unit as actual_unit,
    case when not_evaluated_reason is null and unit <> 'date' then
        case when has_denominator
            then numerator_value / denominator_value * case when unit = '%' then 100 else 1 end
            else numerator_value
        end
    end as actual_value,
    case when not_evaluated_reason is null and unit = 'date' then value_date end as actual_date,
    numerator_value,
    denominator_value,
    measure_unit,
    not_evaluated_reason
from evaluated
