{#- The staging columns every branch of int_measures__ranked carries (its rows are classified in place, not joined back). -#}
{% macro ranked_measure_columns() -%}
    source_file,
    source_row,
    loaded_at,
    entity_code,
    period,
    period_year,
    period_quarter,
    measure_code,
    value_raw,
    value_number,
    value_date,
    unit,
    is_not_available,
    source,
    extracted_at_raw,
    extracted_at,
    load_error,
    parse_error,
    parse_error_field,
    parse_error_code
{%- endmacro %}
