{{ rollup_level('operational_objective', ['int_indicators__results']) }}
