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

rows_used as (
    select
        'raw_plan_nodes' as source_table,
        count(*) as row_count
    from {{ ref('int_plan__nodes') }}
    union all
    select
        'raw_indicators' as source_table,
        count(*) as row_count
    from {{ ref('int_indicators__definitions') }}
    union all
    select
        'raw_indicator_assignments' as source_table,
        count(*) as row_count
    from {{ ref('int_plan__assignments') }}
    union all
    select
        'raw_targets' as source_table,
        count(*) as row_count
    from {{ ref('int_targets__by_year') }}
    where target_problem is null
    union all
    select
        'raw_baselines' as source_table,
        count(*) as row_count
    from {{ ref('int_targets__baselines') }}
    union all
    select
        'raw_overrides' as source_table,
        count(*) as row_count
    from {{ ref('int_overrides__checked') }}
    where quarantine_reason is null
    union all
    select
        'raw_measure_values' as source_table,
        count(*) as row_count
    from {{ ref('int_measures__current') }}
    where quarantine_reason is null
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
