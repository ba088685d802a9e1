"""PIRA reports ("Rapporto sui risultati del PIRA"): one HTML page and one workbook per entity and period.

The warehouse is opened read-only. Every (entity, period) of marts.fct_entity_results gets
`<entity>_<period>.html` / `.xlsx`; an entity with a plan but no results yet gets
`<entity>_plan.html` / `.xlsx` (tree, weights, targets per year, baselines). Everything is read
from the published marts (orchestration.reports.data.RELATIONS).
"""

from collections.abc import Callable
from pathlib import Path

import duckdb

from orchestration.pause import pause_point
from orchestration.reports.benchmark import render_benchmark_section
from orchestration.reports.data import (
    Report,
    entities_without_results,
    load_report,
    open_warehouse,
    result_periods,
)
from orchestration.reports.html_report import render_html
from orchestration.reports.monitoring import render_monitoring_section
from orchestration.reports.xlsx_report import write_xlsx

__all__ = ["build_all_reports", "build_plan_report", "build_report"]


def _results_html(
    connection: duckdb.DuckDBPyConnection, entity_code: str, period: str, reports_dir: Path
) -> tuple[Path, Report]:
    report = load_report(connection, entity_code, period)
    monitoring = (
        render_monitoring_section(connection, entity_code, period)
        if report.period_type == "quarter"
        else ""
    )
    benchmark = render_benchmark_section(connection, entity_code, period)
    html_path = reports_dir / f"{entity_code}_{period}.html"
    html_path.write_text(render_html(report, monitoring + benchmark), encoding="utf-8")
    return html_path, report


def _plan_html(
    connection: duckdb.DuckDBPyConnection, entity_code: str, reports_dir: Path
) -> tuple[Path, Report]:
    report = load_report(connection, entity_code, None)
    html_path = reports_dir / f"{entity_code}_plan.html"
    html_path.write_text(render_html(report), encoding="utf-8")
    return html_path, report


def _workbook(html_path: Path, report: Report) -> Path:
    """The report's workbook, beside its HTML page."""
    return write_xlsx(report, html_path.with_suffix(".xlsx"))


def build_report(
    database_path: Path, entity_code: str, period: str | None, reports_dir: Path
) -> list[Path]:
    """Write one entity's report for a period (None: its plan report); returns the HTML and XLSX paths."""
    reports_dir.mkdir(parents=True, exist_ok=True)
    with open_warehouse(database_path) as connection:
        if period is None:
            html_path, report = _plan_html(connection, entity_code, reports_dir)
        else:
            html_path, report = _results_html(connection, entity_code, period, reports_dir)
        return [html_path, _workbook(html_path, report)]


def build_plan_report(database_path: Path, entity_code: str, reports_dir: Path) -> list[Path]:
    return build_report(database_path, entity_code, None, reports_dir)


def build_all_reports(
    database_path: Path,
    reports_dir: Path,
    after_html: Callable[[list[Path]], None] | None = None,
) -> list[Path]:
    """Reports for every entity and period with results, plan reports for entities without any:
    every HTML page first (`after_html` gets them, e.g. to print the PDFs meanwhile), then the
    workbooks. Returns the HTML then the XLSX paths."""
    reports_dir.mkdir(parents=True, exist_ok=True)
    pages: list[tuple[Path, Report]] = []
    with open_warehouse(database_path) as connection:
        for entity_code, period in result_periods(connection):
            pages.append(_results_html(connection, entity_code, period, reports_dir))
            pause_point("reports")  # test hook: a kill here leaves part of the reports written
        for entity_code in entities_without_results(connection):
            pages.append(_plan_html(connection, entity_code, reports_dir))
    html_paths = [html_path for html_path, _ in pages]
    if after_html is not None:
        after_html(html_paths)
    return html_paths + [_workbook(html_path, report) for html_path, report in pages]
