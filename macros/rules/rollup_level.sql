{#-
    Achievement of every plan node of one level, per period: the weighted mean of its evaluated
    children (indicators it scores and nodes below it), weights renormalised over the evaluated ones
    (neutralisation). Children listed in `child_models`: int_indicators__results and int_rollup__* models.
    A child node enters its parent's mean rounded as the report prints it (var rollup_child_decimals,
    2 by default; Ferrara 02.O2 = 95,02 only from its objectives' printed figures); indicators enter unrounded.
    The keyword arguments let another indicator model (the quarterly monitoring's projection) roll up
    by the same rule over its own periods; their defaults are the warehouse's own roll-up.
-#}
{% macro rollup_level(level, child_models, indicator_model='int_indicators__results', achievement_column='achievement_pct',
    evaluated_column='is_evaluated', periods_model='int_plan__periods') -%}
with children as (
    {%- for model in child_models %}
    {%- if model == indicator_model %}
    select
        entity_code,
        period,
        node_code as parent_code,
        rollup_weight,
        {{ achievement_column }} as achievement_pct,
        1 as indicator_count,
        case when {{ evaluated_column }} then 1 else 0 end as evaluated_indicator_count
    from {{ ref(model) }}
    {%- else %}
    select
        entity_code,
        period,
        parent_code,
        rollup_weight,
        {{ rounded_child_pct('achievement_pct') }} as achievement_pct,
        indicator_count,
        evaluated_indicator_count
    from {{ ref(model) }}
    {%- endif %}
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

aggregated as (
    select
        entity_code,
        period,
        parent_code as node_code,
        {{ clean_pct(
            'sum(case when achievement_pct is not null then rollup_weight * achievement_pct end)
            / nullif(sum(case when achievement_pct is not null then rollup_weight end), 0)'
        ) }} as achievement_pct,
        100.0 * coalesce(sum(case when achievement_pct is not null then rollup_weight end), 0)
        / nullif(sum(rollup_weight), 0) as evaluated_weight_pct,
        count(*) as child_count,
        sum(case when achievement_pct is not null then 1 else 0 end) as evaluated_child_count,
        sum(indicator_count) as indicator_count,
        sum(evaluated_indicator_count) as evaluated_indicator_count
    from children
    group by entity_code, period, parent_code
),

nodes as (
    select
        nodes.*,
        periods.period
    from {{ ref('int_plan__nodes') }} as nodes
    inner join {{ ref(periods_model) }} as periods
        on nodes.entity_code = periods.entity_code
        and periods.period_year between nodes.cycle_start_year and nodes.cycle_end_year
    where nodes.node_level = '{{ level }}'
)

select
    nodes.entity_code,
    nodes.period,
    nodes.cycle,
    nodes.node_code,
    nodes.node_level,
    nodes.parent_code,
    nodes.weight_pct,
    nodes.rollup_weight,
    case when nodes.is_plain_mean_sibling then 'plain_mean' else 'weighted' end as weighting,
    aggregated.achievement_pct,
    coalesce(aggregated.evaluated_weight_pct, 0) as evaluated_weight_pct,
    coalesce(aggregated.child_count, 0) as child_count,
    coalesce(aggregated.evaluated_child_count, 0) as evaluated_child_count,
    coalesce(aggregated.indicator_count, 0) as indicator_count,
    coalesce(aggregated.evaluated_indicator_count, 0) as evaluated_indicator_count,
    case
        when aggregated.node_code is null then 'nessun indicatore o obiettivo sotto questo nodo'
        when aggregated.achievement_pct is null and aggregated.evaluated_child_count = 0
            then 'nulla sotto questo nodo è stato valutato'
        when aggregated.achievement_pct is null then 'gli elementi valutati sotto questo nodo pesano tutti 0%'
    end as not_evaluated_reason
from nodes
left join aggregated
    on nodes.entity_code = aggregated.entity_code
    and nodes.period = aggregated.period
    and nodes.node_code = aggregated.node_code
{%- endmacro %}
