{#-
    The run control tables the orchestration writes (orchestration/period_control.py: the same DDL).
    Created before every run, empty, so that a plain `dbt build` computes every period.
-#}
{% macro create_control_tables() -%}
    {{ return(adapter.dispatch('create_control_tables', 'pira_warehouse')()) }}
{%- endmacro %}

{#- One statement per call: Spark runs a single statement at a time. -#}
{% macro default__create_control_tables() -%}
    {%- if execute %}{% do run_query('create schema if not exists control') %}{% endif %}
    create table if not exists control.requested_periods (
        period {{ dbt.type_string() }}
    )
{%- endmacro %}
