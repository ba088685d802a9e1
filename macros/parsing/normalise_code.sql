{#- Codes are compared trimmed and with inner runs of blanks collapsed to one space. -#}
{% macro normalise_code(text) -%}
    nullif({{ pira_warehouse.regex_replace_all('trim(' ~ text ~ ')', '[ ]+', ' ') }}, '')
{%- endmacro %}
