{#-
    A raw table, read from the seeds (var raw_source 'seeds', the default) or from the external
    extract files of source external_raw (var raw_source 'external': Parquet files in
    $PIRA_EXTERNAL_RAW_DIR, see _pira__sources.yml). Staging models read their raw tables only through it.
-#}
{% macro raw_table(name) -%}
    {%- set raw_source = var('raw_source', 'seeds') -%}
    {%- if raw_source == 'seeds' -%}
        {{ return(ref(name)) }}
    {%- elif raw_source == 'external' -%}
        {{ return(source('external_raw', name)) }}
    {%- else -%}
        {{ exceptions.raise_compiler_error("var raw_source must be 'seeds' or 'external', not '" ~ raw_source ~ "'") }}
    {%- endif -%}
{%- endmacro %}

{#- Where a raw table's rows come from, as a file path (source_file of measure rows and quarantined rows). -#}
{% macro raw_table_file(name) -%}
    {%- if var('raw_source', 'seeds') == 'external' -%}
        {{ return(env_var('PIRA_EXTERNAL_RAW_DIR', 'data/external') ~ '/' ~ name ~ '.parquet') }}
    {%- else -%}
        {{ return('seeds/raw/' ~ name ~ '.csv') }}
    {%- endif -%}
{%- endmacro %}
