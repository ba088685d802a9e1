{#- Every plan node's roll-up in one relation: operational objectives, groups, strategic objectives, areas. -#}
select * from {{ ref('int_rollup__operational_objectives') }}
union all
select * from {{ ref('int_rollup__objective_groups') }}
union all
select * from {{ ref('int_rollup__strategic_objectives') }}
union all
select * from {{ ref('int_rollup__areas') }}
