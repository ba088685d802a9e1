{#- A number as text with two decimals and thousands grouped, English style (1,234,567.89); number_text makes it Italian. -#}
{% macro grouped_number_text(expression) -%}
    {{ return(adapter.dispatch('grouped_number_text', 'pira_warehouse')(expression)) }}
{%- endmacro %}

{% macro default__grouped_number_text(expression) -%}
    format_number(cast({{ expression }} as double), 2)
{%- endmacro %}

{% macro duckdb__grouped_number_text(expression) -%}
    format('{:,.2f}', cast({{ expression }} as double))
{%- endmacro %}
