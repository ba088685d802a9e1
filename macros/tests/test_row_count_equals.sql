{#- Fails when the model does not hold exactly as many rows as the compared relation (nothing dropped, nothing added). -#}
{% test row_count_equals(model, compare_to) %}
select model_rows, compared_rows
from (select count(*) as model_rows from {{ model }}) as model_count
cross join (select count(*) as compared_rows from {{ compare_to }}) as compared_count
where model_rows <> compared_rows
{% endtest %}
