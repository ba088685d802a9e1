{#- One step of the projection roll-up chain, inlined in fct_monitoring_objectives: no table or dbt node of its own. -#}
{{ config(materialized='ephemeral') }}
{{ monitoring_rollup_level('operational_objective', ['int_monitoring__indicators']) }}
