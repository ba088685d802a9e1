{#-
    The unit rule, judged here once: a single-measure indicator's measure is extracted in the
    indicator's unit. One row per such indicator and measure row in force (every period); the
    targets suite and the quality issues read it.
-#}
select distinct
    measures.entity_code,
    measures.period,
    measures.measure_code,
    definitions.indicator_code,
    definitions.unit as indicator_unit,
    measures.unit as measure_unit,
    coalesce(measures.unit = definitions.unit, true) as is_unit_consistent
from {{ ref('int_formulas__terms') }} as terms
inner join {{ ref('int_indicators__definitions') }} as definitions
    on terms.entity_code = definitions.entity_code and terms.indicator_code = definitions.indicator_code
inner join {{ ref('int_measures__current') }} as measures
    on terms.entity_code = measures.entity_code and terms.measure_code = measures.measure_code
where definitions.term_count = 1 and not definitions.has_denominator and terms.measure_code is not null
    and measures.quarantine_reason is null
