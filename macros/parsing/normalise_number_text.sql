{#- Number text without surrounding blanks and with a typographic minus made ASCII. -#}
{% macro normalise_number_text(text) -%}
    replace(trim({{ text }}), '−', '-')
{%- endmacro %}
