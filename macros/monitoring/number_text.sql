{#- A number as short text for status reasons: rounded half-up to 2 decimals, without a trailing '.0'. -#}
{% macro number_text(expression) -%}
    {{ pira_warehouse.regex_replace_all('cast(' ~ round_half_up(expression, 2) ~ ' as ' ~ dbt.type_string() ~ ')', '[.]0$', '') }}
{%- endmacro %}
