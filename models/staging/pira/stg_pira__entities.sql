select
    {{ normalise_code('entity_code') }} as entity_code,
    trim(entity_name) as entity_name,
    trim(province) as province,
    trim(region) as region
from {{ raw_table('raw_entities') }}
