{#- The indicators a scoring rule may name: every defined one and every one the plan assigns. -#}
{% macro scoring_rule_indicators() -%}
    select
        entity_code,
        indicator_code
    from {{ ref('int_indicators__definitions') }}
    union
    select
        entity_code,
        indicator_code
    from {{ ref('int_plan__assignments') }}
{%- endmacro %}
