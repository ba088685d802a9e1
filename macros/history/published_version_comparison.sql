{#-
    Three CTEs comparing the figures computed now with each closed period's latest published
    version, shared by the history mart (does a restatement publish a new version?) and the
    closed-period check (did figures change without one?):
    latest_version (entity_code, period, last_version), latest_rows (the history rows of that
    version) and figure_comparison (entity_code, period, is_changed: 1 for a figure added, removed
    or different). `current_figures` and `history` are relations or CTE names.
-#}
{%- macro published_version_comparison(current_figures, history) -%}
latest_version as (
    select
        entity_code,
        period,
        max(version) as last_version
    from {{ history }}
    group by entity_code, period
),

latest_rows as (
    select history_rows.*
    from {{ history }} as history_rows
    inner join latest_version
        on history_rows.entity_code = latest_version.entity_code
            and history_rows.period = latest_version.period
            and history_rows.version = latest_version.last_version
),

figure_comparison as (
    select
        coalesce(current_rows.entity_code, latest_rows.entity_code) as entity_code,
        coalesce(current_rows.period, latest_rows.period) as period,
        case
            when current_rows.figures_fingerprint is null
                or latest_rows.figures_fingerprint is null
                or current_rows.figures_fingerprint != latest_rows.figures_fingerprint
                then 1
            else 0
        end as is_changed
    from {{ current_figures }} as current_rows
    full outer join latest_rows
        on current_rows.entity_code = latest_rows.entity_code
            and current_rows.period = latest_rows.period
            and current_rows.result_level = latest_rows.result_level
            and coalesce(current_rows.node_code, '') = coalesce(latest_rows.node_code, '')
            and coalesce(current_rows.indicator_code, '') = coalesce(latest_rows.indicator_code, '')
)
{%- endmacro -%}
