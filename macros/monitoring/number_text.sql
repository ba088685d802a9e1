{#- A number as short Italian text for generated reasons: rounded half-up to 2 decimals, decimal comma, no trailing zeros (54,76; 87,5; 400). -#}
{% macro number_text(expression) -%}
    {%- set fixed = 'cast(cast(' ~ round_half_up(expression, 2) ~ ' as decimal(38, 2)) as ' ~ dbt.type_string() ~ ')' -%}
    {%- set trimmed = pira_warehouse.regex_replace_all(fixed, '[.]00$', '') -%}
    replace(
        case when {{ dbt.right(trimmed, 1) }} = '0' and {{ dbt.position("'.'", trimmed) }} > 0
            then substr({{ trimmed }}, 1, {{ dbt.length(trimmed) }} - 1)
            else {{ trimmed }} end,
        '.', ','
    )
{%- endmacro %}
