{#-
    Every input problem (int_quality__issues) and every closed period whose figures changed without
    a restatement (int_checks__closed_periods; it reads the result marts, so it joins here and not
    in int_quality__issues, which the result marts read).
-#}
with closed_period_issues as (
    select
        checks.entity_code,
        'closed_period_changed' as check_name,
        rules.severity,
        rules.rule_code as reason_code,
        rules.label_it,
        'raw_period_closures' as source_table,
        checks.period as row_key,
        'figures' as field,
        cast(checks.changed_figure_count as {{ dbt.type_string() }}) as raw_value,
        'periodo chiuso: ' || cast(checks.changed_figure_count as {{ dbt.type_string() }})
        || ' risultati diversi dalla versione ' || cast(checks.latest_version as {{ dbt.type_string() }})
        || ' pubblicata, senza una rettifica successiva (raw_restatements)' as reason
    from {{ ref('int_checks__closed_periods') }} as checks
    cross join {{ ref('check_catalogue') }} as rules
    where rules.rule_code = 'history.closed_period_unchanged'
        and not checks.is_unchanged
),

issues as (
    select
        entity_code,
        check_name,
        severity,
        reason_code,
        label_it,
        source_table,
        row_key,
        field,
        raw_value,
        reason
    from {{ ref('int_quality__issues') }}
    union all
    select * from closed_period_issues
)

select
    cast(entity_code as {{ dbt.type_string() }}) as entity_code,
    cast(check_name as {{ dbt.type_string() }}) as check_name,
    cast(severity as {{ dbt.type_string() }}) as severity,
    cast(reason_code as {{ dbt.type_string() }}) as reason_code,
    cast(label_it as {{ dbt.type_string() }}) as label_it,
    cast(source_table as {{ dbt.type_string() }}) as source_table,
    cast(row_key as {{ dbt.type_string() }}) as row_key,
    cast(field as {{ dbt.type_string() }}) as field,
    cast(raw_value as {{ dbt.type_string() }}) as raw_value,
    cast(reason as {{ dbt.type_string() }}) as reason
from issues
