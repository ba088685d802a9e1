"""Objectives linked to budget missions and programmes (issue 13, part 5): raw_node_budget_links
through staging, the checks against plan and budget, dim_objective and the report's grouping."""

import re
from decimal import Decimal
from html import unescape
from pathlib import Path

import duckdb
import openpyxl

from orchestration.dbt_invocation import run_dbt
from orchestration.reports import build_report
from tests.conftest import Scenario, copy_of

LINKED = ["02.O2.O1", "02.O2.O2"]
MISSION_NAME = "Competitività e sviluppo delle imprese"
PROGRAM_NAME = (
    "Promozione e attuazione di politiche di sviluppo, competitività e innovazione, "
    "di responsabilità sociale d'impresa e movimento cooperativo"
)
HEADING = f"Missione 011 – {MISSION_NAME} / Programma 005 – {PROGRAM_NAME}"


def visible(markup: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def test_linked_objectives_carry_the_programme_and_the_report_groups_by_it(
    scenario, tmp_path
) -> None:
    links = [
        {
            "entity_code": "FE",
            "cycle": "2017",
            "node_code": code,
            "mission_code": "011",
            "program_code": "005",
        }
        for code in LINKED
    ]
    unknown = {
        "entity_code": "FE",
        "cycle": "2017",
        "node_code": "02.O9.O9",
        "mission_code": "011",
        "program_code": "005",
    }
    scenario.replace_rows("raw_node_budget_links", [*links, unknown])
    scenario.build()

    # The two links reach dim_objective with the names the FE 2017 budget prints; no other node has one.
    assert scenario.query(
        "select node_code, node_level, mission_code, mission_name, program_code, program_name "
        "from marts.dim_objective where entity_code = 'FE' and cycle = '2017' "
        "and (mission_code is not null or program_code is not null) order by node_code"
    ) == [
        (code, "operational_objective", "011", MISSION_NAME, "005", PROGRAM_NAME) for code in LINKED
    ]
    # The link to a node the plan does not have is quarantined with file, row, field and reason.
    assert scenario.query(
        "select source_file, source_row, row_key, field, raw_value, reason "
        "from marts.fct_quarantined_rows where source_table = 'raw_node_budget_links'"
    ) == [
        (
            "seeds/raw/raw_node_budget_links.csv",
            3,
            "2017 | 02.O9.O9",
            "node_code",
            "02.O9.O9",
            "collegamento al bilancio per un nodo che non esiste nel piano 2017: 02.O9.O9 (node_code)",
        )
    ]
    assert scenario.query(
        "select rows_in, rows_used, rows_quarantined, is_balanced from marts.fct_row_reconciliation "
        "where source_table = 'raw_node_budget_links'"
    ) == [(3, 2, 1, True)]
    # A link changes no figure.
    assert scenario.query(
        "select overall_pct_reported, operational_objectives_pct_reported from marts.fct_entity_results "
        "where entity_code = 'FE' and period = '2017'"
    ) == [(Decimal("96.23"), Decimal("95.93"))]

    html_path, xlsx_path = build_report(scenario.database_path, "FE", "2017", tmp_path / "reports")
    markup = html_path.read_text(encoding="utf-8")
    start = markup.index('<section class="budget-groups"')
    section = markup[start : markup.index("</section>", start)]
    headings = [
        visible(text) for text in re.findall(r"<th [^>]*data-budget-group>(.*?)</th>", section)
    ]
    assert headings == [HEADING, "Senza missione/programma"]
    # The programme's heading, then exactly its two objectives, then the unlinked ones.
    positions = [section.index(f'data-budget-objective="{code}"') for code in LINKED]
    first, unlinked = section.index(HEADING.replace("'", "&#x27;")), section.index("Senza missione")
    assert first < positions[0] < positions[1] < unlinked
    assert section[first:unlinked].count("data-budget-objective=") == 2
    assert "02.O2.O3" in section[unlinked:] and "02.O2.O3" not in section[:unlinked]

    workbook = openpyxl.load_workbook(xlsx_path)
    assert workbook.sheetnames.index("Per programma") == workbook.sheetnames.index("Bilancio") - 1
    rows = [row[:2] for row in workbook["Per programma"].iter_rows(min_row=4, values_only=True)]
    assert rows[:3] == [
        (HEADING, None),
        ("Obiettivo operativo", LINKED[0]),
        ("Obiettivo operativo", LINKED[1]),
    ]
    assert rows[3] == ("Senza missione/programma", None)
    assert len(rows) == 4 + len([row for row in rows[4:] if row[1]])

    # Without any link the report has no grouping: no section, no sheet.
    bare = copy_of(scenario.database_path, tmp_path / "bare")
    with duckdb.connect(str(bare)) as connection:
        connection.execute(
            "update marts.dim_objective set mission_code = null, mission_name = null, "
            "program_code = null, program_name = null"
        )
    html_path, xlsx_path = build_report(bare, "FE", "2017", tmp_path / "bare_reports")
    markup = html_path.read_text(encoding="utf-8")
    assert "budget-groups" not in markup and "per-programma" not in markup
    assert "Per programma" not in openpyxl.load_workbook(xlsx_path).sheetnames


def test_an_unreadable_budget_row_is_quarantined_and_the_build_passes(tmp_path: Path) -> None:
    scenario = Scenario(tmp_path / "project")
    rows = scenario.rows("raw_budget")
    rows[0]["budget_year"] = "2017/18"
    rows[1]["row_type"] = "subtotale"
    scenario.replace_rows("raw_budget", rows)
    # The whole build with its data tests: a year that is no integer used to stop it (a failed cast
    # in staging), every chamber's with it.
    run_dbt(
        ["build", "--exclude", "test_type:unit"],
        scenario.database_path,
        project_dir=scenario.root,
        target_dir=scenario.root / "target",
    )
    assert scenario.query(
        "select source_row, field, raw_value, reason from marts.fct_quarantined_rows "
        "where source_table = 'raw_budget' order by source_row"
    ) == [
        (
            1,
            "budget_year",
            "2017/18",
            "anno di bilancio '2017/18' non è nel formato aaaa (budget_year)",
        ),
        (
            2,
            "row_type",
            "subtotale",
            "tipo di riga 'subtotale' non ammesso: detail o total (row_type)",
        ),
    ]
    assert scenario.query(
        "select severity, count(*) from marts.fct_data_quality_issues "
        "where reason_code = 'budget.budget_row_readable' group by all"
    ) == [("warning", 2)]
    assert scenario.query("select count(*) from marts.fct_budget") == [(len(rows) - 2,)]
    # Every budget row is accounted for: in the budget mart or quarantined.
    assert scenario.query(
        "select rows_in, rows_used, rows_quarantined, is_balanced from marts.fct_row_reconciliation "
        "where source_table = 'raw_budget'"
    ) == [(len(rows), len(rows) - 2, 2, True)]
