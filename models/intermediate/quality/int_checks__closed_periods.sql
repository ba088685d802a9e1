{#-
    Rule history.closed_period_unchanged: one row per closed period with a published version, and
    how many of its figures now differ from the latest version. The history mart has already
    appended a version when a newer restatement authorised the change, so a difference left here is
    a change without a restatement.
-#}
with {{ published_version_comparison(ref('int_signoff__current_figures'), ref('fct_published_results_history')) }}

select
    figure_comparison.entity_code,
    figure_comparison.period,
    latest_version.last_version as latest_version,
    cast(sum(figure_comparison.is_changed) as integer) as changed_figure_count,
    sum(figure_comparison.is_changed) = 0 as is_unchanged
from figure_comparison
inner join latest_version
    on figure_comparison.entity_code = latest_version.entity_code
        and figure_comparison.period = latest_version.period
group by figure_comparison.entity_code, figure_comparison.period, latest_version.last_version
