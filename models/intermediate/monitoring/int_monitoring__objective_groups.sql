{#- Modena's "Indicatori" and "Obiettivi operativi" groups, on the projection. -#}
{{ monitoring_rollup_level('objective_group', ['int_monitoring__indicators', 'int_monitoring__operational_objectives']) }}
