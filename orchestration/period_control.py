"""Which periods dbt computes: a control table in the warehouse, never text pasted into SQL.

`control.requested_periods(period varchar)` holds the periods of the next build; an empty table
means every period the extracts cover. `int_plan__periods` reads it. Every period is validated
here (`yyyy` or `yyyy-Qn`) and written as a bound parameter, so a partition key such as
`2022-Q4')); create table ...` can never become SQL.
"""

import re
from collections.abc import Iterable
from pathlib import Path

import duckdb

# fullmatch and [0-9]: `$` would accept a trailing newline, `\d` non-ASCII digits.
PERIOD_PATTERN = re.compile(r"[0-9]{4}(-Q[1-4])?")
SCHEMA = "control"
# The dbt models split by what a period changes: everything downstream of the run's periods
# (control.requested_periods, int_plan__periods) is what a period's refresh builds, and Dagster's
# period-partitioned asset; the plan, the measure chain and the checks that read no period are not.
PERIOD_MODELS = "source:control.requested_periods+ int_plan__periods+"
TABLE = f"{SCHEMA}.requested_periods"


class InvalidPeriodError(ValueError):
    """A value offered as a period is not `yyyy` or `yyyy-Qn`."""


def is_period(value: object) -> bool:
    return isinstance(value, str) and PERIOD_PATTERN.fullmatch(value) is not None


def validate_period(value: object) -> str:
    """The period itself, or InvalidPeriodError naming the value (shown as repr, control characters visible)."""
    if not is_period(value):
        raise InvalidPeriodError(
            f"invalid period {value!r}: a period is a year (2017) or a quarter (2022-Q2), "
            "pattern ^[0-9]{4}(-Q[1-4])?$"
        )
    return value


def validate_periods(values: Iterable[object]) -> list[str]:
    """Every value validated (the first invalid one raises), duplicates dropped, order kept."""
    periods: list[str] = []
    for value in values:
        period = validate_period(value)
        if period not in periods:
            periods.append(period)
    return periods


def ensure_control_table(connection: duckdb.DuckDBPyConnection) -> None:
    # The same DDL as the dbt on-run-start macro create_control_tables.
    connection.execute(f"create schema if not exists {SCHEMA}")
    connection.execute(f"create table if not exists {TABLE} (period varchar)")


def set_requested_periods(database_path: Path | str, periods: Iterable[object] | None) -> list[str]:
    """Replace the requested periods (None or empty: every period); returns what was written.

    Validation happens before the file is opened: an invalid period changes nothing.
    """
    requested = validate_periods(periods or [])
    database_path = Path(database_path)
    database_path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(database_path)) as connection:
        ensure_control_table(connection)
        connection.execute("begin transaction")
        connection.execute(f"delete from {TABLE}")
        if requested:
            connection.executemany(
                f"insert into {TABLE} (period) values (?)", [[period] for period in requested]
            )
        connection.execute("commit")
    return requested


def requested_periods(database_path: Path | str) -> list[str]:
    """The periods the next build computes ([] = every period, or no control table yet)."""
    with duckdb.connect(str(database_path), read_only=True) as connection:
        exists = connection.execute(
            "select count(*) from information_schema.tables "
            "where table_schema = ? and table_name = 'requested_periods'",
            [SCHEMA],
        ).fetchone()[0]
        if not exists:
            return []
        rows = connection.execute(f"select period from {TABLE} order by period").fetchall()
    return [period for (period,) in rows]
