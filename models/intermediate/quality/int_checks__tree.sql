{#-
    The plan tree node by node: unique code, existing parent above it, no cycle. Ancestors are walked
    a fixed five steps (deeper than any plan: area, strategic, group, operational), so the SQL does
    not grow with the data and runs on engines without recursive CTEs.
-#}
{%- set max_depth = 5 -%}

with nodes as (
    select * from {{ ref('stg_pira__plan_nodes') }}
),

unique_nodes as (
    select * from nodes
    where duplicate_reason is null
),

walked as (
    select
        nodes.entity_code,
        nodes.cycle,
        nodes.node_code,
        nodes.node_level,
        nodes.parent_code,
        nodes.source_row,
        nodes.duplicate_reason,
        parent.node_code as found_parent,
        {%- for step in range(1, max_depth + 1) %}
            ancestor_{{ step }}.node_code as ancestor_{{ step }},
        {%- endfor %}
        parent.node_level as parent_level
    from nodes
    left join unique_nodes as parent
        on nodes.entity_code = parent.entity_code and nodes.cycle = parent.cycle
            and nodes.parent_code = parent.node_code
    {%- for step in range(1, max_depth + 1) %}
        left join unique_nodes as ancestor_{{ step }}
            on nodes.entity_code = ancestor_{{ step }}.entity_code and nodes.cycle = ancestor_{{ step }}.cycle
                and {{ 'nodes.parent_code' if step == 1 else 'ancestor_' ~ (step - 1) ~ '.parent_code' }} = ancestor_{{ step }}.node_code
    {%- endfor %}
)

select
    entity_code,
    cycle,
    node_code,
    node_level,
    parent_code,
    source_row,
    duplicate_reason is null as is_unique,
    parent_code is null or found_parent is not null as has_existing_parent,
    (node_level = 'area') = (parent_code is null) as is_root_iff_area,
    parent_code is null or found_parent is null or (
        case parent_level when 'area' then 1 when 'strategic_objective' then 2 when 'objective_group' then 3 else 4 end
        < case node_level when 'area' then 1 when 'strategic_objective' then 2 when 'objective_group' then 3 else 4 end
    ) as is_parent_above,
    not(
        {%- for step in range(1, max_depth + 1) %}
            coalesce(ancestor_{{ step }} = node_code, false){{ ' or' if not loop.last }}
        {%- endfor %}
    ) as is_acyclic
from walked
