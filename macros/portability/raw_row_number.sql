{#-
    The row's position in its raw file (1 = the first row under the header), so that a message
    names the row a person finds in the file. Selected straight from raw_table(name).
-#}
{% macro raw_row_number(name) -%}
    {{ return(adapter.dispatch('raw_row_number', 'pira_warehouse')(name)) }}
{%- endmacro %}

{#- Engines without a row id: the scan order, which is the file order for a plain read. -#}
{% macro default__raw_row_number(name) -%}
    row_number() over ()
{%- endmacro %}

{#- A seed is a DuckDB table filled in file order: its rowid is the position in the file. -#}
{% macro duckdb__raw_row_number(name) -%}
    {%- if var('raw_source', 'seeds') == 'seeds' -%}
        rowid + 1
    {%- else -%}
        row_number() over ()
    {%- endif -%}
{%- endmacro %}
