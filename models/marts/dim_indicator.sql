select
    cast(definitions.entity_code as {{ dbt.type_string() }}) as entity_code,
    cast(definitions.indicator_code as {{ dbt.type_string() }}) as indicator_code,
    cast(definitions.indicator_name as {{ dbt.type_string() }}) as indicator_name,
    cast(definitions.algorithm_text as {{ dbt.type_string() }}) as algorithm_text,
    cast(definitions.formula as {{ dbt.type_string() }}) as formula,
    cast(definitions.formula_as_printed as {{ dbt.type_string() }}) as formula_as_printed,
    cast(definitions.is_formula_defaulted as boolean) as is_formula_defaulted,
    cast(definitions.unit as {{ dbt.type_string() }}) as unit,
    cast(definitions.is_formula_valid as boolean) as is_formula_valid,
    cast(definitions.rejection_reason as {{ dbt.type_string() }}) as formula_rejection_reason,
    cast(definitions.has_denominator as boolean) as is_ratio,
    cast(definitions.source_row as integer) as source_row
from {{ ref('int_indicators__definitions') }} as definitions
