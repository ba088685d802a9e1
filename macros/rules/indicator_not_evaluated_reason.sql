{#- Why an indicator row cannot be scored, in Italian (reports print it), first problem first (plan before data); null when it can. Columns of int_indicators__results. -#}
{% macro indicator_not_evaluated_reason(value_problem) -%}
    case
        when not is_defined then 'indicatore ''' || indicator_code || ''' non definito'
        when not has_target then 'nessun target per il ' || cast(period_year as {{ dbt.type_string() }})
        -- int_targets__by_year keeps no target text for a duplicated key.
        when target_problem is not null and target_raw is null
            then 'target duplicato per il ' || cast(period_year as {{ dbt.type_string() }})
        when target_problem is not null then 'target non interpretabile: ''' || target_raw || ''''
        when target_operator = 'nd' then 'nessun target (N/D): solo monitoraggio'
        when {{ value_problem }} is not null then {{ value_problem }}
        when target_operator = 'by_date' and actual_date is null
            then 'il target è una scadenza ma il valore dell''indicatore non è una data'
        when target_operator <> 'by_date' and actual_value is null
            then 'il target è un numero ma il valore dell''indicatore non lo è'
    end
{%- endmacro %}
