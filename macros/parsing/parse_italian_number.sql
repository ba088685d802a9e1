{#-
    An Italian-format number as a double: '1.416' = 1416, '34985,3', '13.147.300.000', '-22,74',
    '1,24179e+006'. Anything else ('12,3,4', '1.4', 'abc', 'N/D') gives null, never a wrong number;
    so does a number that is not finite or whose magnitude reaches 1e15 ('1e999'): null, never an
    error downstream (is_italian_number_text tells the two cases apart).
-#}
{% macro parse_italian_number(text) -%}
    {%- set number = "cast(replace(replace(" ~ pira_warehouse.normalise_number_text(text) ~ ", '.', ''), ',', '.') as double)" -%}
    case when {{ pira_warehouse.is_italian_number_text(text) }}
        then case when abs({{ number }}) < 1e15 then {{ number }} end
    end
{%- endmacro %}
