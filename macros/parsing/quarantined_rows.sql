{#-
    The quarantine rows of a staged seed whose model flags its bad rows with quarantine_field,
    quarantine_reason and quarantine_code: file, row, key, field, the raw value of that field.
    key_columns: [column, text when null] pairs joined with ' | '; raw_values: field -> column,
    default_raw_value for any other field (the key's own column).
-#}
{%- macro quarantined_rows(source_table, staged_model, key_columns, raw_values, default_raw_value) -%}
    select
        entity_code,
        '{{ source_table }}' as source_table,
        '{{ raw_table_file(source_table) }}' as source_file,
        source_row,
        {% for column, when_null in key_columns -%}
            coalesce({{ column }}, '{{ when_null }}'){% if not loop.last %} || ' | ' || {% endif %}
        {%- endfor %} as row_key,
        quarantine_field as field,
        case quarantine_field
            {%- for field, column in raw_values.items() %}
            when '{{ field }}' then {{ column }}
            {%- endfor %}
            else {{ default_raw_value }}
        end as raw_value,
        quarantine_reason as reason,
        quarantine_code as reason_code
    from {{ ref(staged_model) }}
    where quarantine_reason is not null
{%- endmacro -%}
