{#-
    The row's position in its raw file (1 = the first row under the header), so that a message
    names the row a person finds in the file. Selected straight from raw_table(name), whose plain
    scan keeps the file order (a seed is loaded in file order).
-#}
{% macro raw_row_number() -%}
    {{ return(adapter.dispatch('raw_row_number', 'pira_warehouse')()) }}
{%- endmacro %}

{% macro default__raw_row_number() -%}
    row_number() over ()
{%- endmacro %}

{#- Spark's row_number needs an order: the scan's own, which follows the file. -#}
{% macro spark__raw_row_number() -%}
    row_number() over (order by monotonically_increasing_id())
{%- endmacro %}
