{#-
    dbt-duckdb's delete+insert with a key of several columns deletes `using` the new rows: when
    many rows share a key (the facts' entity and period), every old row meets every new row of its
    key (at national scale, a period of the benchmark: 16 thousand times 16 thousand). Deleting
    against the distinct keys of the new rows removes the same rows in one pass. The insert is
    dbt-duckdb's.
    A model with `meta: {replaces_run_periods: true}` deletes the keys of the run's periods
    (int_plan__periods) instead: an entity and period whose new rows are none (no deviation left,
    no peer to compare with) loses its old rows too.
-#}
{% macro duckdb__get_delete_insert_merge_sql(target, source, unique_key, dest_columns, incremental_predicates) -%}
    {%- set dest_cols_csv = get_quoted_csv(dest_columns | map(attribute="name")) -%}
    {%- set keys = [unique_key] if unique_key is string else (unique_key or []) -%}
    {% if keys %}
        delete from {{ target }} as dbt_incremental_target
        using (
            select distinct {{ keys | join(', ') }}
            from {{ ref('int_plan__periods') if config.meta_get('replaces_run_periods') else source }}
        ) as dbt_new_keys
        where (
            {% for key in keys %}
                dbt_new_keys.{{ key }} = dbt_incremental_target.{{ key }}
                {{ "and " if not loop.last }}
            {% endfor %}
            {% for predicate in incremental_predicates or [] %}
                and {{ predicate }}
            {% endfor %}
        );
    {% endif %}

    insert into {{ target }} ({{ dest_cols_csv }})
    (
        select {{ dest_cols_csv }}
        from {{ source }}
    )
{%- endmacro %}
