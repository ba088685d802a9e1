{#-
    The append-only landing table that measure extract files are loaded into (orchestration/landing.py).
    Created before every run so that the staging source exists even before the first file lands.
-#}
{% macro create_landing_tables() -%}
    {{ return(adapter.dispatch('create_landing_tables', 'pira_warehouse')()) }}
{%- endmacro %}

{#- One statement per call: Spark runs a single statement at a time. -#}
{% macro default__create_landing_tables() -%}
    {%- if execute %}{% do run_query('create schema if not exists raw_landing') %}{% endif %}
    create table if not exists raw_landing.measure_values (
        source_file {{ dbt.type_string() }},
        source_row integer,
        loaded_at {{ dbt.type_timestamp() }},
        entity_code {{ dbt.type_string() }},
        period {{ dbt.type_string() }},
        measure_code {{ dbt.type_string() }},
        value_raw {{ dbt.type_string() }},
        unit_raw {{ dbt.type_string() }},
        source {{ dbt.type_string() }},
        extracted_at {{ dbt.type_string() }}
    )
{%- endmacro %}
