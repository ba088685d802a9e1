{#-
    The landing tables that measure extract files are loaded into (orchestration/landing.py creates the
    same ones): raw_landing.measure_values (append-only history of every landed line) and
    raw_landing.current_files (the files in force, rewritten by every landing step). Created before
    every run so that the staging sources exist before the first file lands; an older measure_values
    gains the columns it lacks (file_sha256, load_error), its rows kept.
-#}
{% macro create_landing_tables() -%}
    {{ return(adapter.dispatch('create_landing_tables', 'pira_warehouse')()) }}
{%- endmacro %}

{#- One statement per call: Spark runs a single statement at a time. -#}
{% macro default__create_landing_tables() -%}
    {%- set columns = [
        ('source_file', dbt.type_string()), ('file_sha256', dbt.type_string()), ('source_row', 'integer'),
        ('loaded_at', dbt.type_timestamp()), ('entity_code', dbt.type_string()), ('period', dbt.type_string()),
        ('measure_code', dbt.type_string()), ('value_raw', dbt.type_string()), ('unit_raw', dbt.type_string()),
        ('source', dbt.type_string()), ('extracted_at', dbt.type_string()), ('load_error', dbt.type_string()),
    ] -%}
    {%- if execute %}
        {% do run_query('create schema if not exists raw_landing') %}
        {% do run_query('create table if not exists raw_landing.measure_values ('
            ~ columns | map('join', ' ') | join(', ') ~ ')') %}
        {%- set relation = api.Relation.create(schema='raw_landing', identifier='measure_values') -%}
        {%- set present = adapter.get_columns_in_relation(relation) | map(attribute='name') | map('lower') | list -%}
        {%- set missing = [] -%}
        {%- for name, type in columns if name not in present %}{% do missing.append(name ~ ' ' ~ type) %}{% endfor -%}
        {%- if missing %}
            {% do run_query('alter table raw_landing.measure_values add columns (' ~ missing | join(', ') ~ ')') %}
        {%- endif %}
    {%- endif %}
    create table if not exists raw_landing.current_files (
        source_file {{ dbt.type_string() }},
        file_sha256 {{ dbt.type_string() }},
        taken_at {{ dbt.type_timestamp() }}
    )
{%- endmacro %}

{% macro duckdb__create_landing_tables() -%}
    {%- if execute %}
        {% do run_query('create schema if not exists raw_landing') %}
        {% do run_query('create table if not exists raw_landing.current_files '
            ~ '(source_file varchar, file_sha256 varchar, taken_at timestamp)') %}
        {% do run_query('create table if not exists raw_landing.measure_values ('
            ~ 'source_file varchar, file_sha256 varchar, source_row integer, loaded_at timestamp, '
            ~ 'entity_code varchar, period varchar, measure_code varchar, value_raw varchar, unit_raw varchar, '
            ~ 'source varchar, extracted_at varchar, load_error varchar)') %}
        {% do run_query('alter table raw_landing.measure_values add column if not exists file_sha256 varchar') %}
    {%- endif %}
    alter table raw_landing.measure_values add column if not exists load_error varchar
{%- endmacro %}
