"""Explanations of deviations and sign-off (issue 13): the marts built by the real dbt build, and the report."""

import re
from decimal import Decimal
from html import unescape
from pathlib import Path

import duckdb
import openpyxl
import pytest

from expectations.catalogue import load_catalogue
from orchestration.reports import build_report
from tests.conftest import copy_of, read_seed


def test_every_amber_or_red_row_has_its_explanation_or_is_flagged(query) -> None:
    rows = query(
        "select subject_kind, node_code, indicator_code, traffic_light, is_explanation_missing, "
        "reason_code, severity, label_it, explanation_text, explanation_author, explanation_written_on "
        "from marts.fct_deviation_explanations where entity_code = 'FE' and period = '2017'"
    )
    by_key = {(kind, node, indicator): row for kind, node, indicator, *row in rows}
    # One row per amber or red indicator and objective of the result marts, nothing else.
    [(indicators,)] = query(
        "select count(*) from marts.fct_indicator_results "
        "where entity_code = 'FE' and period = '2017' and traffic_light in ('amber', 'red')"
    )
    [(objectives,)] = query(
        "select count(*) from marts.fct_objective_results "
        "where entity_code = 'FE' and period = '2017' and traffic_light in ('amber', 'red')"
    )
    assert (indicators, objectives) == (24, 13)
    assert len(by_key) == len(rows) == indicators + objectives

    explained = {key for key, row in by_key.items() if not row[1]}
    assert explained == {
        ("indicator", "01.04.I1", "F157"),
        ("indicator", "02.O2.O3", "C2.2_05"),
        ("indicator", "01.01.O1", "D1.3_02"),
        ("indicator", "03.01.I1", "F227"),
        ("objective", "01.01.O1", None),
        ("objective", "02.O2.O3", None),
    }
    light, missing, code, severity, label, text, author, written_on = by_key[
        ("indicator", "01.04.I1", "F157")
    ]
    assert (light, missing, code, severity, label) == ("red", False, None, None, None)
    seed = next(row for row in read_seed("raw_commentary") if row["indicator_code"] == "F157")
    assert text == seed["text"].strip() and text.startswith("[Testo di esempio]")
    assert (author, written_on.isoformat()) == ("Ufficio Comunicazione", "2018-02-15")

    # A red indicator without commentary is flagged by the catalogue's rule, a warning.
    rule = load_catalogue()["commentary.deviation_explained"]
    assert rule.severity == "warning"
    assert tuple(by_key[("indicator", "01.01.O1", "EC19.1")][:5]) == (
        "red",
        True,
        "commentary.deviation_explained",
        "warning",
        rule.label_it,
    )


def test_approvals_are_published_in_date_order(query) -> None:
    assert query(
        "select approval_stage, stage_order, approved_by, strftime(approved_on, '%d/%m/%Y'), act_reference "
        "from marts.fct_period_approvals where entity_code = 'FE' and period = '2017' "
        "order by stage_order"
    ) == [
        (
            "approvazione Giunta",
            1,
            "Giunta camerale",
            "28/05/2018",
            "[Esempio] Deliberazione di Giunta n. 60 del 28/05/2018",
        ),
        (
            "validazione OIV",
            2,
            "Organismo indipendente di valutazione",
            "22/06/2018",
            "[Esempio] Documento di validazione OIV del 22/06/2018",
        ),
    ]
    # Every commentary and approval row is used or quarantined.
    assert query(
        "select source_table, rows_in, rows_used, rows_quarantined, is_balanced "
        "from marts.fct_row_reconciliation "
        "where source_table in ('raw_commentary', 'raw_approvals') order by source_table"
    ) == [("raw_approvals", 2, 2, 0, True), ("raw_commentary", 6, 6, 0, True)]


def test_the_new_inputs_leave_the_published_figures_unchanged(query) -> None:
    assert query(
        "select overall_pct_reported, operational_objectives_pct_reported from marts.fct_entity_results "
        "where entity_code = 'FE' and period = '2017'"
    ) == [(Decimal("96.23"), Decimal("95.93"))]


def visible(markup: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", markup)).split())


@pytest.fixture(scope="module")
def fe_report(warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    html_path, xlsx_path = build_report(warehouse, "FE", "2017", tmp_path_factory.mktemp("signoff"))
    return html_path.read_text(encoding="utf-8"), xlsx_path


def test_report_prints_explanations_beside_amber_and_red_rows(fe_report, query) -> None:
    markup, xlsx_path = fe_report
    # The row of F157 (red, explained) is followed by its explanation; EC19.1 (red) says it is missing.
    for indicator, expected in [
        ("F157", "Motivazione dello scostamento [Testo di esempio] Le riunioni sul nuovo"),
        ("EC19.1", "Motivazione dello scostamento — motivazione mancante"),
    ]:
        start = markup.index(f'data-indicator="{indicator}"')
        row_end = markup.index("</tr>", start)
        following = visible(markup[row_end : markup.index("</tr>", row_end + 5)])
        assert following.startswith(expected), following
    # One explanation or mark per amber or red row, none for the others.
    [(deviations,)] = query(
        "select count(*) from marts.fct_deviation_explanations where entity_code = 'FE' and period = '2017'"
    )
    text = visible(markup)
    assert text.count("Motivazione dello scostamento") == deviations == 37
    assert text.count("motivazione mancante") == 31
    assert "Obiettivo in ritardo" not in text
    # The objective's own explanation sits under its heading.
    start = markup.index('id="obj-01.01.O1"')
    heading = visible(markup[start : markup.index("<table", start)])
    assert "Motivazione dello scostamento [Testo di esempio] L'obiettivo risente" in heading

    # The workbook has its own column for it, beside the notes.
    workbook = openpyxl.load_workbook(xlsx_path)
    explanations = {}
    for name in (name for name in workbook.sheetnames if name.startswith("Area ")):
        header = [cell.value for cell in workbook[name][3]]
        column = header.index("Motivazione dello scostamento")
        for row in workbook[name].iter_rows(min_row=4, values_only=True):
            if row[1] in ("F157", "EC19.1", "01.01.O1"):
                explanations[row[1]] = (row[column], row[header.index("Note")])
    assert explanations["F157"][0].startswith("[Testo di esempio] Le riunioni sul nuovo")
    assert explanations["EC19.1"][0] == "— motivazione mancante"
    assert explanations["01.01.O1"][0].startswith("[Testo di esempio] L'obiettivo risente")
    assert not any("Motivazione" in (note or "") for _, note in explanations.values())


def test_report_prints_the_approval_block_or_draft(
    fe_report, warehouse: Path, tmp_path: Path
) -> None:
    markup, xlsx_path = fe_report
    start = markup.index('<section class="approvals"')
    block = visible(markup[start : markup.index("</section>", start)])
    assert block.startswith("Approvazioni")
    assert (
        "approvazione Giunta Giunta camerale 28/05/2018 [Esempio] Deliberazione di Giunta n. 60"
        in block
    )
    assert "validazione OIV Organismo indipendente di valutazione 22/06/2018" in block
    assert "bozza" not in block
    summary = {
        row[0]: row[1]
        for row in openpyxl.load_workbook(xlsx_path)["Sintesi"].iter_rows(
            max_col=2, values_only=True
        )
        if row[0]
    }
    assert summary["Approvazioni"].startswith("approvazione Giunta: Giunta camerale, 28/05/2018")

    # The same period without any approval row is a draft.
    draft = copy_of(warehouse, tmp_path / "draft")
    with duckdb.connect(str(draft)) as connection:
        connection.execute("delete from marts.fct_period_approvals")
    html_path, xlsx_path = build_report(draft, "FE", "2017", tmp_path / "reports")
    markup = html_path.read_text(encoding="utf-8")
    start = markup.index('<section class="approvals"')
    block = visible(markup[start : markup.index("</section>", start)])
    assert block.startswith("Approvazioni bozza — nessuna approvazione registrata")
    summary = {
        row[0]: row[1]
        for row in openpyxl.load_workbook(xlsx_path)["Sintesi"].iter_rows(
            max_col=2, values_only=True
        )
        if row[0]
    }
    assert summary["Approvazioni"] == "bozza"


def test_bad_signoff_rows_are_quarantined_with_file_row_and_field(scenario) -> None:
    """One bad row in each sign-off input: quarantined with its file row, field and raw value; the
    valid rows keep flowing."""
    commentary = scenario.rows("raw_commentary")
    bad_commentary = dict(commentary[0], indicator_code="", written_on="31/02/2018")
    scenario.replace_rows("raw_commentary", [*commentary, bad_commentary])
    approvals = scenario.rows("raw_approvals")
    bad_approval = dict(approvals[0], stage="parere Collegio dei revisori", approved_by=" ")
    scenario.replace_rows("raw_approvals", [bad_approval, *approvals])
    closures = scenario.rows("raw_period_closures")
    bad_closure = dict(closures[0], period="2016", closed_on="2018-06-30")
    scenario.replace_rows("raw_period_closures", [*closures, bad_closure])
    restatement = {
        "entity_code": "FE",
        "period": "2017",
        "reason": "",
        "decided_by": "Giunta camerale",
        "decided_on": "15/09/2018",
    }
    scenario.replace_rows("raw_restatements", [restatement])
    scenario.build()

    assert scenario.query(
        "select source_table, source_file, source_row, field, raw_value, reason "
        "from marts.fct_quarantined_rows where source_table in "
        "('raw_commentary', 'raw_approvals', 'raw_period_closures', 'raw_restatements') "
        "order by source_table"
    ) == [
        (
            "raw_approvals",
            "seeds/raw/raw_approvals.csv",
            1,
            "approved_by",
            None,
            "approvazione senza chi approva (approved_by)",
        ),
        (
            "raw_commentary",
            "seeds/raw/raw_commentary.csv",
            len(commentary) + 1,
            "written_on",
            "31/02/2018",
            "data '31/02/2018' non è una data gg/mm/aaaa (written_on)",
        ),
        (
            "raw_period_closures",
            "seeds/raw/raw_period_closures.csv",
            len(closures) + 1,
            "closed_on",
            "2018-06-30",
            "data '2018-06-30' non è una data gg/mm/aaaa (closed_on)",
        ),
        (
            "raw_restatements",
            "seeds/raw/raw_restatements.csv",
            1,
            "reason",
            None,
            "rettifica senza motivazione (reason)",
        ),
    ]
    # The valid rows flow: every explanation, both approvals and the close of 2017 are used.
    assert scenario.query(
        "select source_table, rows_in, rows_used, rows_quarantined, is_balanced "
        "from marts.fct_row_reconciliation where source_table in "
        "('raw_commentary', 'raw_approvals', 'raw_period_closures', 'raw_restatements') "
        "order by source_table"
    ) == [
        ("raw_approvals", len(approvals) + 1, len(approvals), 1, True),
        ("raw_commentary", len(commentary) + 1, len(commentary), 1, True),
        ("raw_period_closures", 2, 1, 1, True),
        ("raw_restatements", 1, 0, 1, True),
    ]
    assert scenario.query(
        "select count(*) from marts.fct_period_approvals where entity_code = 'FE' and period = '2017'"
    ) == [(len(approvals),)]
