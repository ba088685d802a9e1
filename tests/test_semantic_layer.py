"""The semantic layer (dbt semantic models + MetricFlow): the report's questions asked through `mf`
on the published copy, opened read-only, give the marts' printed figures and the report's numbers."""

import csv
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy

from orchestration.dbt_invocation import run_dbt
from tests.conftest import Scenario, fetch
from tests.test_monitoring import QUARTER_FILES

MF = Path(sys.executable).parent / "mf"


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    """One pipeline run: Ferrara 2017 and Modena's four quarters of 2022, published."""
    scenario = Scenario(tmp_path_factory.mktemp("semantic") / "project")
    outcome = scenario.run_pipeline(landing_files=QUARTER_FILES)
    assert outcome.published
    # mf reads target/semantic_manifest.json: written by the parse of this project copy.
    run_dbt(["parse"], scenario.database_path, None, scenario.root, scenario.root / "target")
    return scenario


def mf(scenario: Scenario, *arguments: str) -> str:
    """The MetricFlow CLI on the scenario's project copy, target `published` (read-only)."""
    environment = {
        **os.environ,
        "DBT_PROJECT_DIR": str(scenario.root),
        "DBT_PROFILES_DIR": str(scenario.root),
        "DBT_TARGET": "published",
        "PIRA_DUCKDB_PATH": str(scenario.published_path),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    completed = subprocess.run(
        [str(MF), *arguments],
        check=False,
        cwd=scenario.root,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    return completed.stdout


def mf_query(scenario: Scenario, tmp_path: Path, *arguments: str) -> list[dict[str, str]]:
    output = tmp_path / "query.csv"
    mf(scenario, "query", *arguments, "--csv", str(output))
    with output.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def cents(text: str) -> Decimal:
    return Decimal(text).quantize(Decimal("0.01"))


def test_configs_validate_and_metrics_have_italian_labels(published: Scenario) -> None:
    output = mf(published, "validate-configs")
    assert "ERRORS: 0" in output and "ERRORS: 1" not in output
    listed = mf(published, "list", "metrics")
    manifest = (published.root / "target" / "semantic_manifest.json").read_text(encoding="utf-8")
    metrics = json.loads(manifest)["metrics"]
    assert len(metrics) >= 10
    for metric in metrics:
        assert metric["name"] in listed
        assert metric["label"] and metric["description"], metric["name"]
    labels = {metric["name"]: metric["label"] for metric in metrics}
    assert labels["indicatori_in_rosso"] == "Indicatori in rosso"
    assert labels["indicatori_non_in_linea"] == "Indicatori non in linea (monitoraggio)"


def test_ferrara_2017_entity_figures_equal_the_report(published: Scenario, tmp_path: Path) -> None:
    rows = mf_query(
        published,
        tmp_path,
        "--metrics", "raggiungimento_ente,raggiungimento_obiettivi_operativi",
        "--group-by", "entity_result__entity_code,entity_result__period",
        "--where", "{{ Dimension('entity_result__entity_code') }} = 'FE'",
    )  # fmt: skip
    assert [
        (row["entity_result__period"], cents(row["raggiungimento_ente"]),
         cents(row["raggiungimento_obiettivi_operativi"]))
        for row in rows
    ] == [("2017", Decimal("96.23"), Decimal("95.93"))]  # fmt: skip
    report = "\n".join(
        path.read_text(encoding="utf-8", errors="replace")
        for path in (published.published_path.parent / "current" / "reports").rglob("*")
        if path.is_file() and path.suffix in {".md", ".html", ".txt"}
    )
    assert "96,23%" in report and "95,93%" in report


def test_achievement_by_area_fe_2017(published: Scenario, tmp_path: Path) -> None:
    rows = mf_query(published, tmp_path, "--saved-query", "raggiungimento_per_area_fe_2017")
    got = {
        row["objective_result__node_code"]: cents(row["raggiungimento_obiettivo"]) for row in rows
    }
    stored = fetch(
        published.published_path,
        "select node_code, achievement_pct_reported from marts.fct_objective_results "
        "where entity_code = 'FE' and period = '2017' and node_level = 'area'",
    )
    assert got == dict(stored) and len(got) == 3
    assert got == {"01": Decimal("95.47"), "02": Decimal("95.84"), "03": Decimal("97.37")}
    # The chamber's name and the node's title join from the dimensions by their entities.
    named = mf_query(
        published,
        tmp_path,
        "--metrics", "raggiungimento_obiettivo",
        "--group-by", "chamber__entity_name,plan_node__title,objective_result__node_code",
        "--where", "{{ Dimension('objective_result__level') }} = 'area'",
        "--where", "{{ Dimension('objective_result__period') }} = '2017'",
    )  # fmt: skip
    titles = dict(
        fetch(
            published.published_path,
            "select node_code, title from marts.dim_objective "
            "where entity_code = 'FE' and node_level = 'area'",
        )
    )
    assert {
        (
            row["chamber__entity_name"],
            row["plan_node__title"],
            cents(row["raggiungimento_obiettivo"]),
        )
        for row in named
    } == {("Camera di commercio di Ferrara", titles[node], value) for node, value in got.items()}


def test_quarterly_trend_by_strategic_objective_mo_2022(
    published: Scenario, tmp_path: Path
) -> None:
    rows = mf_query(
        published, tmp_path, "--saved-query", "trend_trimestrale_obiettivi_strategici_mo_2022"
    )
    got = {
        (row["monitoring_objective__node_code"], row["monitoring_objective__period_end_date__day"][:10]):
            cents(row["avanzamento_progressivo"])
        for row in rows if row["avanzamento_progressivo"]
    }  # fmt: skip
    stored = fetch(
        published.published_path,
        "select node_code, strftime(period_end_date, '%Y-%m-%d'), achievement_vs_annual_pct_reported "
        "from marts.fct_monitoring_objectives where entity_code = 'MO' "
        "and node_level = 'strategic_objective' and achievement_vs_annual_pct_reported is not null",
    )
    assert got == {(node, day): value for node, day, value in stored}
    assert len({day for _, day in got}) == 4
    # The whole chamber over the quarters, as the quarterly reports print it.
    trend = mf_query(
        published,
        tmp_path,
        "--metrics", "raggiungimento_ente",
        "--group-by", "metric_time__quarter",
        "--where", "{{ Dimension('entity_result__entity_code') }} = 'MO'",
        "--order", "metric_time__quarter",
    )  # fmt: skip
    assert [cents(row["raggiungimento_ente"]) for row in trend] == [
        Decimal("50.20"), Decimal("65.20"), Decimal("80.62"), Decimal("91.07")
    ]  # fmt: skip


def test_red_indicators_are_the_traffic_light_not_the_monitoring(
    published: Scenario, tmp_path: Path
) -> None:
    rows = mf_query(published, tmp_path, "--saved-query", "indicatori_in_rosso_per_ente")
    got = {
        (row["indicator_result__entity_code"], row["indicator_result__period"]):
            (int(row["indicatori_in_rosso"]), int(row["indicatori_totali"]))
        for row in rows
    }  # fmt: skip
    stored = fetch(
        published.published_path,
        "select entity_code, period, count(*) filter (where traffic_light = 'red'), count(*) "
        "from marts.fct_indicator_results group by all",
    )
    assert got == {(entity, period): (red, total) for entity, period, red, total in stored}
    assert got[("FE", "2017")] == (6, 201)
    # The other "red": off track in the monitoring is a forecast, counted apart.
    off_track = mf_query(
        published,
        tmp_path,
        "--metrics", "indicatori_non_in_linea",
        "--group-by", "metric_time__quarter",
        "--where", "{{ Dimension('monitoring_indicator__entity_code') }} = 'MO'",
        "--order", "metric_time__quarter",
    )  # fmt: skip
    stored_off_track = fetch(
        published.published_path,
        "select count(*) filter (where on_track_status = 'off_track') "
        "from marts.fct_monitoring_indicators where entity_code = 'MO' group by period order by period",
    )
    assert [int(row["indicatori_non_in_linea"]) for row in off_track] == [
        count for (count,) in stored_off_track
    ]


def test_a_bi_client_runs_the_metric_sql_read_only(published: Scenario) -> None:
    """Superset's SQL engine (SQLAlchemy + duckdb-engine) runs the SQL MetricFlow compiles for the
    saved queries on the published copy, opened read-only: the report's figures come back."""
    explained = mf(
        published, "query", "--saved-query", "raggiungimento_per_area_fe_2017", "--explain"
    )
    sql = explained.split("🔎 SQL", 1)[1].split("\n", 1)[1].strip()
    assert "fct_objective_results" in sql
    engine = sqlalchemy.create_engine(
        f"duckdb:///{published.published_path}", connect_args={"read_only": True}
    )
    try:
        with engine.connect() as connection:
            rows = dict(connection.execute(sqlalchemy.text(sql)).fetchall())
            with pytest.raises(sqlalchemy.exc.DBAPIError, match="read-only"):
                connection.execute(sqlalchemy.text("create table marts.scratch (x integer)"))
    finally:
        engine.dispose()
    assert rows == {"01": Decimal("95.47"), "02": Decimal("95.84"), "03": Decimal("97.37")}
