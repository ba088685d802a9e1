{#-
    One row per regex match in a text column, with its 1-based position: the set-based tokenizer
    behind the formula language. `relation` is any relation with the key columns and the text.
-#}
{% macro explode_regex_matches(relation, key_columns, text_column, pattern) -%}
    {{ return(adapter.dispatch('explode_regex_matches', 'pira_warehouse')(relation, key_columns, text_column, pattern)) }}
{%- endmacro %}

{% macro default__explode_regex_matches(relation, key_columns, text_column, pattern) -%}
    select {{ key_columns | join(', ') }}, token_index + 1 as token_position, token
    from {{ relation }}
    lateral view posexplode(regexp_extract_all({{ text_column }}, '({{ pattern }})', 1)) exploded as token_index, token
{%- endmacro %}

{% macro duckdb__explode_regex_matches(relation, key_columns, text_column, pattern) -%}
    select {{ key_columns | join(', ') }}, token_position, tokens[token_position] as token
    from (
        select {{ key_columns | join(', ') }}, regexp_extract_all({{ text_column }}, '{{ pattern }}') as tokens
        from {{ relation }}
    ) as tokenized,
    range(1, len(tokens) + 1) as positions(token_position)
{%- endmacro %}
