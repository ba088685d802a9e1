{#- Anomalies the source itself carries (repeated or missing codes, unusable formulas, units that disagree): published, but said. -#}
select
    entity_code,
    check_name,
    source_table,
    row_key,
    field,
    raw_value,
    reason,
    check_name <> 'duplicated_code' as is_code_printed_once,
    check_name not in ('formula_rejected', 'formula_missing') as is_formula_usable,
    check_name <> 'unit_mismatch' as is_unit_consistent
from {{ ref('int_quality__issues') }}
where check_name in ('duplicated_code', 'formula_rejected', 'formula_missing', 'unit_mismatch')
