{#-
    Achievement of a scorable indicator row; with missing-data policy 'zero' (the row's rule in force,
    column missing_data_policy), a row whose only problem is its actual (missing, unknown or
    unparseable measure) scores 0 instead of being left out (neutralised).
    Reads the row's target_operator, target_value, target_date, actual_date and rule columns.
-#}
{% macro indicator_achievement_ratio(reason, value_problem, actual_value) -%}
    case
        when {{ reason }} is null
            then {{ achievement_ratio('target_operator', 'target_value', 'target_date', actual_value, 'actual_date',
                'cap_pct', 'late_deadline_policy', 'late_deadline_decay_days') }}
        when {{ reason }} = {{ value_problem }} and missing_data_policy = 'zero' then 0.0
    end
{%- endmacro %}
