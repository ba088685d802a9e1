{#- Fails with every key that occurs more than once or has a null in one of its columns: the
    model's compound primary key, in one query (a unique and a not-null test each scanned it). -#}
{% test primary_key(model, combination_of_columns) %}
select {{ combination_of_columns | join(', ') }}, count(*) as occurrences
from {{ model }}
group by {{ combination_of_columns | join(', ') }}
having count(*) > 1 or {% for column in combination_of_columns %}{{ column }} is null{{ ' or ' if not loop.last }}{% endfor %}
{% endtest %}
