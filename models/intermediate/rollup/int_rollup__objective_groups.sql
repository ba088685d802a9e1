{#- Modena's "Indicatori" and "Obiettivi operativi" groups of a strategic objective. -#}
{{ rollup_level('objective_group', ['int_indicators__results', 'int_rollup__operational_objectives']) }}
