{#- A number as Italian short text for generated sentences: half-up to 2 decimals, decimal comma ('95,5'). -#}
{% macro italian_number_text(expression) -%}
    replace({{ pira_warehouse.number_text(expression) }}, '.', ',')
{%- endmacro %}
