{{ monitoring_rollup_level('strategic_objective', ['int_monitoring__indicators', 'int_monitoring__operational_objectives', 'int_monitoring__objective_groups']) }}
