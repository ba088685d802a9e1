{#- A number as short Italian text for generated reasons: rounded half-up to 2 decimals, thousands grouped with '.', decimal comma, no trailing zeros (1.234.567,89; 54,76; 87,5; 400). -#}
{% macro number_text(expression) -%}
    {#- 1,234,567.50 -> 1.234.567,50 -> 1.234.567,5; 400,00 -> 400, -> 400 (the text always has 2 decimals,
        so trailing zeros stop at the comma or a non-zero decimal). The expression is written once. -#}
    trim(trailing ',' from trim(trailing '0' from translate(
        {{ pira_warehouse.grouped_number_text(round_half_up(expression, 2)) }}, ',.', '.,')))
{%- endmacro %}
