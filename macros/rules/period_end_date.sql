{#-
    The last day of a period code, so that BI tools find a time axis: a year '2017' ends 2017-12-31,
    a quarter '2022-Q2' ends 2022-06-30 (a quarter's figures are year to date up to that day).
-#}
{% macro period_end_date(period) -%}
    cast(
        substr({{ period }}, 1, 4) || case substr({{ period }}, 6, 2)
            when 'Q1' then '-03-31'
            when 'Q2' then '-06-30'
            when 'Q3' then '-09-30'
            else '-12-31'
        end as date
    )
{%- endmacro %}
