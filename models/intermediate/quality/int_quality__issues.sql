{#-
    Every problem met in the inputs, in one queryable shape: which entity, source table, row (natural
    key), field, raw value and why. Rows with a problem still flow on; this says what they lack.
    Severity: error = a figure would be wrong; warning = a figure is missing or suspect; info = visible by design.
-#}
{%- set key_sep = "' | '" -%}

with nodes as (select * from {{ ref('int_plan__nodes') }}),
assignments as (select * from {{ ref('stg_pira__indicator_assignments') }} where quarantine_reason is null),
targets as (select * from {{ ref('stg_pira__targets') }} where quarantine_reason is null),
measures as (select * from {{ ref('int_measures__current') }} where quarantine_reason is null),
budget as (select * from {{ ref('stg_pira__budget') }}),
overrides as (select * from {{ ref('int_overrides__checked') }}),
definitions as (select * from {{ ref('stg_pira__indicators') }} where quarantine_reason is null),

formulas as (
    select parsed.*, definitions.source_row
    from {{ ref('int_formulas__parsed') }} as parsed
    inner join definitions
        on parsed.entity_code = definitions.entity_code and parsed.indicator_code = definitions.indicator_code
),

identity_units as (
    -- Single-measure indicators whose measure is printed in another unit than the indicator's.
    select distinct
        terms.entity_code,
        terms.indicator_code,
        definitions.unit as indicator_unit,
        measures.unit as measure_unit,
        measures.measure_code,
        measures.period
    from {{ ref('int_formulas__terms') }} as terms
    inner join formulas
        on terms.entity_code = formulas.entity_code and terms.indicator_code = formulas.indicator_code
    inner join definitions
        on terms.entity_code = definitions.entity_code and terms.indicator_code = definitions.indicator_code
    inner join measures
        on terms.entity_code = measures.entity_code and terms.measure_code = measures.measure_code
    where formulas.term_count = 1 and not formulas.has_denominator and terms.measure_code is not null
        and measures.unit <> definitions.unit
),

target_units as (
    select targets.*, definitions.unit as indicator_unit
    from targets
    inner join definitions
        on targets.entity_code = definitions.entity_code and targets.indicator_code = definitions.indicator_code
    where targets.target_unit is not null and targets.target_unit <> definitions.unit
),

printed_codes as (
    select *, count(*) over (partition by entity_code, cycle, node_code_as_printed) as times_printed
    from nodes
    where node_code_as_printed is not null and trim(node_code_as_printed) <> ''
),

sibling_weights as (select * from {{ ref('int_checks__sibling_weights') }}),

scored_without_target as (
    select assignments.*
    from assignments
    left join targets
        on assignments.entity_code = targets.entity_code
        and assignments.indicator_code = targets.indicator_code
        and targets.target_year between assignments.cycle_start_year and assignments.cycle_end_year
    where targets.indicator_code is null
),

nd_on_scored as (
    select assignments.*, targets.target_year, targets.target_raw
    from assignments
    inner join targets
        on assignments.entity_code = targets.entity_code
        and assignments.indicator_code = targets.indicator_code
    where targets.target_operator = 'nd' and assignments.weight_pct > 0
),

issues as (
    select
        entity_code,
        'quarantined' as check_name,
        case when reason like 'duplicated%' or reason like 'a count cannot be negative%'
            or source_table = 'raw_overrides' then 'error' else 'warning' end as severity,
        source_table,
        -- The file is part of the key: two files may hold the same row of the same measure.
        row_key || ' | ' || source_file || ' row ' || coalesce(cast(source_row as {{ dbt.type_string() }}), '?') as row_key,
        field,
        raw_value,
        reason || ' (' || source_file || ', row ' || coalesce(cast(source_row as {{ dbt.type_string() }}), '?') || ')' as reason
    from {{ ref('int_quality__quarantine') }}
    union all
    {{ quality_issue('overrides', 'override_applied', 'info', 'raw_overrides',
        "period || " ~ key_sep ~ " || coalesce(node_code, '*') || " ~ key_sep ~ " || indicator_code",
        'override_value_raw', 'override_value_raw',
        "'override of ' || override_field || ' by ' || decided_by || ': ' || justification", 'quarantine_reason is null') }}
    union all
    {{ quality_issue('nodes', 'weight_parse', 'error', 'raw_plan_nodes', "cycle || " ~ key_sep ~ " || node_code",
        'weight_raw', 'weight_raw', "'weight ''' || weight_raw || ''' is not an Italian-format number'",
        'weight_raw is not null and weight_pct is null') }}
    union all
    {{ quality_issue('assignments', 'weight_parse', 'error', 'raw_indicator_assignments',
        "cycle || " ~ key_sep ~ " || node_code || " ~ key_sep ~ " || indicator_code",
        'weight_raw', 'weight_raw', "'weight ''' || weight_raw || ''' is not an Italian-format number'",
        'weight_raw is not null and weight_pct is null') }}
    union all
    {{ quality_issue('budget', 'amount_parse', 'info', 'raw_budget', "cast(source_row as " ~ dbt.type_string() ~ ")",
        'preventivo_raw', 'forecast_raw', "'forecast ''' || forecast_raw || ''' is not an amount'",
        'forecast_raw is not null and forecast_eur is null') }}
    union all
    {{ quality_issue('budget', 'amount_parse', 'info', 'raw_budget', "cast(source_row as " ~ dbt.type_string() ~ ")",
        'consuntivo_raw', 'actual_raw', "'actual ''' || actual_raw || ''' is not an amount'",
        'actual_raw is not null and actual_eur is null') }}
    union all
    {{ quality_issue('formulas', 'formula_rejected', 'warning', 'raw_indicators', 'indicator_code',
        'formula', 'formula', "'formula rejected: ' || rejection_reason", 'not is_valid') }}
    union all
    {{ quality_issue('definitions', 'formula_missing', 'warning', 'raw_indicators', 'indicator_code',
        'formula', "''", "'no measure expression printed: the indicator is read as its own measure ' || formula",
        'is_formula_defaulted') }}
    union all
    {{ quality_issue('identity_units', 'unit_mismatch', 'warning', 'raw_measure_values',
        "period || " ~ key_sep ~ " || measure_code", 'unit_raw', 'measure_unit',
        "'measure unit ' || measure_unit || ' differs from the unit ' || indicator_unit || ' of indicator ' || indicator_code",
        'true') }}
    union all
    {{ quality_issue('target_units', 'unit_mismatch', 'warning', 'raw_targets',
        "indicator_code || " ~ key_sep ~ " || cast(target_year as " ~ dbt.type_string() ~ ")", 'target_raw', 'target_raw',
        "'target unit ' || target_unit || ' differs from the indicator unit ' || indicator_unit", 'true') }}
    union all
    {{ quality_issue('printed_codes', 'duplicated_code', 'warning', 'raw_plan_nodes',
        "cycle || " ~ key_sep ~ " || node_code", 'node_code_as_printed', 'node_code_as_printed',
        "'code ''' || node_code_as_printed || ''' is printed for ' || cast(times_printed as " ~ dbt.type_string() ~ ") || ' different nodes; this one is ' || node_code",
        'times_printed > 1') }}
    union all
    {{ quality_issue('definitions', 'duplicated_code', 'warning', 'raw_indicators', 'indicator_code',
        'indicator_code', 'indicator_code',
        "'indicator code printed for another indicator too (or not printed at all): this one is ' || indicator_code",
        "indicator_code like '%~%' or indicator_code like 'NOCODE-%'") }}
    union all
    {%- for child_kind, source_table in [('node', 'raw_plan_nodes'), ('indicator', 'raw_indicator_assignments')] %}
    {{ quality_issue('sibling_weights', 'weight_sum', 'error', source_table,
        "cycle || " ~ key_sep ~ " || parent_code", 'weight_raw', 'weight_sum',
        "'weights of the ' || child_kind || 's under ' || parent_code || ' sum to ' || cast(weight_sum as " ~ dbt.type_string() ~ ") || '%, not 100%'",
        "child_kind = '" ~ child_kind ~ "' and not is_weight_sum_100") }}
    union all
    {{ quality_issue('sibling_weights', 'weight_partial', 'error', source_table,
        "cycle || " ~ key_sep ~ " || parent_code", 'weight_raw', 'weighted_count',
        "'only ' || cast(weighted_count as " ~ dbt.type_string() ~ ") || ' of ' || cast(sibling_count as " ~ dbt.type_string() ~ ") || ' ' || child_kind || 's under ' || parent_code || ' carry a weight'",
        "child_kind = '" ~ child_kind ~ "' and not is_consistently_weighted") }}
    union all
    {%- endfor %}
    {{ quality_issue('scored_without_target', 'target_missing', 'warning', 'raw_targets',
        "node_code || " ~ key_sep ~ " || indicator_code", 'target_raw', "''",
        "'indicator ' || indicator_code || ' has no target in cycle ' || cycle", 'true') }}
    union all
    {{ quality_issue('nd_on_scored', 'nd_target_on_scored', 'warning', 'raw_targets',
        "node_code || " ~ key_sep ~ " || indicator_code || " ~ key_sep ~ " || cast(target_year as " ~ dbt.type_string() ~ ")",
        'target_raw', 'target_raw',
        "'target N/D on an indicator weighing ' || cast(weight_pct as " ~ dbt.type_string() ~ ") || '%: it is left out of the score'",
        'true') }}
)

select * from issues
