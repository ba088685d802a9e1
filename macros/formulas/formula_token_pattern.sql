{#-
    Tokens of the formula language, in order of precedence: a [bracketed code], a plain code,
    a number, an operator or parenthesis, and any other single character (which is then rejected).
-#}
{% macro formula_token_pattern() -%}
    {{ bracketed_code_pattern() }}|[A-Za-z_][A-Za-z0-9_.]*|[0-9]+([.,][0-9]+)?|[-+*/()]|[^ ]
{%- endmacro %}

{#-
    A code in brackets, '[N_Vis Metr]'. RE2 (DuckDB) reads ] first in a class as a literal; Java
    regex (Spark) rejects that and needs escapes, doubled for a Spark string literal.
-#}
{% macro bracketed_code_pattern() -%}
    {{ return(adapter.dispatch('bracketed_code_pattern', 'pira_warehouse')()) }}
{%- endmacro %}

{% macro default__bracketed_code_pattern() -%}
    {{ return('\\\\[[^\\\\]]*\\\\]') }}
{%- endmacro %}

{% macro duckdb__bracketed_code_pattern() -%}
    {{ return('[[][^]]*[]]') }}
{%- endmacro %}
