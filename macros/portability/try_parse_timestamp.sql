{#-
    A date-time text as a timestamp, in the forms extracts carry it: 'yyyy-mm-dd hh:mm:ss',
    'yyyy-mm-ddThh:mm:ss', 'yyyy-mm-dd hh:mm', 'yyyy-mm-dd', and Excel's Italian 'dd/mm/yyyy hh:mm:ss',
    'dd/mm/yyyy hh:mm', 'dd/mm/yyyy'. Null for anything else (never an error).
-#}
{% macro try_parse_timestamp(text) -%}
    {{ return(adapter.dispatch('try_parse_timestamp', 'pira_warehouse')(text)) }}
{%- endmacro %}

{% macro default__try_parse_timestamp(text) -%}
    coalesce(
        {%- for format in ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd",
                           "dd/MM/yyyy HH:mm:ss", "dd/MM/yyyy HH:mm", "dd/MM/yyyy"] %}
        try_to_timestamp(trim({{ text }}), "{{ format }}"){{ ',' if not loop.last }}
        {%- endfor %}
    )
{%- endmacro %}

{% macro duckdb__try_parse_timestamp(text) -%}
    try_strptime(trim({{ text }}), [
        '%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M:%S', '%Y-%m-%d %H:%M', '%Y-%m-%d',
        '%d/%m/%Y %H:%M:%S', '%d/%m/%Y %H:%M', '%d/%m/%Y'
    ])
{%- endmacro %}
