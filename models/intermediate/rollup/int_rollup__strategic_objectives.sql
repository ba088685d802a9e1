{#- One step of the roll-up chain, inlined in int_rollup__objectives (one table for every level): no table or dbt node of its own. -#}
{{ config(materialized='ephemeral') }}
{#- Ferrara: plain mean of its operational objectives (sub-objectives included); Modena: its two weighted groups. -#}
{{ rollup_level('strategic_objective', ['int_indicators__results', 'int_rollup__operational_objectives', 'int_rollup__objective_groups']) }}
