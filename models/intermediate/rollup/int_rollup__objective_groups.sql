{#- One step of the roll-up chain, inlined in int_rollup__objectives (one table for every level): no table or dbt node of its own. -#}
{{ config(materialized='ephemeral') }}
{#- Modena's "Indicatori" and "Obiettivi operativi" groups of a strategic objective. -#}
{{ rollup_level('objective_group', ['int_indicators__results', 'int_rollup__operational_objectives']) }}
