{#-
    A percentage as the 0-1 fraction BI "percent" formats expect, from the figure as the reports print
    it (95,93% -> 0.9593): a BI tool formatting it as a percentage shows the report's figure.
-#}
{% macro reported_fraction(expression) -%}
    cast({{ reported_decimal(expression) }} / 100 as decimal(38, 4))
{%- endmacro %}
