{#-
    An Italian-format number as a double: '1.416' = 1416, '34985,3', '13.147.300.000', '-22,74',
    '1,24179e+006'. Anything else ('12,3,4', '1.4', 'abc', 'N/D') gives null, never a wrong number.
-#}
{% macro parse_italian_number(text) -%}
    case
        when {{ pira_warehouse.regex_matches(
            pira_warehouse.normalise_number_text(text),
            '[+-]?([0-9]{1,3}([.][0-9]{3})+|[0-9]+)(,[0-9]+)?([eE][+-]?[0-9]+)?'
        ) }}
        then cast(replace(replace({{ pira_warehouse.normalise_number_text(text) }}, '.', ''), ',', '.') as double)
    end
{%- endmacro %}
