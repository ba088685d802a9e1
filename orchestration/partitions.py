"""Periods as Dagster partitions: '2017' (the consuntivo of a year) and '2022-Q2' (in-year monitoring).

One dynamic partition set holds both kinds of key: periods appear as extracts arrive, and a run for
one period recomputes that period only (the fact marts are incremental by period). A dynamic
partition can be added by hand (UI, GraphQL) with any text: every key is validated before it is
used (orchestration/period_control.py), and reaches dbt as data, never as SQL.
"""

from datetime import date

import dagster as dg

from orchestration.period_control import InvalidPeriodError, is_period, validate_period

__all__ = ["PERIOD_PARTITIONS", "is_period", "previous_quarter", "previous_year", "run_periods"]

PERIOD_PARTITIONS = dg.DynamicPartitionsDefinition(name="period")


def run_periods(context: dg.AssetExecutionContext) -> list[str]:
    """The run's periods (one key, or a range in one run), all validated; none: every period.

    Raises dagster.Failure naming the offending key before anything is done with it.
    """
    if not (context.has_partition_key or context.has_partition_key_range):
        return []
    keys = list(context.partition_keys)
    for key in keys:
        try:
            validate_period(key)
        except InvalidPeriodError as error:
            raise dg.Failure(
                description=f"Partition key refused: {error}. Nothing was run for it; "
                "delete that dynamic partition of 'period' and add a valid one.",
                metadata={"partition_key": repr(key)},
                allow_retries=False,
            ) from None
    return keys


def previous_year(day: date) -> str:
    """The consuntivo computed early in a year is the previous year's."""
    return str(day.year - 1)


def previous_quarter(day: date) -> str:
    """Monitoring some days after a quarter ends covers the quarter just closed."""
    quarter = (day.month - 1) // 3 + 1
    if quarter == 1:
        return f"{day.year - 1}-Q4"
    return f"{day.year}-Q{quarter - 1}"
