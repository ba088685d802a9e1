{#- True when the text is written as an Italian-format number (whatever its size). -#}
{% macro is_italian_number_text(text) -%}
    {{ pira_warehouse.regex_matches(
        pira_warehouse.normalise_number_text(text),
        '[+-]?([0-9]{1,3}([.][0-9]{3})+|[0-9]+)(,[0-9]+)?([eE][+-]?[0-9]+)?'
    ) }}
{%- endmacro %}
