{#- A measure's source names invented demonstration data ('Dati sintetici dimostrativi'). -#}
{% macro is_synthetic_source(source) -%}
    coalesce(lower({{ source }}) like '%sintetic%' or lower({{ source }}) like '%synthetic%', false)
{%- endmacro %}
