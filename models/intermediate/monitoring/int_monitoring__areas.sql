{{ monitoring_rollup_level('area', ['int_monitoring__strategic_objectives']) }}
