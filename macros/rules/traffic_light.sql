{#-
    Semaforo: green / amber / red by the bands on an achievement in percent; grey when not evaluated.
    green_from, amber_from: the bands in force (int_scoring__rules, int_scoring__plan_rules); null or
    none given: the dbt vars.
-#}
{% macro traffic_light(achievement_pct, green_from=none, amber_from=none) -%}
    {%- set default_green = var('traffic_light_green_from_pct', 90) -%}
    {%- set default_amber = var('traffic_light_amber_from_pct', 60) -%}
    case
        when {{ achievement_pct }} is null then 'grey'
        when {{ achievement_pct }} >= {{ default_green if green_from is none else 'coalesce(' ~ green_from ~ ', ' ~ default_green ~ ')' }}
            then 'green'
        when {{ achievement_pct }} >= {{ default_amber if amber_from is none else 'coalesce(' ~ amber_from ~ ', ' ~ default_amber ~ ')' }}
            then 'amber'
        else 'red'
    end
{%- endmacro %}
