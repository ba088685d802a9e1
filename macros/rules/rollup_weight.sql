{#- The weight a child enters its parent's mean with: its printed weight, or 1 when none of its siblings carries a weight (they count equally, docs/methodology.md §1). -#}
{% macro rollup_weight(weight_column, sibling_columns) -%}
    case when count({{ weight_column }}) over (partition by {{ sibling_columns | join(', ') }}) = 0
        then 1.0 else {{ weight_column }} end
{%- endmacro %}
