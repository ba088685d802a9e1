{#- One row per day: the time spine MetricFlow needs (periods end on 2015-12-31 .. 2030-12-31). -#}
with spine as (
    {{ dbt.date_spine('day', "cast('2015-01-01' as date)", "cast('2031-01-01' as date)") }}
)

select cast(date_day as date) as date_day
from spine
