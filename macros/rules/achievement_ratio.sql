{#-
    Degree of achievement (0..1, or above 1 when the cap is off) of an actual against a target,
    docs/methodology.md §4: `>=`: 1 − (T − A)/|T|; `<=`: 1 − (A − T)/|T|; T = 0: 1 if the condition holds;
    a bare value is reached at T; a deadline scores 1 on or before it, late by the late-deadline policy.
    Null when the target is not numeric/date or the actual is missing.
-#}
{% macro achievement_ratio(operator, target_value, target_date, actual_value, actual_date) -%}
    {%- set cap_pct = var('achievement_cap_pct', 100) -%}
    {%- set late_policy = var('late_deadline_policy', 'zero') -%}
    {%- if late_policy not in ['zero', 'linear'] -%}
        {{ exceptions.raise_compiler_error("var late_deadline_policy must be 'zero' or 'linear', not '" ~ late_policy ~ "'") }}
    {%- endif -%}
    {%- set general -%}
        case
            when {{ operator }} in ('>=', '=') and {{ target_value }} = 0
                then case when {{ actual_value }} >= 0 then 1.0 else 0.0 end
            when {{ operator }} = '<=' and {{ target_value }} = 0
                then case when {{ actual_value }} <= 0 then 1.0 else 0.0 end
            when {{ operator }} in ('>=', '=')
                then 1.0 - ({{ target_value }} - {{ actual_value }}) / abs({{ target_value }})
            when {{ operator }} = '<='
                then 1.0 - ({{ actual_value }} - {{ target_value }}) / abs({{ target_value }})
        end
    {%- endset -%}
    case
        when {{ operator }} = 'by_date' and {{ actual_date }} is not null and {{ target_date }} is not null then
            case
                when {{ actual_date }} <= {{ target_date }} then 1.0
                {%- if late_policy == 'linear' %}
                else greatest(0.0, 1.0 - cast({{ dbt.datediff(target_date, actual_date, 'day') }} as double)
                    / {{ var('late_deadline_decay_days', 90) }})
                {%- else %}
                else 0.0
                {%- endif %}
            end
        when {{ operator }} in ('>=', '<=', '=') and {{ actual_value }} is not null and {{ target_value }} is not null then
            {%- if cap_pct is none %}
            case when {{ operator }} = '=' then least(1.0, greatest(0.0, {{ general }})) else greatest(0.0, {{ general }}) end
            {%- else %}
            case when {{ operator }} = '=' then least(1.0, greatest(0.0, {{ general }}))
                else least({{ cap_pct }} / 100.0, greatest(0.0, {{ general }})) end
            {%- endif %}
    end
{%- endmacro %}
