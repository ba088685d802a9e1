select
    cast(definitions.entity_code as varchar) as entity_code,
    cast(definitions.indicator_code as varchar) as indicator_code,
    cast(definitions.indicator_name as varchar) as indicator_name,
    cast(definitions.algorithm_text as varchar) as algorithm_text,
    cast(definitions.formula as varchar) as formula,
    cast(definitions.formula_as_printed as varchar) as formula_as_printed,
    cast(definitions.is_formula_defaulted as boolean) as is_formula_defaulted,
    cast(definitions.unit as varchar) as unit,
    cast(parsed.is_valid as boolean) as is_formula_valid,
    cast(parsed.rejection_reason as varchar) as formula_rejection_reason,
    cast(parsed.has_denominator as boolean) as is_ratio,
    cast(definitions.source_row as integer) as source_row
from {{ ref('stg_pira__indicators') }} as definitions
inner join {{ ref('int_formulas__parsed') }} as parsed
    on definitions.entity_code = parsed.entity_code
    and definitions.indicator_code = parsed.indicator_code
where definitions.quarantine_reason is null
