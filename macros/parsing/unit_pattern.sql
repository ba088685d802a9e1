{#- The units a plan prints, as a regex alternation (longest first). -#}
{% macro unit_pattern() -%}N[.]|%|€|gg|fte{%- endmacro %}
