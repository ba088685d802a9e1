{#-
    Fails with every row whose achievement (percent) lies outside [0, the highest cap in force]
    (nulls pass). A scoring rule may give an indicator a cap above the var's 100 (or none): the cap in
    force per indicator is marts.dim_indicator.cap_pct, and one indicator without a cap leaves no
    upper bound. The bound of GX's range checks (orchestration.quality.cap_in_force) is the same.
-#}
{% test achievement_within_cap(model, column_name) %}
with caps as (
    select
        max(case when cap_pct is null then 1 else 0 end) as has_uncapped,
        max(cap_pct) as highest_cap_pct
    from {{ ref('dim_indicator') }}
)

select *
from {{ model }}
cross join caps
where {{ column_name }} < 0
    or (coalesce(caps.has_uncapped, 0) = 0 and {{ column_name }} > coalesce(caps.highest_cap_pct, 100))
{% endtest %}
