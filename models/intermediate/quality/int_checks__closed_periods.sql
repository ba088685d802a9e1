{#-
    Rule history.closed_period_unchanged: one row per closed period with a published version, and
    how many of its figures now differ from the latest version. The history mart has already
    appended a version when a newer restatement authorised the change, so a difference left here is
    a change without a restatement.
-#}
with latest_version as (
    select
        entity_code,
        period,
        max(version) as last_version
    from {{ ref('fct_published_results_history') }}
    group by entity_code, period
),

latest_rows as (
    select history.*
    from {{ ref('fct_published_results_history') }} as history
    inner join latest_version
        on history.entity_code = latest_version.entity_code
            and history.period = latest_version.period
            and history.version = latest_version.last_version
),

compared as (
    select
        coalesce(current_figures.entity_code, latest_rows.entity_code) as entity_code,
        coalesce(current_figures.period, latest_rows.period) as period,
        case
            when current_figures.figures_fingerprint is null
                or latest_rows.figures_fingerprint is null
                or current_figures.figures_fingerprint != latest_rows.figures_fingerprint
                then 1
            else 0
        end as is_changed
    from {{ ref('int_signoff__current_figures') }} as current_figures
    full outer join latest_rows
        on current_figures.entity_code = latest_rows.entity_code
            and current_figures.period = latest_rows.period
            and current_figures.result_level = latest_rows.result_level
            and coalesce(current_figures.node_code, '') = coalesce(latest_rows.node_code, '')
            and coalesce(current_figures.indicator_code, '') = coalesce(latest_rows.indicator_code, '')
)

select
    compared.entity_code,
    compared.period,
    latest_version.last_version as latest_version,
    cast(sum(compared.is_changed) as integer) as changed_figure_count,
    sum(compared.is_changed) = 0 as is_unchanged
from compared
inner join latest_version
    on compared.entity_code = latest_version.entity_code
        and compared.period = latest_version.period
group by compared.entity_code, compared.period, latest_version.last_version
