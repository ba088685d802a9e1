{{ monitoring_rollup_level('operational_objective', ['int_monitoring__indicators']) }}
