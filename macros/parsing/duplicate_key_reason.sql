{#- Reason a row is quarantined because other rows share its key (null when the key is unique). -#}
{% macro duplicate_key_reason(key_columns) -%}
    {%- set partition = key_columns | join(', ') -%}
    case when count(*) over (partition by {{ partition }}) > 1
        then 'chiave duplicata ('
            {%- for column in key_columns %}
            || coalesce(cast({{ column }} as {{ dbt.type_string() }}), 'null'){{ " || ', '" if not loop.last }}
            {%- endfor %}
            || '): ' || cast(count(*) over (partition by {{ partition }}) as {{ dbt.type_string() }}) || ' righe'
    end
{%- endmacro %}
