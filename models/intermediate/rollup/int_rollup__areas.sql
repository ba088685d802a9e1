{{ rollup_level('area', ['int_rollup__strategic_objectives']) }}
