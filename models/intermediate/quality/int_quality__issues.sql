{#-
    Every problem met in the inputs, in one queryable shape: which entity, source table, row (natural
    key), field, raw value and why, in Italian. Rows with a problem still flow on; this says what they lack.
    reason_code names the rule of the check catalogue (seeds/catalogue/check_catalogue.csv) the row
    breaks: its severity and Italian label come from there and are written nowhere else.
    Severity: error = a figure would be wrong; warning = a figure is missing or suspect; info = visible by design.
-#}
{%- set key_sep = "' | '" -%}
{%- set text = dbt.type_string() -%}

with nodes as (select * from {{ ref('int_plan__nodes') }}),

assignments as (select * from {{ ref('int_plan__assignments') }}),

budget as (select * from {{ ref('stg_pira__budget') }}),

overrides as (
    select * from {{ ref('int_overrides__checked') }}
    where quarantine_reason is null
),

definitions as (select * from {{ ref('int_indicators__definitions') }}),

measure_units as (
    select * from {{ ref('int_checks__measure_units') }}
    where not is_unit_consistent
),

targets as (select * from {{ ref('int_checks__targets') }}),

sibling_weights as (select * from {{ ref('int_checks__sibling_weights') }}),

printed_codes as (
    select
        *,
        count(*) over (partition by entity_code, cycle, node_code_as_printed) as times_printed
    from nodes
    where node_code_as_printed is not null and trim(node_code_as_printed) != ''
),

scored_without_target as (
    select assignments.*
    from assignments
    left join {{ ref('int_targets__by_year') }} as usable_targets
        on assignments.entity_code = usable_targets.entity_code
            and assignments.indicator_code = usable_targets.indicator_code
            and usable_targets.target_year between assignments.cycle_start_year and assignments.cycle_end_year
            and usable_targets.target_problem is null
    where usable_targets.indicator_code is null
),

issues as (
    -- In Italian from the rule's label, the field and its value; fct_quarantined_rows keeps the
    -- staging's detailed (English) reason for the data team.
    select
        quarantined.entity_code,
        'quarantined' as check_name,
        quarantined.reason_code,
        quarantined.source_table,
        -- The file is part of the key: two files may hold the same row of the same measure.
        quarantined.row_key || ' | ' || quarantined.source_file || ' row '
        || coalesce(cast(quarantined.source_row as {{ text }}), '?') as row_key,
        quarantined.field,
        quarantined.raw_value,
        'riga esclusa dal calcolo (' || coalesce(rules.label_it, quarantined.reason_code) || '): '
        || quarantined.field || ' = ''' || coalesce(quarantined.raw_value, '') || ''' ('
        || quarantined.source_file || ', riga ' || coalesce(cast(quarantined.source_row as {{ text }}), '?')
        || ')' as reason
    from {{ ref('int_quality__quarantine') }} as quarantined
    left join {{ ref('check_catalogue') }} as rules
        on quarantined.reason_code = rules.rule_code
    union all
    {{ quality_issue('overrides', 'override_applied', 'overrides.override_applied', 'raw_overrides',
        "period || " ~ key_sep ~ " || coalesce(node_code, '*') || " ~ key_sep ~ " || indicator_code",
        'override_value_raw', 'override_value_raw',
        "'rettifica di ' || override_field || ' decisa da ' || decided_by || ': ' || justification", 'true') }}
    union all
    {{ quality_issue('nodes', 'weight_parse', 'weights.weight_parses', 'raw_plan_nodes', "cycle || " ~ key_sep ~ " || node_code",
        'weight_raw', 'weight_raw', "'il peso ''' || weight_raw || ''' non è un numero in formato italiano'",
        'weight_raw is not null and weight_pct is null') }}
    union all
    {{ quality_issue('assignments', 'weight_parse', 'weights.weight_parses', 'raw_indicator_assignments',
        "cycle || " ~ key_sep ~ " || node_code || " ~ key_sep ~ " || indicator_code",
        'weight_raw', 'weight_raw', "'il peso ''' || weight_raw || ''' non è un numero in formato italiano'",
        'weight_raw is not null and weight_pct is null') }}
    union all
    {{ quality_issue('budget', 'amount_parse', 'budget.amount_parses', 'raw_budget', "cast(source_row as " ~ text ~ ")",
        'preventivo_raw', 'forecast_raw', "'il preventivo ''' || forecast_raw || ''' non è un importo'",
        'forecast_raw is not null and forecast_eur is null') }}
    union all
    {{ quality_issue('budget', 'amount_parse', 'budget.amount_parses', 'raw_budget', "cast(source_row as " ~ text ~ ")",
        'consuntivo_raw', 'actual_raw', "'il consuntivo ''' || actual_raw || ''' non è un importo'",
        'actual_raw is not null and actual_eur is null') }}
    union all
    {{ quality_issue('definitions', 'formula_rejected', 'source_anomalies.formulas_usable', 'raw_indicators', 'indicator_code',
        'formula', 'formula', "'formula respinta: ' || rejection_reason", 'not is_formula_valid') }}
    union all
    {{ quality_issue('definitions', 'formula_missing', 'source_anomalies.formulas_usable', 'raw_indicators', 'indicator_code',
        'formula', "''", "'nessuna espressione di misure stampata: l''indicatore è letto come misura di sé stesso ' || formula",
        'is_formula_defaulted') }}
    union all
    {{ quality_issue('measure_units', 'unit_mismatch', 'targets.measure_unit_consistent', 'raw_measure_values',
        "period || " ~ key_sep ~ " || measure_code", 'unit_raw', 'measure_unit',
        "'unità della misura ' || measure_unit || ' diversa dall''unità ' || indicator_unit || ' dell''indicatore ' || indicator_code",
        'true') }}
    union all
    {{ quality_issue('targets', 'unit_mismatch', 'targets.target_unit_consistent', 'raw_targets',
        "indicator_code || " ~ key_sep ~ " || target_year_raw", 'target_raw', 'target_raw',
        "'unità del target ' || target_unit || ' diversa dall''unità ' || indicator_unit || ' dell''indicatore'",
        'not is_unit_consistent') }}
    union all
    {{ quality_issue('printed_codes', 'duplicated_code', 'source_anomalies.codes_printed_once', 'raw_plan_nodes',
        "cycle || " ~ key_sep ~ " || node_code", 'node_code_as_printed', 'node_code_as_printed',
        "'il codice ''' || node_code_as_printed || ''' è stampato per ' || cast(times_printed as " ~ text ~ ") || ' nodi diversi; questo è ' || node_code",
        'times_printed > 1') }}
    union all
    {{ quality_issue('definitions', 'duplicated_code', 'source_anomalies.codes_printed_once', 'raw_indicators', 'indicator_code',
        'indicator_code', 'indicator_code',
        "'codice stampato anche per un altro indicatore (o non stampato): questo è ' || indicator_code",
        "indicator_code like '%~%' or indicator_code like 'NOCODE-%'") }}
    union all
    {%- for child_kind, source_table, children_it in [('node', 'raw_plan_nodes', 'nodi'), ('indicator', 'raw_indicator_assignments', 'indicatori')] %}
    {{ quality_issue('sibling_weights', 'weight_sum', 'weights.weights_sum_to_100', source_table,
        "cycle || " ~ key_sep ~ " || parent_code", 'weight_raw', 'weight_sum',
        "'i pesi dei " ~ children_it ~ " sotto ' || parent_code || ' sommano a ' || " ~ number_text('weight_sum') ~ " || '%, non a 100%'",
        "child_kind = '" ~ child_kind ~ "' and not is_weight_sum_100") }}
        union all
    {{ quality_issue('sibling_weights', 'weight_partial', 'weights.weights_all_or_none', source_table,
        "cycle || " ~ key_sep ~ " || parent_code", 'weight_raw', 'weighted_count',
        "'solo ' || cast(weighted_count as " ~ text ~ ") || ' di ' || cast(sibling_count as " ~ text ~ ") || ' " ~ children_it ~ " sotto ' || parent_code || ' hanno un peso'",
        "child_kind = '" ~ child_kind ~ "' and not is_consistently_weighted") }}
        union all
    {%- endfor %}
    {{ quality_issue('scored_without_target', 'target_missing', 'targets.assignment_has_target', 'raw_targets',
        "node_code || " ~ key_sep ~ " || indicator_code", 'target_raw', "''",
        "'l''indicatore ' || indicator_code || ' non ha un target nel ciclo ' || cycle", 'true') }}
    union all
    {{ quality_issue('targets', 'nd_target_on_scored', 'targets.nd_only_on_monitoring', 'raw_targets',
        "indicator_code || " ~ key_sep ~ " || target_year_raw", 'target_raw', 'target_raw',
        "'target N/D su un indicatore con peso ' || " ~ number_text('max_weight_pct') ~ " || '%: escluso dal punteggio'",
        'not is_nd_only_on_monitoring') }}
)

select
    issues.entity_code,
    issues.check_name,
    issues.reason_code,
    catalogue.severity,
    catalogue.label_it,
    issues.source_table,
    issues.row_key,
    issues.field,
    issues.raw_value,
    issues.reason
from issues
left join {{ ref('check_catalogue') }} as catalogue
    on issues.reason_code = catalogue.rule_code
