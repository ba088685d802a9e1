"""Exposures list exactly what their consumers read, and what they read is published marts only.

The reads are derived, not declared: the reports' are the queries a real report run executes
(DuckDB's query log on the connection the report code uses), the console summary's and the
notification sensors' are the queries in orchestration/summary.py and notification_sensors.py. Each query's relations come from DuckDB's own parser.
"""

import ast
import json
from pathlib import Path

import duckdb
import pytest

from orchestration.paths import PROJECT_DIR
from orchestration.reports import _plan_html, _results_html, _workbook
from orchestration.reports.data import entities_without_results, result_periods
from orchestration.reports.monitoring import render_monitoring_section

# The catalogue DuckDB keeps about itself (column lists): not data, not a mart.
SYSTEM_SCHEMAS = {"information_schema", "pg_catalog"}


def _walk(node: object, tables: list[tuple[str, str]], ctes: set[str]) -> None:
    if isinstance(node, dict):
        if node.get("type") == "BASE_TABLE":
            tables.append((node.get("schema_name") or "", node["table_name"]))
        for entry in (node.get("cte_map") or {}).get("map", []):
            ctes.add(entry["key"])
        for value in node.values():
            _walk(value, tables, ctes)
    elif isinstance(node, list):
        for value in node:
            _walk(value, tables, ctes)


def relations(sql: str) -> set[str]:
    """schema.table of every relation a query reads (CTE names and system catalogues left out)."""
    with duckdb.connect() as parser:
        tree = json.loads(parser.execute("select json_serialize_sql(?)", [sql]).fetchone()[0])
    assert not tree.get("error"), (tree.get("error_message"), sql)
    tables: list[tuple[str, str]] = []
    ctes: set[str] = set()
    _walk(tree, tables, ctes)
    unqualified = {table for schema, table in tables if not schema and table not in ctes}
    assert not unqualified, f"relations without a schema: {unqualified} in {sql}"
    return {
        f"{schema}.{table}" for schema, table in tables if schema and schema not in SYSTEM_SCHEMAS
    }


@pytest.fixture(scope="module")
def manifest(warehouse_build: Path) -> dict:
    return json.loads((warehouse_build / "target" / "manifest.json").read_text())


def marts(manifest: dict) -> set[str]:
    return {
        f"{node['schema']}.{node['alias']}"
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["fqn"][1] == "marts"
    }


def exposure_reads(manifest: dict, name: str) -> set[str]:
    [exposure] = [e for e in manifest["exposures"].values() if e["name"] == name]
    nodes = manifest["nodes"]
    return {f"{nodes[u]['schema']}.{nodes[u]['alias']}" for u in exposure["depends_on"]["nodes"]}


def test_relations_are_derived_by_the_parser() -> None:
    assert relations(
        "with x as (select * from staging.a) select * from x join marts.b using (k) "
        "where k = ? and exists (select 1 from information_schema.columns)"
    ) == {"staging.a", "marts.b"}


def test_the_reports_read_exactly_their_exposure_and_only_marts(
    warehouse: Path, manifest: dict, tmp_path: Path
) -> None:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        connection.execute("call enable_logging('QueryLog')")
        periods = result_periods(connection)
        plans = entities_without_results(connection)
        for entity_code, period in periods:
            _workbook(*_results_html(connection, entity_code, period, tmp_path))
            # A year has no monitoring section: its queries run all the same (they find no rows).
            render_monitoring_section(connection, entity_code, period)
        for entity_code in plans:
            _workbook(*_plan_html(connection, entity_code, tmp_path))
        queries = [
            message
            for (message,) in connection.execute(
                "select message from duckdb_logs() where type = 'QueryLog'"
            ).fetchall()
            if "enable_logging" not in message
        ]
    assert periods and plans and len(queries) > 20
    reads = set().union(*(relations(sql) for sql in queries))
    assert reads - marts(manifest) == set(), "the reports read relations that are not marts"
    assert reads == exposure_reads(manifest, "rapporto_risultati_pira")


def summary_queries(module: str = "summary.py") -> list[str]:
    """The SQL text a module of orchestration/ runs (string literals given to .sql() / .execute())."""
    tree = ast.parse((PROJECT_DIR / "orchestration" / module).read_text(encoding="utf-8"))
    return [
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("sql", "execute")
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    ]


def test_the_console_summary_reads_exactly_its_exposure(manifest: dict) -> None:
    queries = summary_queries()
    assert queries
    reads = set().union(*(relations(sql) for sql in queries))
    assert reads - marts(manifest) == set()
    assert reads == exposure_reads(manifest, "riepilogo_console")


def test_the_notification_sensors_read_exactly_their_exposure(manifest: dict) -> None:
    queries = summary_queries("notification_sensors.py")
    assert len(queries) == 2
    reads = set().union(*(relations(sql) for sql in queries))
    assert reads - marts(manifest) == set()
    assert reads == exposure_reads(manifest, "notifiche_team_dati")


def test_every_exposure_reads_published_marts_only(manifest: dict) -> None:
    published = marts(manifest)
    for exposure in manifest["exposures"].values():
        assert exposure_reads(manifest, exposure["name"]) <= published, exposure["name"]
