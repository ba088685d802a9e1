"""Period close and history (issue 13, part 1): the published versions of a closed period, built by the real dbt project."""

import re
from decimal import Decimal
from html import unescape
from pathlib import Path

import openpyxl

from expectations.catalogue import load_catalogue
from orchestration.quality import validate_warehouse
from orchestration.reports import build_report
from orchestration.reports.formatting import version_it
from tests.conftest import Scenario

PUBLISHED_ON = (
    "select strftime(max(published_at), '%d/%m/%Y') from marts.fct_published_results_history "
    "where entity_code = 'FE' and period = '2017' and version = ?"
)


def printed_version(database: Path, entity: str, period: str, folder: Path) -> tuple[str, str]:
    """The version line of the HTML report and the XLSX's 'Risultati pubblicati' cell."""
    html_path, xlsx_path = build_report(database, entity, period, folder)
    markup = html_path.read_text(encoding="utf-8")
    start = markup.index('id="versione-pubblicata"')
    line = " ".join(
        unescape(re.sub(r"<[^>]+>", " ", markup[start : markup.index("</p>", start)])).split()
    )
    workbook = openpyxl.load_workbook(xlsx_path, read_only=True)
    cells = [
        row[1]
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        if len(row) > 1 and row[0] == "Risultati pubblicati"
    ]
    return line, cells[0]


HISTORY_OF_F157 = (
    "select version, achievement_pct_reported, actual_value_reported, restatement_reason, "
    "restatement_decided_on, authorised_on "
    "from marts.fct_published_results_history "
    "where entity_code = 'FE' and period = '2017' and indicator_code = 'F157' order by version"
)
ALL_VERSION_1 = (
    "select * from marts.fct_published_results_history "
    "where entity_code = 'FE' and period = '2017' and version = 1 "
    "order by result_level, node_code, indicator_code"
)
CLOSED_PERIOD_ISSUES = (
    "select severity, label_it, row_key, raw_value, reason from marts.fct_data_quality_issues "
    "where reason_code = 'history.closed_period_unchanged'"
)


def history_check(database: Path, gx_root: Path):
    """The GX suite on closed periods, run on the built warehouse as the job runs it."""
    return validate_warehouse(database, gx_root, suite_names={"history"})


def test_closed_fe_2017_is_published_as_version_1(query) -> None:
    assert query(
        "select version, achievement_pct_reported, operational_objectives_pct_reported, closed_on, "
        "authorised_on, restatement_reason from marts.fct_published_results_history "
        "where entity_code = 'FE' and period = '2017' and result_level = 'entity'"
    ) == [
        (
            1,
            Decimal("96.23"),
            Decimal("95.93"),
            *[query("select date '2018-06-30'")[0][0]] * 2,
            None,
        )
    ]
    # Every figure of the result marts is in the version, one row each.
    assert query(
        "select result_level, count(*) from marts.fct_published_results_history "
        "where entity_code = 'FE' and period = '2017' group by result_level order by result_level"
    ) == [("entity", 1), ("indicator", 201), ("objective", 79)]
    [(indicators,)] = query(
        "select count(*) from marts.fct_indicator_results where entity_code = 'FE' and period = '2017'"
    )
    [(objectives,)] = query(
        "select count(*) from marts.fct_objective_results where entity_code = 'FE' and period = '2017'"
    )
    assert (indicators, objectives) == (201, 79)
    # Open periods are not published; the unchanged closed period raises no issue.
    assert query(
        "select distinct entity_code, period from marts.fct_published_results_history"
    ) == [("FE", "2017")]
    assert query(CLOSED_PERIOD_ISSUES) == []
    assert query(
        "select source_table, rows_in, rows_used, rows_quarantined, is_balanced from marts.fct_row_reconciliation "
        "where source_table in ('raw_period_closures', 'raw_restatements') order by source_table"
    ) == [("raw_period_closures", 1, 1, 0, True), ("raw_restatements", 0, 0, 0, True)]


def test_a_changed_measure_needs_a_restatement_for_a_new_version(scenario: Scenario) -> None:
    scenario.build()
    assert scenario.query(HISTORY_OF_F157) == [
        (
            1,
            Decimal("33.33"),
            Decimal("1.00"),
            None,
            None,
            scenario.query("select date '2018-06-30'")[0][0],
        )
    ]
    version_1 = scenario.query(ALL_VERSION_1)

    # A corrected measure lands after the close: the results move, the published version does not.
    scenario.edit(
        "raw_measure_values",
        {"entity_code": "FE", "period": "2017", "measure_code": "F157"},
        {"value_raw": "2"},
    )
    scenario.build()
    assert scenario.query(
        "select achievement_pct_reported from marts.fct_indicator_results "
        "where entity_code = 'FE' and period = '2017' and indicator_code = 'F157'"
    ) == [(Decimal("66.67"),)]
    assert [row[:3] for row in scenario.query(HISTORY_OF_F157)] == [
        (1, Decimal("33.33"), Decimal("1.00"))
    ]
    assert scenario.query(ALL_VERSION_1) == version_1
    rule = load_catalogue()["history.closed_period_unchanged"]
    assert rule.severity == "error"
    [(severity, label, row_key, changed, reason)] = scenario.query(CLOSED_PERIOD_ISSUES)
    assert (severity, label, row_key) == ("error", rule.label_it, "2017")
    assert int(changed) > 0 and reason.startswith(
        f"periodo chiuso: {changed} risultati diversi dalla versione 1"
    )
    # The run names it: the GX error withholds FE 2017, so the published figures stay as they were.
    run = history_check(scenario.database_path, scenario.root / "gx")
    [outcome] = run.errors
    assert (outcome.check, outcome.unexpected_count) == ("closed_period_unchanged", 1)
    assert rule.label_it in outcome.message
    assert run.blocked_scopes == {("FE", "2017")} and not run.blocks_everything

    # A restatement decided after the close authorises version 2; version 1 stays as published.
    scenario.replace_rows(
        "raw_restatements",
        [
            {
                "entity_code": "FE",
                "period": "2017",
                "reason": "[Esempio] Misura F157 corretta dopo la validazione",
                "decided_by": "Giunta camerale",
                "decided_on": "15/09/2018",
            }
        ],
    )
    scenario.build()
    history = scenario.query(HISTORY_OF_F157)
    assert [row[:5] for row in history] == [
        (1, Decimal("33.33"), Decimal("1.00"), None, None),
        (
            2,
            Decimal("66.67"),
            Decimal("2.00"),
            "[Esempio] Misura F157 corretta dopo la validazione",
            scenario.query("select date '2018-09-15'")[0][0],
        ),
    ]
    assert scenario.query(ALL_VERSION_1) == version_1
    assert scenario.query(
        "select version, count(*) from marts.fct_published_results_history group by version order by version"
    ) == [(1, 281), (2, 281)]
    assert scenario.query(CLOSED_PERIOD_ISSUES) == []
    assert history_check(scenario.database_path, scenario.root / "gx").errors == []
    [(published_on,)] = scenario.query(PUBLISHED_ON, [2])
    line, cell = printed_version(scenario.database_path, "FE", "2017", scenario.root / "reports")
    expected = f"versione 2 del {published_on}, rettifica: [Esempio] Misura F157 corretta dopo la validazione"
    assert line.endswith(f"Risultati pubblicati: {expected}") and cell == expected

    # A further run with nothing new appends nothing.
    scenario.build()
    assert scenario.query(
        "select max(version), count(*) from marts.fct_published_results_history"
    ) == [(2, 562)]


def test_report_prints_the_published_version_or_open_period(query, warehouse, tmp_path) -> None:
    [(published_on,)] = query(PUBLISHED_ON, [1])
    line, cell = printed_version(warehouse, "FE", "2017", tmp_path / "fe")
    assert line.endswith(f"Risultati pubblicati: versione 1 del {published_on}")
    assert cell == f"versione 1 del {published_on}"
    # The default build holds FE 2017 only (closed); an open period prints the open label.
    assert version_it(None, None, None) == "periodo aperto"
