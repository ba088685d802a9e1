{#- Fails with every row where one of the key columns is null. -#}
{% test not_null_combination(model, combination_of_columns) %}
select *
from {{ model }}
where {% for column in combination_of_columns %}{{ column }} is null{{ ' or ' if not loop.last }}{% endfor %}
{% endtest %}
