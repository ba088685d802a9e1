{#-
    The measure codes each entity's extracts have ever named (any period, any status): a term whose
    code is not here is unknown rather than missing. A small lookup built with the measure chain, so
    the period models (int_measures__by_period and its readers) do not regroup every measure row.
-#}
select distinct
    entity_code,
    measure_code
from {{ ref('int_measures__ranked') }}
where entity_code is not null and measure_code is not null
