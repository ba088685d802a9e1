{#- SQL words that never name a measure: a formula holding one is rejected as an injection attempt. -#}
{% macro formula_forbidden_words() -%}
    {{ return(['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'DROP', 'CREATE', 'ALTER', 'TRUNCATE', 'UNION',
               'FROM', 'WHERE', 'JOIN', 'EXEC', 'EXECUTE', 'GRANT', 'ATTACH', 'COPY', 'PRAGMA', 'CALL',
               'OR', 'AND', 'NOT', 'NULL', 'CASE', 'WHEN', 'CAST', 'LOAD', 'INSTALL']) }}
{%- endmacro %}
