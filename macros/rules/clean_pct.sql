{#-
    A computed percentage stripped of binary floating-point noise (10 decimals kept), so that
    95,015 is stored as 95,015 and not 95,01499999999999, and half-up display rounding is stable.
-#}
{% macro clean_pct(expression) -%}
    round({{ expression }}, 10)
{%- endmacro %}
