{#-
    Row counts per raw table: rows in (staging keeps every raw row) = rows used (counted where the
    computation reads them) + rows quarantined + rows superseded (by a later extraction, or identical
    copies counted once). Measure rows in are the seed's and those of the landed files in force:
    a withdrawn file's rows (removed or replaced) are history, outside the count.
-#}
{%- set staged = [
    ('raw_plan_nodes', 'stg_pira__plan_nodes'),
    ('raw_indicators', 'stg_pira__indicators'),
    ('raw_indicator_assignments', 'stg_pira__indicator_assignments'),
    ('raw_targets', 'stg_pira__targets'),
    ('raw_baselines', 'stg_pira__baselines'),
    ('raw_overrides', 'stg_pira__overrides'),
    ('raw_commentary', 'stg_pira__commentary'),
    ('raw_approvals', 'stg_pira__approvals'),
    ('raw_period_closures', 'stg_pira__period_closures'),
    ('raw_restatements', 'stg_pira__restatements'),
    ('raw_scoring_rules', 'stg_pira__scoring_rules'),
    ('raw_node_budget_links', 'stg_pira__node_budget_links'),
    ('raw_budget', 'stg_pira__budget'),
    ('raw_measure_values', 'stg_pira__measure_values'),
] %}

with rows_in as (
    {%- for source_table, model in staged %}
        select
            '{{ source_table }}' as source_table,
            count(*) as row_count
        from {{ ref(model) }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

{#- Where each raw table's rows are used, and which of them count (none: every row). fct_budget keeps
    every readable budget row as it is: no intermediate model stands between. -#}
{%- set used = [
    ('raw_plan_nodes', 'int_plan__nodes', none),
    ('raw_indicators', 'int_indicators__definitions', none),
    ('raw_indicator_assignments', 'int_plan__assignments', none),
    ('raw_targets', 'int_targets__by_year', 'target_problem is null'),
    ('raw_baselines', 'int_targets__baselines', none),
    ('raw_overrides', 'int_overrides__checked', 'quarantine_reason is null'),
    ('raw_commentary', 'int_signoff__explanations', none),
    ('raw_approvals', 'int_signoff__approvals', none),
    ('raw_period_closures', 'int_signoff__closures', none),
    ('raw_restatements', 'int_signoff__restatements', none),
    ('raw_scoring_rules', 'int_scoring__rules_checked', 'quarantine_reason is null'),
    ('raw_node_budget_links', 'int_plan__budget_links', 'quarantine_reason is null'),
    ('raw_budget', 'stg_pira__budget', 'quarantine_reason is null'),
    ('raw_measure_values', 'int_measures__current', 'quarantine_reason is null'),
] %}

rows_used as (
    {%- for source_table, model, condition in used %}
        select
            '{{ source_table }}' as source_table,
            count(*) as row_count
        from {{ ref(model) }}
        {%- if condition %}
            where {{ condition }}
        {%- endif %}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

rows_quarantined as (
    select
        source_table,
        count(*) as row_count
    from {{ ref('int_quality__quarantine') }}
    group by source_table
),

rows_superseded as (
    select
        'raw_measure_values' as source_table,
        count(*) as row_count
    from {{ ref('int_measures__superseded') }}
)

select
    rows_in.source_table,
    rows_in.row_count as rows_in,
    coalesce(rows_used.row_count, 0) as rows_used,
    coalesce(rows_quarantined.row_count, 0) as rows_quarantined,
    coalesce(rows_superseded.row_count, 0) as rows_superseded,
    rows_in.row_count = coalesce(rows_used.row_count, 0) + coalesce(rows_quarantined.row_count, 0)
    + coalesce(rows_superseded.row_count, 0) as is_balanced
from rows_in
left join rows_used on rows_in.source_table = rows_used.source_table
left join rows_quarantined on rows_in.source_table = rows_quarantined.source_table
left join rows_superseded on rows_in.source_table = rows_superseded.source_table
