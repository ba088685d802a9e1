"""Periods as Dagster partitions: '2017' (the consuntivo of a year) and '2022-Q2' (in-year monitoring).

One dynamic partition set holds both kinds of key: periods appear as extracts arrive, and a run for
one period recomputes that period only (the fact marts are incremental by period).
"""

import re
from datetime import date

import dagster as dg

PERIOD_PARTITIONS = dg.DynamicPartitionsDefinition(name="period")
PERIOD_PATTERN = re.compile(r"^\d{4}(-Q[1-4])?$")


def is_period(key: str) -> bool:
    return bool(PERIOD_PATTERN.match(key))


def previous_year(day: date) -> str:
    """The consuntivo computed early in a year is the previous year's."""
    return str(day.year - 1)


def previous_quarter(day: date) -> str:
    """Monitoring some days after a quarter ends covers the quarter just closed."""
    quarter = (day.month - 1) // 3 + 1
    if quarter == 1:
        return f"{day.year - 1}-Q4"
    return f"{day.year}-Q{quarter - 1}"
