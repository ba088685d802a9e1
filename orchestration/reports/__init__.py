"""PIRA reports ("Rapporto sui risultati del PIRA"): one HTML page and one workbook per entity and period.

The warehouse is opened read-only. Every (entity, period) of marts.fct_entity_results gets
`<entity>_<period>.html` / `.xlsx`; an entity with a plan but no results yet gets
`<entity>_plan.html` / `.xlsx` (tree, weights, targets per year, baselines). Everything is read
from the published marts (orchestration.reports.data.RELATIONS).
"""

from pathlib import Path

import duckdb

from orchestration.pause import pause_point
from orchestration.reports.benchmark import render_benchmark_section
from orchestration.reports.data import (
    entities_without_results,
    load_report,
    open_warehouse,
    result_periods,
)
from orchestration.reports.html_report import render_html
from orchestration.reports.monitoring import render_monitoring_section
from orchestration.reports.xlsx_report import write_xlsx

__all__ = ["build_all_reports", "build_plan_report", "build_report"]


def _write_results(
    connection: duckdb.DuckDBPyConnection, entity_code: str, period: str, reports_dir: Path
) -> list[Path]:
    report = load_report(connection, entity_code, period)
    monitoring = (
        render_monitoring_section(connection, entity_code, period)
        if report.period_type == "quarter"
        else ""
    )
    benchmark = render_benchmark_section(connection, entity_code, period)
    stem = reports_dir / f"{entity_code}_{period}"
    html_path = stem.with_suffix(".html")
    html_path.write_text(render_html(report, monitoring + benchmark), encoding="utf-8")
    return [html_path, write_xlsx(report, stem.with_suffix(".xlsx"))]


def _write_plan(
    connection: duckdb.DuckDBPyConnection, entity_code: str, reports_dir: Path
) -> list[Path]:
    report = load_report(connection, entity_code, None)
    stem = reports_dir / f"{entity_code}_plan"
    html_path = stem.with_suffix(".html")
    html_path.write_text(render_html(report), encoding="utf-8")
    return [html_path, write_xlsx(report, stem.with_suffix(".xlsx"))]


def build_report(
    database_path: Path, entity_code: str, period: str | None, reports_dir: Path
) -> list[Path]:
    """Write one entity's report for a period (None: its plan report); returns the HTML and XLSX paths."""
    reports_dir.mkdir(parents=True, exist_ok=True)
    with open_warehouse(database_path) as connection:
        if period is None:
            return _write_plan(connection, entity_code, reports_dir)
        return _write_results(connection, entity_code, period, reports_dir)


def build_plan_report(database_path: Path, entity_code: str, reports_dir: Path) -> list[Path]:
    return build_report(database_path, entity_code, None, reports_dir)


def build_all_reports(database_path: Path, reports_dir: Path) -> list[Path]:
    """Reports for every entity and period with results, plan reports for entities without any."""
    reports_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with open_warehouse(database_path) as connection:
        for entity_code, period in result_periods(connection):
            written += _write_results(connection, entity_code, period, reports_dir)
            pause_point("reports")  # test hook: a kill here leaves part of the reports written
        for entity_code in entities_without_results(connection):
            written += _write_plan(connection, entity_code, reports_dir)
    return written
