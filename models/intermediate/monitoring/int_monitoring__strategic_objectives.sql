{#- One step of the projection roll-up chain, inlined in fct_monitoring_objectives: no table or dbt node of its own. -#}
{{ config(materialized='ephemeral') }}
{{ monitoring_rollup_level('strategic_objective', ['int_monitoring__indicators', 'int_monitoring__operational_objectives', 'int_monitoring__objective_groups']) }}
