"""Quarterly monitoring on the synthetic Modena 2022 extracts, through the real pipeline.

One scenario for the module: the four committed quarterly files land in a first run (land, dbt
build, Great Expectations, publish); a corrected Q2 extract lands in a second run. What the first
run produced is kept as a snapshot, so every test reads the state it is about.
"""

import csv
import math
import subprocess
import sys
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from orchestration.italian import format_percent
from orchestration.paths import PROJECT_DIR
from orchestration.reports import build_report
from orchestration.reports.monitoring import render_monitoring_section
from tests.conftest import Scenario, fetch

SYNTHETIC_DIR = PROJECT_DIR / "data" / "synthetic"
QUARTERS = ("2022-Q1", "2022-Q2", "2022-Q3", "2022-Q4")
QUARTER_FILES = [SYNTHETIC_DIR / f"MO_{quarter}.csv" for quarter in QUARTERS]
QUARTER_ENDS = {
    1: date(2022, 3, 31),
    2: date(2022, 6, 30),
    3: date(2022, 9, 30),
    4: date(2022, 12, 31),
}
HEADER = "entity_code,period,measure_code,value_raw,unit_raw,source,extracted_at"
GREEN, AMBER = 90, 60  # traffic_light_green_from_pct / _amber_from_pct defaults
KEY = ("entity_code", "period", "node_code", "indicator_code")


def italian(text: str) -> float:
    return float(text.replace(".", "").replace(",", "."))


def read_extract(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def extract_values(quarter: str) -> dict[str, str]:
    return {
        row["measure_code"]: row["value_raw"]
        for row in read_extract(SYNTHETIC_DIR / f"MO_{quarter}.csv")
    }


def table(database: Path, sql: str, parameters: list | None = None) -> list[dict]:
    with duckdb.connect(str(database), read_only=True) as connection:
        result = connection.execute(sql, parameters or [])
        names = [column[0] for column in result.description]
        return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def comparable(row: dict) -> tuple:
    """A row with floats rounded (sums may add up in another order from one build to the next)."""
    return tuple(round(value, 9) if isinstance(value, float) else value for value in row.values())


def band(pct: float | None) -> str:
    if pct is None:
        return "not_evaluable"
    return "on_track" if pct >= GREEN else "at_risk" if pct >= AMBER else "off_track"


@dataclass
class FirstRun:
    scenario: Scenario
    outcome: object
    indicators: list[dict]
    objectives: list[dict]
    indicator_results: list[dict]
    entity_results: list[dict]

    def indicator(self, period: str, indicator_code: str) -> dict:
        [row, *_] = [
            row for row in self.indicators
            if row["period"] == period and row["indicator_code"] == indicator_code
        ]  # fmt: skip
        return row


@pytest.fixture(scope="module")
def first_run(tmp_path_factory: pytest.TempPathFactory) -> FirstRun:
    scenario = Scenario(tmp_path_factory.mktemp("monitoring") / "project")
    outcome = scenario.run_pipeline(landing_files=QUARTER_FILES)
    database = scenario.database_path
    return FirstRun(
        scenario,
        outcome,
        table(database, "select * from marts.fct_monitoring_indicators order by all"),
        table(database, "select * from marts.fct_monitoring_objectives order by all"),
        table(
            database,
            "select * from marts.fct_indicator_results where entity_code = 'MO' order by all",
        ),
        table(database, "select * from marts.fct_entity_results order by all"),
    )


def test_the_committed_extracts_are_what_the_generator_writes(first_run: FirstRun) -> None:
    for path in QUARTER_FILES:
        text = path.read_text(encoding="utf-8")
        assert text.splitlines()[0] == HEADER
        rows = read_extract(path)
        assert {row["period"] for row in rows} == {path.stem.removeprefix("MO_")}
        assert all("sintetici" in row["source"] for row in rows)
    completed = subprocess.run(
        [sys.executable, "scripts/generate_modena_quarterly.py", "--check",
         "--warehouse", str(first_run.scenario.database_path)],
        cwd=PROJECT_DIR, check=False, capture_output=True, text=True,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr


def test_the_quarters_publish(first_run: FirstRun) -> None:
    outcome = first_run.outcome
    assert outcome.verdict != "error", outcome.messages
    assert outcome.published
    assert [verdict.status for verdict in outcome.files] == ["loaded"] * 4
    # Year-to-date counts and amounts never decrease from one quarter to the next.
    [progression] = [
        check for check in outcome.validation.outcomes
        if (check.suite, check.check) == ("ytd_progression", "ytd_flow_not_decreasing")
    ]  # fmt: skip
    assert progression.success, progression.message
    assert progression.element_count > 100  # three quarter-on-quarter pairs of every flow measure


def test_every_quarter_of_modena_is_monitored(first_run: FirstRun) -> None:
    [(assignments,)] = fetch(
        first_run.scenario.database_path,
        "select count(*) from staging.stg_pira__indicator_assignments "
        "where entity_code = 'MO' and quarantine_reason is null",
    )
    for quarter in QUARTERS:
        rows = [row for row in first_run.indicators if row["period"] == quarter]
        assert len(rows) == assignments
        assert {row["entity_code"] for row in rows} == {"MO"}
        assert {row["quarter"] for row in rows} == {int(quarter[-1])}
    statuses = [
        row["on_track_status"] for row in first_run.indicators if row["period"] == "2022-Q4"
    ]
    # A realistic mix: most on track, a few at risk and off track.
    assert statuses.count("on_track") > len(statuses) / 2
    assert statuses.count("at_risk") >= 3 and statuses.count("off_track") >= 3
    assert all(row["is_synthetic"] for row in first_run.indicators if row["ytd_value"] is not None)
    assert {row["period"] for row in first_run.objectives} == set(QUARTERS)


def test_a_flow_in_q2_is_compared_pro_rata(first_run: FirstRun) -> None:
    # 31.D1.1.1 = D1.1_10, target >= 800 N.
    ytd = italian(extract_values("2022-Q2")["D1.1_10"])
    row = first_run.indicator("2022-Q2", "31.D1.1.1")
    assert row["accumulation_kind"] == "flow" and row["comparison_used"] == "pro_rata_flow"
    assert row["ytd_value"] == ytd
    assert row["annual_target_value"] == 800
    assert row["expected_progress_pct"] == 50
    assert row["pro_rata_target"] == 800 * 2 / 4
    assert row["projected_value"] == ytd * 2
    assert math.isclose(row["achievement_vs_pro_rata_pct"], min(100.0, ytd / 400 * 100))
    assert math.isclose(row["projected_achievement_pct"], min(100.0, ytd * 2 / 800 * 100))
    assert math.isclose(row["achievement_vs_annual_pct"], min(100.0, ytd / 800 * 100))
    assert row["on_track_status"] == band(row["achievement_vs_pro_rata_pct"])
    assert row["status_reason"].startswith(
        f"valore progressivo {ytd:g} rispetto al target pro quota 400".replace(".", ",")
    )


def test_a_sum_of_measures_in_q3_is_projected_to_year_end(first_run: FirstRun) -> None:
    # 301.51 = D1.1_2 + D1.1_1 + D1.1_3, target >= 1.000 N.
    values = extract_values("2022-Q3")
    ytd = sum(italian(values[code]) for code in ("D1.1_2", "D1.1_1", "D1.1_3"))
    row = first_run.indicator("2022-Q3", "301.51")
    assert row["ytd_value"] == ytd
    assert row["pro_rata_target"] == 750
    assert math.isclose(row["projected_value"], ytd * 4 / 3)
    assert row["on_track_status"] == band(row["achievement_vs_pro_rata_pct"])
    [baseline] = fetch(
        first_run.scenario.database_path,
        "select baseline_year, value_number from marts.fct_indicator_baselines "
        "where entity_code = 'MO' and indicator_code = '301.51' order by baseline_year desc limit 1",
    )
    assert (row["last_baseline_year"], row["last_baseline_value"]) == baseline
    assert math.isclose(
        row["change_vs_last_baseline_pct"], (ytd * 4 / 3 - baseline[1]) / baseline[1] * 100
    )


def test_stocks_are_compared_with_the_annual_target(first_run: FirstRun) -> None:
    # 401.50 (%, >= 65) is its own measure; 71.C2.7_2 (gg, <= 5) = C2.7.2_2 / C2.7.2_1.
    values = extract_values("2022-Q2")
    survival = first_run.indicator("2022-Q2", "401.50")
    assert survival["comparison_used"] == "annual_stock"
    assert survival["ytd_value"] == italian(values["401.50"])
    assert survival["pro_rata_target"] is None and survival["expected_progress_pct"] == 100
    assert survival["projected_value"] == survival["ytd_value"]
    assert math.isclose(
        survival["achievement_vs_annual_pct"], min(100.0, survival["ytd_value"] / 65 * 100)
    )
    assert survival["on_track_status"] == band(survival["achievement_vs_annual_pct"])
    days = first_run.indicator("2022-Q2", "71.C2.7_2")
    average = italian(values["C2.7.2_2"]) / italian(values["C2.7.2_1"])
    assert math.isclose(days["ytd_value"], average)
    assert math.isclose(
        days["achievement_vs_annual_pct"], max(0.0, min(100.0, (2 - average / 5) * 100))
    )
    assert days["on_track_status"] == band(days["achievement_vs_annual_pct"])
    # An indicator overridden in seeds/raw/raw_indicator_accumulation.csv.
    partnerships = first_run.indicator("2022-Q2", "82A1.1.2")
    assert (partnerships["accumulation_kind"], partnerships["accumulation_basis"]) == (
        "stock",
        "override",
    )


def test_deadlines_follow_the_reported_completion_dates(first_run: FirstRun) -> None:
    deadline_rows = [row for row in first_run.indicators if row["accumulation_kind"] == "deadline"]
    assert len(deadline_rows) == 4 * 12
    seen = set()
    for row in deadline_rows:
        # Date indicators are printed without a measure expression or with one measure of their own.
        [(measure,)] = fetch(
            first_run.scenario.database_path,
            "select measure_code from intermediate.int_formulas__terms "
            "where entity_code = 'MO' and indicator_code = ?",
            [row["indicator_code"]],
        )
        reported = extract_values(row["period"]).get(measure)
        deadline = row["annual_target_date"]
        if reported and reported != "N/D":
            completed = datetime.strptime(reported, "%d-%m-%Y").date()
            assert row["ytd_date"] == completed
            expected = "on_track" if completed <= deadline else "off_track"
        else:
            assert row["ytd_date"] is None
            expected = "on_track" if QUARTER_ENDS[row["quarter"]] < deadline else "off_track"
        assert row["on_track_status"] == expected, row
        assert row["projected_achievement_pct"] == (100 if expected == "on_track" else 0)
        seen.add((expected, reported is not None and reported != "N/D"))
    # Completed on time, completed late, pending with the deadline ahead, passed without completion.
    assert seen == {
        ("on_track", True),
        ("off_track", True),
        ("on_track", False),
        ("off_track", False),
    }


def test_objectives_roll_the_projection_up_with_the_warehouse_weights(first_run: FirstRun) -> None:
    for objective in first_run.objectives:
        assert objective["indicator_count"] == (
            objective["on_track_count"] + objective["at_risk_count"]
            + objective["off_track_count"] + objective["not_evaluable_count"]
        )  # fmt: skip
        assert objective["on_track_status"] == band(objective["projected_achievement_pct"])
        if objective["node_level"] != "operational_objective":
            continue
        below = [
            row for row in first_run.indicators
            if row["period"] == objective["period"] and row["node_code"] == objective["node_code"]
            and row["projected_achievement_pct"] is not None
        ]  # fmt: skip
        weight = sum(row["weight_pct"] for row in below)
        if weight:
            expected = (
                sum(row["weight_pct"] * row["projected_achievement_pct"] for row in below) / weight
            )
            assert math.isclose(objective["projected_achievement_pct"], expected, abs_tol=1e-6)
    [area] = [
        row for row in first_run.objectives if row["period"] == "2022-Q4" and row["node_code"] == "1"
    ]  # fmt: skip
    assert area["node_level"] == "area" and area["is_evaluated"] and area["is_synthetic"]
    assert area["achievement_vs_annual_pct"] is not None


def test_ferrara_2017_is_unchanged_by_the_quarters(first_run: FirstRun, warehouse: Path) -> None:
    [ferrara] = [row for row in first_run.entity_results if row["entity_code"] == "FE"]
    assert format_percent(ferrara["operational_objectives_pct"]) == "95,93%"
    for mart in ("fct_indicator_results", "fct_objective_results", "fct_entity_results"):
        sql = f"select * from marts.{mart} where entity_code = 'FE' order by all"
        built = [comparable(row) for row in table(first_run.scenario.database_path, sql)]
        assert built == [comparable(row) for row in table(warehouse, sql)], mart
    assert not [row for row in first_run.indicators if row["entity_code"] == "FE"]


def test_the_quarterly_report_shows_the_monitoring(first_run: FirstRun, tmp_path: Path) -> None:
    published = first_run.scenario.published_path
    with duckdb.connect(str(published), read_only=True) as connection:
        section = render_monitoring_section(connection, "MO", "2022-Q2")
        [(on_track, at_risk)] = connection.execute(
            "select count(*) filter (on_track_status = 'on_track'), "
            "count(*) filter (on_track_status = 'at_risk') "
            "from marts.fct_monitoring_indicators where entity_code = 'MO' and period = '2022-Q2'"
        ).fetchall()
    assert f"In linea: {on_track}<" in section and f"A rischio: {at_risk}<" in section
    html_path, _ = build_report(published, "MO", "2022-Q2", tmp_path)
    markup = html_path.read_text(encoding="utf-8")
    assert 'id="monitoraggio"' in markup and 'id="dati-sintetici"' in markup


@pytest.fixture(scope="module")
def restatement(first_run: FirstRun, tmp_path_factory: pytest.TempPathFactory):
    """A corrected Q2 extract, extracted later, landed by a second run on the same scenario."""
    rows = read_extract(SYNTHETIC_DIR / "MO_2022-Q2.csv")
    q1, q3 = extract_values("2022-Q1"), extract_values("2022-Q3")
    changed = {}
    for row in rows:
        row["extracted_at"] = "2022-07-29 11:00:00"
        code = row["measure_code"]
        if code == "D1.1_10":  # a flow: still between Q1 and Q3
            row["value_raw"] = q3[code] if q3[code] != row["value_raw"] else q1[code]
        elif code == "401.50":  # a stock percentage
            row["value_raw"] = f"{italian(row['value_raw']) - 5:.2f}".replace(".", ",")
        else:
            continue
        changed[code] = row["value_raw"]
    path = tmp_path_factory.mktemp("restated") / "MO_2022-Q2_rettifica.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADER.split(","), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    # The quarterly files stay in the landing folders: a run lands the files present now.
    outcome = first_run.scenario.run_pipeline(landing_files=[*QUARTER_FILES, path])
    return outcome, changed, len(rows)


def test_a_restated_quarter_replaces_its_values_and_keeps_the_history(
    first_run: FirstRun, restatement
) -> None:
    outcome, changed, q2_rows = restatement
    assert set(changed) == {"D1.1_10", "401.50"}
    assert outcome.verdict != "error", outcome.messages
    assert outcome.published
    assert {verdict.file_name: verdict.status for verdict in outcome.files} == {
        **{path.name: "already_loaded" for path in QUARTER_FILES},
        "MO_2022-Q2_rettifica.csv": "loaded",
    }
    database = first_run.scenario.database_path
    now = table(database, "select * from marts.fct_monitoring_indicators order by all")

    def by_key(rows: list[dict], period: str) -> dict[tuple, tuple]:
        return {
            tuple(row[k] for k in KEY): comparable(row) for row in rows if row["period"] == period
        }

    for quarter in ("2022-Q1", "2022-Q3", "2022-Q4"):
        assert by_key(now, quarter) == by_key(first_run.indicators, quarter), quarter
    before, after = by_key(first_run.indicators, "2022-Q2"), by_key(now, "2022-Q2")
    moved = {key[3] for key in before if before[key] != after[key]}
    assert moved == {"31.D1.1.1", "401.50"}
    [flow] = [
        row for row in now if row["period"] == "2022-Q2" and row["indicator_code"] == "31.D1.1.1"
    ]
    assert flow["ytd_value"] == italian(changed["D1.1_10"])
    assert flow["projected_value"] == italian(changed["D1.1_10"]) * 2
    objectives_now = table(database, "select * from marts.fct_monitoring_objectives order by all")
    for quarter in ("2022-Q1", "2022-Q3", "2022-Q4"):
        assert [comparable(r) for r in objectives_now if r["period"] == quarter] == [
            comparable(r) for r in first_run.objectives if r["period"] == quarter
        ]
    results_now = table(
        database, "select * from marts.fct_indicator_results where entity_code = 'MO' order by all"
    )
    changed_results = {
        row["indicator_code"]
        for row, old in zip(results_now, first_run.indicator_results, strict=True)
        if comparable(row) != comparable(old)
    }
    assert changed_results == {"31.D1.1.1", "401.50"}

    # Both the reported and the corrected values stay queryable.
    landed = fetch(
        database,
        "select source_file, value_raw from raw_landing.measure_values "
        "where period = '2022-Q2' and measure_code = 'D1.1_10' order by extracted_at",
    )
    assert landed == [
        ("MO_2022-Q2.csv", extract_values("2022-Q2")["D1.1_10"]),
        ("MO_2022-Q2_rettifica.csv", changed["D1.1_10"]),
    ]
    superseded = fetch(
        database,
        "select source_file, count(*), count(*) filter (measure_code = 'D1.1_10' and value_raw = ?) "
        "from intermediate.int_measures__superseded where period = '2022-Q2' group by source_file",
        [extract_values("2022-Q2")["D1.1_10"]],
    )
    assert superseded == [("MO_2022-Q2.csv", q2_rows, 1)]


def test_benchmark_compares_like_with_like(first_run: FirstRun, tmp_path: Path) -> None:
    """Ferrara 2017 (a real year) is never ranked against Modena's synthetic 2022 quarters."""
    published = first_run.scenario.published_path
    rows = table(published, "select * from marts.fct_indicator_benchmark")
    # Every comparison holds one period and one kind of data, and at least two chambers.
    groups: dict[tuple, set[str]] = {}
    for row in rows:
        groups.setdefault((row["benchmark_code"], row["period"], row["is_synthetic"]), set()).add(
            row["entity_code"]
        )
    assert all(len(entities) >= 2 for entities in groups.values())
    assert not [row for row in rows if row["entity_code"] == "FE"]
    # Modena's quarters are synthetic and would have matched C1.1_07 before: never with Ferrara.
    synthetic = table(
        published,
        "select count(*) as n from marts.fct_indicator_results "
        "where entity_code = 'MO' and indicator_code = 'C1.1.07' and is_synthetic",
    )
    assert synthetic[0]["n"] > 0
    html_path, _ = build_report(published, "FE", "2017", tmp_path)
    markup = html_path.read_text(encoding="utf-8")
    assert 'id="confronto"' in markup
    assert "nessun confronto disponibile" in markup
    assert "° su" not in markup
