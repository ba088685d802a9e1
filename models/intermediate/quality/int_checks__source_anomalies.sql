{#- Anomalies the source itself carries (codes printed for several items, unusable formulas): published, but said. One row per issue of a source_anomalies rule of the check catalogue; GX fails each rule on its rows. -#}
select issues.*
from {{ ref('int_quality__issues') }} as issues
inner join {{ ref('check_catalogue') }} as catalogue
    on issues.reason_code = catalogue.rule_code
where catalogue.suite = 'source_anomalies'
