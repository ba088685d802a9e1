{#-
    The figures of closed periods as published, append-only: one row per version, entity, period,
    level, node and indicator. Version 1 is written the first time a closed period is built; a new
    version only when a restatement decided after the basis of the latest version (closed_on for
    version 1, the restatement's date after) exists and the figures differ from that version.
    Never rebuilt from scratch (full_refresh false): earlier versions stay as they were published.
-#}
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    full_refresh=false,
    on_schema_change='append_new_columns'
) }}

with current_figures as (
    select * from {{ ref('int_signoff__current_figures') }}
),

closed_periods as (
    select distinct
        entity_code,
        period,
        closed_on
    from current_figures
),

restatements as (
    select * from {{ ref('int_signoff__restatements') }}
),

-- What is already published: the table itself, or nothing at the first build.
nothing_published as (
    select
        entity_code,
        period,
        cast(null as integer) as version,  -- noqa: RF04
        cast(null as date) as authorised_on,
        result_level,
        node_code,
        indicator_code,
        figures_fingerprint
    from current_figures
    where 1 = 0
),

published as (
    select * from {% if is_incremental() %}{{ this }}{% else %}nothing_published{% endif %}
),

{{ published_version_comparison('current_figures', 'published') }},

latest_basis as (
    select distinct
        entity_code,
        period,
        version,
        authorised_on
    from latest_rows
),

changed_periods as (
    select distinct
        entity_code,
        period
    from figure_comparison
    where is_changed = 1
),

newer_restatements as (
    select
        restatements.entity_code,
        restatements.period,
        restatements.restatement_reason,
        restatements.decided_by,
        restatements.decided_on,
        row_number() over (
            partition by restatements.entity_code, restatements.period order by restatements.decided_on desc
        ) as recency
    from restatements
    inner join latest_basis
        on restatements.entity_code = latest_basis.entity_code
            and restatements.period = latest_basis.period
    where restatements.decided_on > latest_basis.authorised_on
),

to_publish as (
    select
        closed_periods.entity_code,
        closed_periods.period,
        1 as version,  -- noqa: RF04
        closed_periods.closed_on as authorised_on,
        cast(null as {{ dbt.type_string() }}) as restatement_reason,
        cast(null as {{ dbt.type_string() }}) as restatement_decided_by,
        cast(null as date) as restatement_decided_on
    from closed_periods
    left join latest_basis
        on closed_periods.entity_code = latest_basis.entity_code
            and closed_periods.period = latest_basis.period
    where latest_basis.version is null
    union all
    select
        latest_basis.entity_code,
        latest_basis.period,
        latest_basis.version + 1 as version,  -- noqa: RF04
        newer_restatements.decided_on as authorised_on,
        newer_restatements.restatement_reason,
        newer_restatements.decided_by as restatement_decided_by,
        newer_restatements.decided_on as restatement_decided_on
    from latest_basis
    inner join newer_restatements
        on latest_basis.entity_code = newer_restatements.entity_code
            and latest_basis.period = newer_restatements.period
            and newer_restatements.recency = 1
    inner join changed_periods
        on latest_basis.entity_code = changed_periods.entity_code
            and latest_basis.period = changed_periods.period
    inner join closed_periods
        on latest_basis.entity_code = closed_periods.entity_code
            and latest_basis.period = closed_periods.period
)

select
    cast(current_figures.entity_code as {{ dbt.type_string() }}) as entity_code,
    cast(current_figures.period as {{ dbt.type_string() }}) as period,
    cast(to_publish.version as integer) as version,  -- noqa: RF04
    cast({{ dbt.current_timestamp() }} as timestamp) as published_at,
    cast(to_publish.authorised_on as date) as authorised_on,
    cast(current_figures.closed_on as date) as closed_on,
    cast(to_publish.restatement_reason as {{ dbt.type_string() }}) as restatement_reason,
    cast(to_publish.restatement_decided_by as {{ dbt.type_string() }}) as restatement_decided_by,
    cast(to_publish.restatement_decided_on as date) as restatement_decided_on,
    cast(current_figures.result_level as {{ dbt.type_string() }}) as result_level,
    cast(current_figures.node_code as {{ dbt.type_string() }}) as node_code,
    cast(current_figures.indicator_code as {{ dbt.type_string() }}) as indicator_code,
    cast(current_figures.achievement_pct_reported as decimal(38, 2)) as achievement_pct_reported,
    cast(current_figures.operational_objectives_pct_reported as decimal(38, 2)) as operational_objectives_pct_reported,
    cast(current_figures.actual_value_reported as decimal(38, 2)) as actual_value_reported,
    cast(current_figures.traffic_light as {{ dbt.type_string() }}) as traffic_light,
    cast(current_figures.figures_fingerprint as {{ dbt.type_string() }}) as figures_fingerprint
from current_figures
inner join to_publish
    on current_figures.entity_code = to_publish.entity_code
        and current_figures.period = to_publish.period
