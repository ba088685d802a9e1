{#- A child objective's achievement as its parent averages it: rounded half-up to var rollup_child_decimals (none: unrounded). -#}
{% macro rounded_child_pct(expression) -%}
    {%- set decimals = var('rollup_child_decimals', 2) -%}
    {%- if decimals is none -%}{{ expression }}{%- else -%}{{ round_half_up(expression, decimals) }}{%- endif -%}
{%- endmacro %}
