{#- A dd-mm-yyyy text as a date; null when it is not a real calendar day (31-02-2017). -#}
{% macro try_parse_date(text) -%}
    {{ return(adapter.dispatch('try_parse_date', 'pira_warehouse')(text)) }}
{%- endmacro %}

{% macro default__try_parse_date(text) -%}
    case when {{ pira_warehouse.regex_matches(text, '[0-9]{2}-[0-9]{2}-[0-9]{4}') }}
        then to_date({{ text }}, 'dd-MM-yyyy') end
{%- endmacro %}

{% macro duckdb__try_parse_date(text) -%}
    case when {{ pira_warehouse.regex_matches(text, '[0-9]{2}-[0-9]{2}-[0-9]{4}') }}
        then cast(try_strptime({{ text }}, '%d-%m-%Y') as date) end
{%- endmacro %}
