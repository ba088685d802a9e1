"""Great Expectations suites that validate what dbt built (see suites.py)."""
