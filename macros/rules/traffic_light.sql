{#- Semaforo: green / amber / red by the var bands on an achievement in percent; grey when not evaluated. -#}
{% macro traffic_light(achievement_pct) -%}
    case
        when {{ achievement_pct }} is null then 'grey'
        when {{ achievement_pct }} >= {{ var('traffic_light_green_from_pct', 90) }} then 'green'
        when {{ achievement_pct }} >= {{ var('traffic_light_amber_from_pct', 60) }} then 'amber'
        else 'red'
    end
{%- endmacro %}
