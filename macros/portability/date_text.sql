{#- A date as Italian text, dd/mm/yyyy, for generated reasons. -#}
{% macro date_text(expression) -%}
    {{ return(adapter.dispatch('date_text', 'pira_warehouse')(expression)) }}
{%- endmacro %}

{% macro default__date_text(expression) -%}
    date_format({{ expression }}, 'dd/MM/yyyy')
{%- endmacro %}

{% macro duckdb__date_text(expression) -%}
    strftime({{ expression }}, '%d/%m/%Y')
{%- endmacro %}
