{#- Why an indicator row cannot be scored, first problem first (plan before data); null when it can. Columns of int_indicators__results. -#}
{% macro indicator_not_evaluated_reason(value_problem) -%}
    case
        when not is_defined then 'indicator ''' || indicator_code || ''' is not defined'
        when not has_target then 'no target for ' || cast(period_year as {{ dbt.type_string() }})
        when target_problem is not null then 'target not well-formed: ' || target_problem
        when target_operator = 'nd' then 'no target (N/D): monitoring only'
        when {{ value_problem }} is not null then {{ value_problem }}
        when target_operator = 'by_date' and actual_date is null
            then 'the target is a deadline but the indicator value is not a date'
        when target_operator <> 'by_date' and actual_value is null
            then 'the target is a number but the indicator value is not'
    end
{%- endmacro %}
