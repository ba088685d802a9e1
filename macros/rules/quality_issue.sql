{#- One select of data-quality issues in the shared shape of int_quality__issues; reason_code names a rule of the check catalogue (its severity and label come from there). -#}
{% macro quality_issue(relation, check_name, reason_code, source_table, row_key, field, raw_value, reason, condition) -%}
    select
        entity_code,
        '{{ check_name }}' as check_name,
        '{{ reason_code }}' as reason_code,
        '{{ source_table }}' as source_table,
        {{ row_key }} as row_key,
        '{{ field }}' as field,
        cast({{ raw_value }} as {{ dbt.type_string() }}) as raw_value,
        {{ reason }} as reason
    from {{ relation }}
    where {{ condition }}
{%- endmacro %}
