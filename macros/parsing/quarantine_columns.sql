{#- quarantine_reason (the first problem of a staged row: a duplicated key, then a parse error) and quarantine_code, the check catalogue's rule it falls under. -#}
{% macro quarantine_columns(duplicate_code, parse_code) -%}
    coalesce(duplicate_reason, parse_error) as quarantine_reason,
    case when duplicate_reason is not null then '{{ duplicate_code }}'
        when parse_error is not null then '{{ parse_code }}' end as quarantine_code
{%- endmacro %}
