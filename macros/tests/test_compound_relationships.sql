{#- Fails with every row whose key (several columns) has no match in the parent model. -#}
{% test compound_relationships(model, columns, to, to_columns) %}
{#- model may be a filtered subquery with its own alias (get_where_subquery): read it in a CTE. -#}
with child as (
    select * from {{ model }}
)

select child.*
from child
left join {{ to }} as parent
    on {% for column in columns %}child.{{ column }} = parent.{{ to_columns[loop.index0] }}{{ ' and ' if not loop.last }}{% endfor %}
where {% for column in columns %}child.{{ column }} is not null{{ ' and ' if not loop.last }}{% endfor %}
    and parent.{{ to_columns[0] }} is null
{% endtest %}
