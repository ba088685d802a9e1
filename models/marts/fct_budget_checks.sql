{#-
    Do the budget's detail rows add up to the printed total? Per entity, year and amount column
    (forecast / actual): the sum of the detail rows, the printed total, the difference and, when
    exactly one detail row has the difference's amount, that row (the likely explanation).
-#}
{%- set tolerance_eur = 0.005 -%}
with amounts as (
    {%- for amount_column in ['forecast', 'actual'] %}
        select
            entity_code,
            budget_year,
            source_row,
            row_type,
            priority_area,
            program_name,
            mission_name,
            '{{ amount_column }}' as amount_column,
            {{ amount_column }}_eur as amount_eur
        from {{ ref('fct_budget') }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

sums as (
    select
        entity_code,
        budget_year,
        amount_column,
        coalesce(sum(case when row_type = 'detail' then amount_eur end), 0) as detail_sum_eur,
        count(case when row_type = 'detail' then 1 end) as detail_row_count,
        max(case when row_type = 'total' then amount_eur end) as printed_total_eur,
        count(case when row_type = 'total' then 1 end) as total_row_count
    from amounts
    group by entity_code, budget_year, amount_column
),

explained as (
    select
        sums.entity_code,
        sums.budget_year,
        sums.amount_column,
        count(*) as candidate_count,
        min(amounts.source_row) as source_row,
        min(coalesce(amounts.priority_area, amounts.program_name, cast(amounts.source_row as {{ dbt.type_string() }}))) as row_label
    from sums
    inner join amounts
        on sums.entity_code = amounts.entity_code
            and sums.budget_year = amounts.budget_year
            and sums.amount_column = amounts.amount_column
            and amounts.row_type = 'detail'
            and abs(abs(amounts.amount_eur) - abs(sums.detail_sum_eur - sums.printed_total_eur)) <= {{ tolerance_eur }}
    where abs(sums.detail_sum_eur - sums.printed_total_eur) > {{ tolerance_eur }}
    group by sums.entity_code, sums.budget_year, sums.amount_column
)

select
    cast(sums.entity_code as {{ dbt.type_string() }}) as entity_code,
    cast(sums.budget_year as integer) as budget_year,
    cast(sums.amount_column as {{ dbt.type_string() }}) as amount_column,
    cast(sums.detail_row_count as integer) as detail_row_count,
    cast(sums.detail_sum_eur as double) as detail_sum_eur,
    {{ reported_decimal('sums.detail_sum_eur') }} as detail_sum_eur_reported,
    cast(sums.printed_total_eur as double) as printed_total_eur,
    {{ reported_decimal('sums.printed_total_eur') }} as printed_total_eur_reported,
    cast(sums.detail_sum_eur - sums.printed_total_eur as double) as difference_eur,
    {{ reported_decimal('sums.detail_sum_eur - sums.printed_total_eur') }} as difference_eur_reported,
    cast(case when sums.printed_total_eur is not null
            then abs(sums.detail_sum_eur - sums.printed_total_eur) <= {{ tolerance_eur }}
    end as boolean) as is_balanced,
    cast(case when explained.candidate_count = 1 then explained.source_row end as integer) as explaining_source_row,
    cast(case when explained.candidate_count = 1 then explained.row_label end as {{ dbt.type_string() }}) as explaining_row_label
from sums
left join explained
    on sums.entity_code = explained.entity_code
        and sums.budget_year = explained.budget_year
        and sums.amount_column = explained.amount_column
