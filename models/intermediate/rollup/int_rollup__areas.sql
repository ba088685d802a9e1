{#- One step of the roll-up chain, inlined in int_rollup__objectives (one table for every level): no table or dbt node of its own. -#}
{{ config(materialized='ephemeral') }}
{{ rollup_level('area', ['int_rollup__strategic_objectives']) }}
