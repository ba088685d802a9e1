{#- Half-up rounding on the decimal value, immune to binary noise (79,325 stays 79,325 before rounding to 79,33). -#}
{% macro round_half_up(expression, decimals) -%}
    cast(round(cast({{ expression }} as decimal(38, 10)), {{ decimals }}) as double)
{%- endmacro %}
