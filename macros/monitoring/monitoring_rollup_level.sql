{#-
    The warehouse's roll-up (rollup_level: same weights, neutralisation and child rounding) applied to
    the quarterly projection: indicators enter with projected_achievement_pct, over the quarters only.
-#}
{% macro monitoring_rollup_level(level, child_models) -%}
    {{ rollup_level(
        level,
        child_models,
        indicator_model='int_monitoring__indicators',
        achievement_column='projected_achievement_pct',
        evaluated_column='is_projection_evaluated',
        periods_model='int_monitoring__periods'
    ) }}
{%- endmacro %}
