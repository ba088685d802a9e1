{#-
    Tokens of the formula language, in order of precedence: a [bracketed code], a plain code,
    a number, an operator or parenthesis, and any other single character (which is then rejected).
-#}
{% macro formula_token_pattern() -%}
    [[][^]]*[]]|[A-Za-z_][A-Za-z0-9_.]*|[0-9]+([.,][0-9]+)?|[-+*/()]|[^ ]
{%- endmacro %}
