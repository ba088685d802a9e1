{#- The periods computed for each entity: those its measure extracts cover (quarantined rows included), optionally narrowed by the var `periods`. -#}
{%- set selected_periods = var('periods', none) -%}

select distinct
    entity_code,
    period,
    period_year,
    period_quarter,
    case when period_quarter is null then 'year' else 'quarter' end as period_type
from {{ ref('int_measures__current') }}
where period_year is not null
{%- if selected_periods %}
    and period in ('{{ (selected_periods if selected_periods is not string else selected_periods.split(",")) | map("trim") | join("', '") }}')
{%- endif %}
