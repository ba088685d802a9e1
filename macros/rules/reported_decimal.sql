{#-
    A figure as the reports print it: two decimals, half-up on the decimal value (95.835 -> 95.84),
    typed DECIMAL so that every client rounds it the same way (a double 95.835 is 95.8349999...).
-#}
{% macro reported_decimal(expression) -%}
    cast(round(cast({{ expression }} as decimal(38, 9)), 2) as decimal(38, 2))
{%- endmacro %}
