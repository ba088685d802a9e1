{#- First or last year of a plan cycle printed as '2017' or '2022-2024'; null when it is neither. -#}
{% macro cycle_year(text, which) -%}
    case when {{ pira_warehouse.regex_matches('trim(' ~ text ~ ')', '[0-9]{4}(-[0-9]{4})?') }}
        then cast(
            {%- if which == 'start' %} substr(trim({{ text }}), 1, 4)
            {%- else %} {{ dbt.right('trim(' ~ text ~ ')', 4) }}{% endif %} as integer)
    end
{%- endmacro %}
