{#-
    Achievement of a scorable indicator row; with missing_data_policy 'zero', a row whose only
    problem is its actual (missing, unknown or unparseable measure) scores 0 instead of being left out.
-#}
{% macro indicator_achievement_ratio(reason, value_problem, actual_value, missing_data_policy) -%}
    case
        when {{ reason }} is null
            then {{ achievement_ratio('target_operator', 'target_value', 'target_date', actual_value, 'actual_date') }}
        {%- if missing_data_policy == 'zero' %}
        when {{ reason }} = {{ value_problem }} then 0.0
        {%- endif %}
    end
{%- endmacro %}
