{#-
    dbt's where-subquery of a data test, narrowed for the facts built by period: a test of a model
    incremental on (…, period) looks only at the periods of the run (control.requested_periods),
    so a one-quarter refresh tests that quarter; with no requested period (a full build) it tests
    every row. A test's own `where` config still applies on top.
-#}
{% macro default__get_where_subquery(relation) -%}
    {%- set where = config.get('where', '') -%}
    {%- set tested_id = model.get('attached_node') if execute else none -%}
    {%- set tested = graph.nodes.get(tested_id) if tested_id else none -%}
    {%- set unique_key = tested.config.get('unique_key') if tested else none -%}
    {%- set key_columns = [unique_key] if unique_key is string else (unique_key or []) -%}
    {%- if tested and tested.config.materialized == 'incremental' and 'period' in key_columns -%}
        {%- set period_filter -%}
            (period in (select requested.period from control.requested_periods as requested)
            or not exists (select 1 from control.requested_periods))
        {%- endset -%}
        {%- set where = period_filter ~ (' and (' ~ where ~ ')' if where else '') -%}
    {%- endif -%}
    {%- if where -%}
        {%- set filtered -%}
            (select * from {{ relation }} where {{ where }}) dbt_subquery
        {%- endset -%}
        {%- do return(filtered) -%}
    {%- else -%}
        {%- do return(relation) -%}
    {%- endif -%}
{%- endmacro %}
