{#-
    Scoring rules of a plan (indicator_code empty) or of one indicator: every field optional, an empty
    one inherits (indicator row, then plan row, then the dbt vars). Percentages and days are Italian
    numbers ('%' allowed); the raw text is kept beside. A row with a value that is not a rule, bands
    out of order or no rule at all, or sharing its key, is quarantined with the field that broke it.
-#}
with source as (
    select
        {{ raw_row_number() }} as source_row,
        {{ normalise_code('entity_code') }} as entity_code,
        {{ normalise_code('indicator_code') }} as indicator_code,
        nullif(trim(green_from_pct), '') as green_from_pct_raw,
        nullif(trim(amber_from_pct), '') as amber_from_pct_raw,
        nullif(trim(cap_pct), '') as cap_pct_raw,
        nullif(trim(late_deadline_policy), '') as late_deadline_policy_raw,
        nullif(trim(late_deadline_decay_days), '') as late_deadline_decay_days_raw,
        nullif(trim(missing_data_policy), '') as missing_data_policy_raw,
        nullif(trim(decided_by), '') as decided_by,
        nullif(trim(act_reference), '') as act_reference,
        nullif(trim(notes), '') as notes
    from {{ raw_table('raw_scoring_rules') }}
),

parsed as (
    select
        *,
        {{ parse_italian_number("replace(green_from_pct_raw, '%', '')") }} as green_from_pct,
        {{ parse_italian_number("replace(amber_from_pct_raw, '%', '')") }} as amber_from_pct,
        {{ parse_italian_number("replace(cap_pct_raw, '%', '')") }} as cap_pct,
        lower(late_deadline_policy_raw) as late_deadline_policy,
        {{ parse_italian_number('late_deadline_decay_days_raw') }} as late_deadline_decay_days,
        lower(missing_data_policy_raw) as missing_data_policy
    from source
),

flagged as (
    select
        *,
        case
            when entity_code is null then 'entity_code'
            when green_from_pct_raw is not null and coalesce(green_from_pct not between 0 and 100, true)
                then 'green_from_pct'
            when amber_from_pct_raw is not null and coalesce(amber_from_pct not between 0 and 100, true)
                then 'amber_from_pct'
            when green_from_pct < amber_from_pct then 'green_from_pct'
            when cap_pct_raw is not null and coalesce(cap_pct <= 0, true) then 'cap_pct'
            when late_deadline_policy not in ('zero', 'linear') then 'late_deadline_policy'
            when late_deadline_decay_days_raw is not null
                and coalesce(late_deadline_decay_days <= 0 or late_deadline_decay_days != floor(late_deadline_decay_days), true)
                then 'late_deadline_decay_days'
            when missing_data_policy not in ('neutralise', 'zero') then 'missing_data_policy'
            when coalesce(
                    green_from_pct_raw, amber_from_pct_raw, cap_pct_raw, late_deadline_policy_raw,
                    late_deadline_decay_days_raw, missing_data_policy_raw
                ) is null
                then 'green_from_pct'
        end as parse_error_field,
        case
            when entity_code is null then 'una regola di calcolo deve indicare l''ente (entity_code)'
            when green_from_pct_raw is not null and coalesce(green_from_pct not between 0 and 100, true)
                then 'soglia verde ''' || green_from_pct_raw
                    || ''' non è una percentuale tra 0 e 100 in formato italiano (green_from_pct)'
            when amber_from_pct_raw is not null and coalesce(amber_from_pct not between 0 and 100, true)
                then 'soglia gialla ''' || amber_from_pct_raw
                    || ''' non è una percentuale tra 0 e 100 in formato italiano (amber_from_pct)'
            when green_from_pct < amber_from_pct
                then 'soglia verde ''' || green_from_pct_raw || ''' inferiore alla soglia gialla '''
                    || amber_from_pct_raw || ''' (green_from_pct)'
            when cap_pct_raw is not null and coalesce(cap_pct <= 0, true)
                then 'tetto ''' || cap_pct_raw || ''' non è una percentuale positiva in formato italiano (cap_pct)'
            when late_deadline_policy not in ('zero', 'linear')
                then 'regola per le scadenze mancate ''' || late_deadline_policy_raw
                    || ''' non ammessa: zero o linear (late_deadline_policy)'
            when late_deadline_decay_days_raw is not null
                and coalesce(late_deadline_decay_days <= 0 or late_deadline_decay_days != floor(late_deadline_decay_days), true)
                then 'giorni di decadimento ''' || late_deadline_decay_days_raw
                    || ''' non sono un numero intero positivo (late_deadline_decay_days)'
            when missing_data_policy not in ('neutralise', 'zero')
                then 'regola per i dati mancanti ''' || missing_data_policy_raw
                    || ''' non ammessa: neutralise o zero (missing_data_policy)'
            when coalesce(
                    green_from_pct_raw, amber_from_pct_raw, cap_pct_raw, late_deadline_policy_raw,
                    late_deadline_decay_days_raw, missing_data_policy_raw
                ) is null
                then 'regola di calcolo senza alcun valore: indicare almeno una soglia, il tetto o una regola'
        end as parse_error
    from parsed
),

keyed as (
    select
        *,
        {{ duplicate_key_reason(['entity_code', 'indicator_code']) }} as duplicate_reason
    from flagged
)

select
    *,
    case when duplicate_reason is not null then 'indicator_code' else parse_error_field end as quarantine_field,
    {{ quarantine_columns('scoring_rules.scoring_rule_unique', 'scoring_rules.scoring_rule_readable') }}
from keyed
