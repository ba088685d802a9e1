{#-
    Degree of achievement (0..1, or above 1 when the cap is off) of an actual against a target,
    docs/methodology.md §4: `>=`: 1 − (T − A)/|T|; `<=`: 1 − (A − T)/|T|; T = 0: 1 if the condition holds;
    a bare value is reached at T; a deadline scores 1 on or before it, late by the late-deadline policy.
    Null when the target is not numeric/date or the actual is missing.
    cap_pct, late_policy, decay_days: the row's scoring rule in force (columns of int_scoring__rules);
    a null one (or none given) falls back to the dbt vars.
-#}
{% macro achievement_ratio(operator, target_value, target_date, actual_value, actual_date,
        cap_pct=none, late_policy=none, decay_days=none) -%}
    {%- set default_cap = var('achievement_cap_pct', 100) -%}
    {%- set default_late = var('late_deadline_policy', 'zero') -%}
    {%- if default_late not in ['zero', 'linear'] -%}
        {{ exceptions.raise_compiler_error("var late_deadline_policy must be 'zero' or 'linear', not '" ~ default_late ~ "'") }}
    {%- endif -%}
    {%- set default_cap_sql = 'cast(null as double)' if default_cap is none else default_cap -%}
    {%- set cap = default_cap_sql if cap_pct is none else 'coalesce(' ~ cap_pct ~ ', ' ~ default_cap_sql ~ ')' -%}
    {%- set late = "'" ~ default_late ~ "'" if late_policy is none else "coalesce(" ~ late_policy ~ ", '" ~ default_late ~ "')" -%}
    {%- set default_decay = var('late_deadline_decay_days', 90) -%}
    {%- set decay = default_decay if decay_days is none else 'coalesce(' ~ decay_days ~ ', ' ~ default_decay ~ ')' -%}
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
                when {{ late }} = 'linear'
                    then greatest(0.0, 1.0 - cast({{ dbt.datediff(target_date, actual_date, 'day') }} as double)
                        / {{ decay }})
                else 0.0
            end
        when {{ operator }} in ('>=', '<=', '=') and {{ actual_value }} is not null and {{ target_value }} is not null then
            case when {{ operator }} = '=' then least(1.0, greatest(0.0, {{ general }}))
                when {{ cap }} is null then greatest(0.0, {{ general }})
                else least({{ cap }} / 100.0, greatest(0.0, {{ general }})) end
    end
{%- endmacro %}
