{#- A number as short Italian text for generated reasons: rounded half-up to 2 decimals, thousands grouped with '.', decimal comma, no trailing zeros (1.234.567,89; 54,76; 87,5; 400). -#}
{% macro number_text(expression) -%}
    {%- set grouped = pira_warehouse.grouped_number_text(round_half_up(expression, 2)) -%}
    {#- 1,234,567.50 -> 1.234.567,50 -> 1.234.567,5 (a trailing ',00' goes whole). -#}
    {%- set italian = "replace(replace(replace(" ~ grouped ~ ", ',', '#'), '.', ','), '#', '.')" -%}
    {%- set whole = pira_warehouse.regex_replace_all(italian, ',00$', '') -%}
    case when {{ dbt.right(whole, 1) }} = '0' and {{ dbt.position("','", whole) }} > 0
        then substr({{ whole }}, 1, {{ dbt.length(whole) }} - 1)
        else {{ whole }} end
{%- endmacro %}
