{#-
    Indicator values per entity and period, evaluated set-based from the formula term rows:
    Σ sign·coefficient·measure over the numerator, divided by the same over the denominator.
    A ratio whose unit is % is expressed in percent. Anything that prevents a value gives a reason.
    A view: int_indicators__results reads it once (a table cost a 720,000-row write at national scale).
-#}
{{ config(materialized='view') }}

with periods as (
    select * from {{ ref('int_plan__periods') }}
),

definitions as (
    select * from {{ ref('int_indicators__definitions') }}
),

term_values as (
    select
        entity_code,
        period,
        indicator_code,
        side,
        term_number,
        measure_code,
        measure_status,
        term_sign * coefficient * case
            when measure_code is null then 1
            else value_number
        end as term_value,
        value_date,
        measure_unit,
        value_raw,
        is_synthetic,
        -- In Italian (reports print it); a quarantined measure is named by its rule's label.
        case
            when measure_status = 'unknown' then 'codice di misura ''' || measure_code || ''' sconosciuto'
            when measure_status = 'missing' then 'misura ''' || measure_code || ''' assente per il periodo ' || period
            when measure_status in ('not_available', 'quarantined')
                then 'misura ''' || measure_code || ''' esclusa (' || coalesce(rules.label_it, quarantine_code) || '): '''
                    || coalesce(value_raw, '') || ''''
        end as term_problem
    from {{ ref('int_measures__by_period') }} as terms
    left join {{ ref('check_catalogue') }} as rules
        on terms.quarantine_code = rules.rule_code
),

ranked_problems as (
    select
        entity_code,
        period,
        indicator_code,
        term_problem,
        row_number() over (
            partition by entity_code, period, indicator_code
            order by
                case measure_status when 'unknown' then 1 when 'missing' then 2 else 3 end,
                side desc, term_number asc,
                -- Two conflicting values of one measure: the same one on every engine and run.
                value_raw asc
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
        min(case when measure_code is not null then measure_unit end) as other_measure_unit,
        -- What the monitoring and the facts tell about the measures read, counted here once.
        sum(case when measure_code is not null then 1 else 0 end) as measure_terms_read,
        sum(case when measure_status = 'present' then 1 else 0 end) as usable_measure_count,
        sum(case when measure_status = 'quarantined' then 1 else 0 end) as unusable_measure_count,
        max(case when measure_code is not null and is_synthetic then 1 else 0 end) = 1 as is_synthetic
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
        coalesce(sides.measure_terms_read, 0) as measure_terms_read,
        coalesce(sides.usable_measure_count, 0) as usable_measure_count,
        coalesce(sides.unusable_measure_count, 0) as unusable_measure_count,
        coalesce(sides.is_synthetic, false) as is_synthetic,
        case
            when not definitions.is_formula_valid then 'formula respinta: ' || definitions.rejection_reason
            when problems.term_problem is not null then problems.term_problem
            when definitions.unit = 'date' and (
                    definitions.has_denominator or definitions.term_count != 1
                    or definitions.measure_term_count != 1
                )
                then 'la formula di un indicatore di tipo data deve essere una sola misura'
            when definitions.unit = 'date' and sides.value_date is null
                then 'la misura di un indicatore di tipo data non è una data'
            when definitions.unit != 'date' and sides.value_date is not null and sides.numerator_value is null
                then 'la misura è una data ma l''indicatore no'
            when definitions.has_denominator and sides.denominator_value = 0
                then 'divisione per zero: il denominatore è 0 nel periodo ' || periods.period
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
    numerator_value,
    denominator_value,
    measure_unit,
    not_evaluated_reason,
    case when not_evaluated_reason is null and unit != 'date' then
            case when has_denominator
                    then numerator_value / denominator_value * case when unit = '%' then 100 else 1 end
                else numerator_value
            end
    end as actual_value,
    case when not_evaluated_reason is null and unit = 'date' then value_date end as actual_date,
    measure_terms_read,
    usable_measure_count,
    unusable_measure_count,
    is_synthetic
from evaluated
