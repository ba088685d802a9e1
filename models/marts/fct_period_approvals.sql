{#- The sign-off of each entity's period figures, one row per stage (validazione OIV, approvazione Giunta). -#}
select
    cast(entity_code as {{ dbt.type_string() }}) as entity_code,
    cast(period as {{ dbt.type_string() }}) as period,
    cast(approval_stage as {{ dbt.type_string() }}) as approval_stage,
    cast(stage_order as integer) as stage_order,
    cast(approved_by as {{ dbt.type_string() }}) as approved_by,
    cast(approved_on as date) as approved_on,
    cast(act_reference as {{ dbt.type_string() }}) as act_reference
from {{ ref('int_signoff__approvals') }}
