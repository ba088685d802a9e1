{#-
    The usable indicator definitions with their parsed formula: one row per entity and indicator.
    The quarantine filter is int_formulas__tokens' (a quarantined definition has no parsed formula,
    so the inner join leaves it out). Every model that needs an indicator's unit or formula reads this.
-#}
select
    definitions.entity_code,
    definitions.indicator_code,
    definitions.source_row,
    definitions.indicator_name,
    definitions.algorithm_text,
    definitions.formula_as_printed,
    definitions.formula,
    definitions.is_formula_defaulted,
    definitions.unit,
    parsed.is_valid as is_formula_valid,
    parsed.rejection_reason,
    parsed.has_denominator,
    parsed.term_count,
    parsed.measure_term_count
from {{ ref('stg_pira__indicators') }} as definitions
inner join {{ ref('int_formulas__parsed') }} as parsed
    on definitions.entity_code = parsed.entity_code
        and definitions.indicator_code = parsed.indicator_code
