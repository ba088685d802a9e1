{#-
    Every input row that is kept out of the computation, with file, row, field, raw value and reason.
    Nothing is dropped without a row here (int_quality__reconciliation proves the counts).
    reason_code names the check catalogue's rule (seeds/catalogue/check_catalogue.csv) the row breaks.
-#}
{%- set key_sep = "' | '" -%}

with nodes as (
    select
        entity_code,
        'raw_plan_nodes' as source_table,
        'seeds/raw/raw_plan_nodes.csv' as source_file,
        source_row,
        cycle || {{ key_sep }} || coalesce(node_code, '') as row_key,
        case when duplicate_reason is not null or node_code is null then 'node_code'
            when node_level is null then 'node_level' else 'cycle'
        end as field,
        case when duplicate_reason is not null or node_code is null then node_code
            when node_level is null then node_level_raw else cycle
        end as raw_value,
        quarantine_reason as reason,
        quarantine_code as reason_code
    from {{ ref('stg_pira__plan_nodes') }}
    where quarantine_reason is not null
),

indicators as (
    {{ quarantined_rows(
        'raw_indicators', 'stg_pira__indicators', [['indicator_code', '']], {'unit': 'unit'}, 'indicator_code'
    ) }}
),

assignments as (
    select
        entity_code,
        'raw_indicator_assignments' as source_table,
        'seeds/raw/raw_indicator_assignments.csv' as source_file,
        source_row,
        cycle || {{ key_sep }} || coalesce(node_code, '') || {{ key_sep }} || coalesce(indicator_code, '') as row_key,
        case when duplicate_reason is not null then 'indicator_code' else 'cycle' end as field,
        case when duplicate_reason is not null then indicator_code else cycle end as raw_value,
        quarantine_reason as reason,
        quarantine_code as reason_code
    from {{ ref('stg_pira__indicator_assignments') }}
    where quarantine_reason is not null
),

targets as (
    select
        entity_code,
        'raw_targets' as source_table,
        'seeds/raw/raw_targets.csv' as source_file,
        source_row,
        coalesce(indicator_code, '') || {{ key_sep }} || coalesce(target_year_raw, '') as row_key,
        case when parse_error is null and duplicate_reason is null then 'target_year' else 'target_raw' end as field,
        case when parse_error is null and duplicate_reason is null then target_year_raw else target_raw end as raw_value,
        quarantine_reason as reason,
        quarantine_code as reason_code
    from {{ ref('stg_pira__targets') }}
    where quarantine_reason is not null
),

measures as (
    -- Rows that cannot be placed and rows in force that cannot be used (int_measures__ranked).
    select
        entity_code,
        'raw_measure_values' as source_table,
        source_file,
        source_row,
        coalesce(period, '') || {{ key_sep }} || coalesce(measure_code, '') as row_key,
        quarantine_field as field,
        case quarantine_field
            when 'row' then concat_ws(',', entity_code, period, measure_code, value_raw)
            when 'entity_code' then entity_code
            when 'measure_code' then measure_code
            when 'period' then period
            when 'extracted_at' then extracted_at_raw
            else value_raw
        end as raw_value,
        quarantine_reason as reason,
        quarantine_code as reason_code
    from {{ ref('int_measures__ranked') }}
    where quarantine_reason is not null
),

baselines as (
    select
        entity_code,
        'raw_baselines' as source_table,
        'seeds/raw/raw_baselines.csv' as source_file,
        source_row,
        coalesce(indicator_code, '') || {{ key_sep }} || coalesce(cast(baseline_year as {{ dbt.type_string() }}), '') as row_key,
        'value_raw' as field,
        value_raw as raw_value,
        quarantine_reason as reason,
        quarantine_code as reason_code
    from {{ ref('stg_pira__baselines') }}
    where quarantine_reason is not null
),

overrides as (
    select
        entity_code,
        'raw_overrides' as source_table,
        'seeds/raw/raw_overrides.csv' as source_file,
        source_row,
        coalesce(period, '') || {{ key_sep }} || coalesce(node_code, '*') || {{ key_sep }} || coalesce(indicator_code, '') as row_key,
        quarantine_field as field,
        case quarantine_field
            when 'justification' then justification
            when 'decided_by' then decided_by
            when 'override_field' then override_field
            when 'override_value_raw' then override_value_raw
            else indicator_code
        end as raw_value,
        quarantine_reason as reason,
        'overrides.override_applicable' as reason_code
    from {{ ref('int_overrides__checked') }}
    where quarantine_reason is not null
),

commentary as (
    {{ quarantined_rows(
        'raw_commentary', 'stg_pira__commentary',
        [['period', ''], ['node_code', ''], ['indicator_code', '*']],
        {'node_code': 'node_code', 'text': 'explanation_text', 'author': 'author', 'written_on': 'written_on_raw'},
        'indicator_code'
    ) }}
),

approvals as (
    {{ quarantined_rows(
        'raw_approvals', 'stg_pira__approvals',
        [['period', ''], ['approval_stage', '']],
        {'approved_by': 'approved_by', 'approved_on': 'approved_on_raw', 'act_reference': 'act_reference'},
        'approval_stage'
    ) }}
),

closures as (
    {{ quarantined_rows(
        'raw_period_closures', 'stg_pira__period_closures',
        [['period', '']],
        {'closed_on': 'closed_on_raw', 'closed_by': 'closed_by', 'act_reference': 'act_reference'},
        'period'
    ) }}
),

restatements as (
    {{ quarantined_rows(
        'raw_restatements', 'stg_pira__restatements',
        [['period', ''], ['decided_on_raw', '']],
        {'reason': 'restatement_reason', 'decided_by': 'decided_by'},
        'decided_on_raw'
    ) }}
),

scoring_rules as (
    {{ quarantined_rows(
        'raw_scoring_rules', 'int_scoring__rules_checked',
        [['entity_code', ''], ['indicator_code', '*']],
        {
            'green_from_pct': 'green_from_pct_raw',
            'amber_from_pct': 'amber_from_pct_raw',
            'cap_pct': 'cap_pct_raw',
            'late_deadline_policy': 'late_deadline_policy_raw',
            'late_deadline_decay_days': 'late_deadline_decay_days_raw',
            'missing_data_policy': 'missing_data_policy_raw',
            'entity_code': 'entity_code'
        },
        'indicator_code'
    ) }}
),

budget as (
    {{ quarantined_rows(
        'raw_budget', 'stg_pira__budget',
        [['budget_year_raw', ''], ['cast(source_row as ' ~ dbt.type_string() ~ ')', '']],
        {'budget_year': 'budget_year_raw', 'row_type': 'row_type_raw'},
        'budget_year_raw'
    ) }}
),

budget_links as (
    {{ quarantined_rows(
        'raw_node_budget_links', 'int_plan__budget_links',
        [['cycle', ''], ['node_code', '']],
        {'mission_code': 'mission_code', 'program_code': 'program_code', 'cycle': 'cycle'},
        'node_code'
    ) }}
)

select * from nodes
union all
select * from indicators
union all
select * from assignments
union all
select * from targets
union all
select * from measures
union all
select * from baselines
union all
select * from overrides
union all
select * from commentary
union all
select * from approvals
union all
select * from closures
union all
select * from restatements
union all
select * from scoring_rules
union all
select * from budget
union all
select * from budget_links
