"""Running the PIRA warehouse: dbt invocations, the console summary and (later) Dagster definitions."""
