{#- One step of the projection roll-up chain, inlined in fct_monitoring_objectives: no table or dbt node of its own. -#}
{{ config(materialized='ephemeral') }}
{#- Modena's "Indicatori" and "Obiettivi operativi" groups, on the projection. -#}
{{ monitoring_rollup_level('objective_group', ['int_monitoring__indicators', 'int_monitoring__operational_objectives']) }}
