"""Ferrara 2017: the warehouse reproduces the figures the chamber published (area 02), to two decimals."""

import csv
from decimal import Decimal

import pytest

from orchestration.italian import round_half_up
from tests.conftest import REFERENCE_DIR

FERRARA = REFERENCE_DIR / "ferrara_2017"


def published(file_name: str) -> list[dict[str, str]]:
    with (FERRARA / file_name).open(newline="", encoding="utf-8") as handle:
        return [row for row in csv.DictReader(handle) if row["published_achievement_pct"]]


def test_reference_data_publishes_area_02(query) -> None:
    indicators = published("indicators.csv")
    objectives = published("objectives.csv")
    assert len(indicators) == 48
    assert {row["level"] for row in objectives} == {"strategic_objective", "operational_objective"}
    assert len(objectives) == 18  # 2 strategic + 16 operational objectives


def ferrara_indicators(query, *columns: str) -> dict[tuple[str, str], object]:
    """Ferrara 2017's indicator rows by (node, indicator): the column's value, or a tuple of them."""
    rows = query(
        f"select node_code, indicator_code, {', '.join(columns)} from marts.fct_indicator_results "
        "where entity_code = 'FE' and period = '2017'"
    )
    return {
        (node, code): values[0] if len(values) == 1 else tuple(values)
        for node, code, *values in rows
    }


def test_indicator_achievements_equal_published(query) -> None:
    computed = ferrara_indicators(query, "achievement_pct")
    mismatches = [
        (
            row["objective_code"],
            row["indicator_code"],
            computed.get((row["objective_code"], row["indicator_code"])),
            row["published_achievement_pct"],
        )
        for row in published("indicators.csv")
        if computed.get((row["objective_code"], row["indicator_code"])) is None
        or round_half_up(computed[(row["objective_code"], row["indicator_code"])])
        != Decimal(row["published_achievement_pct"])
    ]
    assert mismatches == []


def test_indicator_values_equal_published(query) -> None:
    computed = ferrara_indicators(query, "actual_value", "actual_date")
    checked = 0
    for row in published("indicators.csv"):
        value, date = computed[(row["objective_code"], row["indicator_code"])]
        if row["actual_unit"] == "date":
            assert date.isoformat() == row["actual_date"], row["indicator_code"]
        else:
            printed = Decimal(row["actual_value"])
            exponent = printed.as_tuple().exponent
            assert round_half_up(value, -exponent) == printed, row["indicator_code"]
        checked += 1
    assert checked == 48


@pytest.mark.parametrize("level", ["operational_objective", "strategic_objective"])
def test_objective_achievements_equal_published(query, level: str) -> None:
    computed = dict(
        query(
            "select node_code, achievement_pct from marts.fct_objective_results "
            "where entity_code = 'FE' and period = '2017' and node_level = ?",
            [level],
        )
    )
    expected = [row for row in published("objectives.csv") if row["level"] == level]
    assert expected
    mismatches = [
        (row["code"], computed.get(row["code"]), row["published_achievement_pct"])
        for row in expected
        if round_half_up(computed[row["code"]]) != Decimal(row["published_achievement_pct"])
    ]
    assert mismatches == []


def test_total_of_operational_objectives_equals_published(query) -> None:
    # "Totale raggiungimento obiettivi operativi" printed in the report: 95,93% (docs/methodology.md §1, §9.2).
    [(total, count)] = query(
        "select operational_objectives_pct, operational_objective_count from marts.fct_entity_results "
        "where entity_code = 'FE' and period = '2017'"
    )
    assert count == 67
    assert round_half_up(total) == Decimal("95.93")


def test_reported_columns_are_the_published_figures(query) -> None:
    """The marts' figures as reported (DECIMAL half-up) equal what Ferrara printed, with no client rounding."""
    indicators = ferrara_indicators(query, "achievement_pct_reported")
    assert [
        row["indicator_code"]
        for row in published("indicators.csv")
        if indicators[(row["objective_code"], row["indicator_code"])]
        != Decimal(row["published_achievement_pct"])
    ] == []
    objectives = dict(
        query(
            "select node_code, achievement_pct_reported from marts.fct_objective_results "
            "where entity_code = 'FE' and period = '2017'"
        )
    )
    assert [
        row["code"]
        for row in published("objectives.csv")
        if objectives[row["code"]] != Decimal(row["published_achievement_pct"])
    ] == []
    assert objectives["02"] == Decimal("95.84")  # the double is 95.835 (95.8349999...)
    [(total, total_type)] = query(
        "select operational_objectives_pct_reported, typeof(operational_objectives_pct_reported) "
        "from marts.fct_entity_results where entity_code = 'FE' and period = '2017'"
    )
    assert total == Decimal("95.93") and total_type == "DECIMAL(38,2)"
