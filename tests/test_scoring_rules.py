"""Scoring rules per plan or per indicator (issue 13): raw_scoring_rules, resolved by int_scoring__rules.

The default build's seed holds Ferrara's plan row, equal to the dbt vars: nothing changes. A copy of
the project adds an indicator row that moves one indicator's bands, and bad rows that are quarantined.
"""

import re
from decimal import Decimal
from html import unescape
from pathlib import Path

import duckdb
import openpyxl
import pytest

from orchestration.dbt_invocation import DbtTestFailures, run_dbt
from orchestration.quality import cap_in_force
from orchestration.reports import build_report
from tests.conftest import Scenario

# F252 (03.02.O1) scores 75%: amber under the default bands (green 90, amber 60).
BANDED = "F252"
# F162 (01.04.O1.T1) scores 61,11%: a cap of 120% leaves it where it is.
CAPPED = "F162"
BAD_ROWS = {
    # indicator_code: (fields, expected quarantined field, expected reason)
    "F131": (
        {"green_from_pct": "50", "amber_from_pct": "70"},
        "green_from_pct",
        "soglia verde '50' inferiore alla soglia gialla '70' (green_from_pct)",
    ),
    "F212": (
        {"late_deadline_policy": "qualche volta"},
        "late_deadline_policy",
        "regola per le scadenze mancate 'qualche volta' non ammessa: zero o linear (late_deadline_policy)",
    ),
    "F187": (
        {"amber_from_pct": "95"},
        "amber_from_pct",
        "soglie in vigore incoerenti: verde da 90% sotto giallo da 95%",
    ),
    "F999": (
        {"green_from_pct": "80"},
        "indicator_code",
        "regola di calcolo per un indicatore che non esiste nel piano: F999",
    ),
    "F143": (
        {"missing_data_policy": "ignora"},
        "missing_data_policy",
        "regola per i dati mancanti 'ignora' non ammessa: neutralise o zero (missing_data_policy)",
    ),
}


@pytest.fixture(scope="module")
def banded(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    scenario = Scenario(tmp_path_factory.mktemp("scoring") / "project")
    rows = scenario.rows("raw_scoring_rules")
    empty = dict.fromkeys(rows[0], "")
    rows.append(
        {
            **empty,
            "entity_code": "FE",
            "indicator_code": BANDED,
            "green_from_pct": "70",
            "amber_from_pct": "50",
            "decided_by": "Controllo di gestione",
        }
    )
    # A higher cap for an indicator below 100% changes no figure; the range checks widen to it.
    rows.append({**empty, "entity_code": "FE", "indicator_code": CAPPED, "cap_pct": "120"})
    for code, (fields, _, _) in BAD_ROWS.items():
        rows.append({**empty, "entity_code": "FE", "indicator_code": code, **fields})
    scenario.replace_rows("raw_scoring_rules", rows)
    scenario.build()
    return scenario


def test_the_shipped_rules_equal_the_defaults(query) -> None:
    # Ferrara's plan row restates the vars: source 'piano', nothing printed, the published figures hold.
    assert query(
        "select entity_code, scoring_rule_source, green_from_pct, amber_from_pct, cap_pct, "
        "late_deadline_policy, late_deadline_decay_days, missing_data_policy, count(*), "
        "count(scoring_rule_note) from marts.dim_indicator group by all order by 1"
    ) == [("FE", "piano", 90.0, 60.0, 100.0, "zero", 90, "neutralise", 200, 0)] + query(
        "select 'MO', 'predefinita', 90.0, 60.0, 100.0, 'zero', 90, 'neutralise', count(*), 0 "
        "from marts.dim_indicator where entity_code = 'MO'"
    )
    assert query(
        "select overall_pct_reported, operational_objectives_pct_reported "
        "from marts.fct_entity_results where entity_code = 'FE' and period = '2017'"
    ) == [(Decimal("96.23"), Decimal("95.93"))]


def test_an_indicator_band_change_moves_that_traffic_light_and_nothing_else(
    banded: Scenario, warehouse: Path, query
) -> None:
    sql = (
        "select node_code, indicator_code, achievement_pct, traffic_light "
        "from marts.fct_indicator_results where entity_code = 'FE' and period = '2017' "
        "order by node_code, indicator_code"
    )
    before, after = query(sql), banded.query(sql)
    changed = [(b, a) for b, a in zip(before, after, strict=True) if b != a]
    assert changed == [(("03.02.O1", BANDED, 75.0, "amber"), ("03.02.O1", BANDED, 75.0, "green"))]
    # Bands do not change achievement: objectives, their lights and the entity are unchanged.
    objectives = (
        "select node_code, achievement_pct, traffic_light from marts.fct_objective_results "
        "where entity_code = 'FE' order by node_code"
    )
    assert banded.query(objectives) == query(objectives)
    entity = (
        "select overall_pct, operational_objectives_pct, traffic_light "
        "from marts.fct_entity_results where entity_code = 'FE'"
    )
    assert banded.query(entity) == query(entity)
    # dim_indicator carries the rule in force and the line the reports print.
    assert banded.query(
        "select green_from_pct, amber_from_pct, cap_pct, scoring_rule_source, scoring_rule_note "
        "from marts.dim_indicator where entity_code = 'FE' and indicator_code = ?",
        [BANDED],
    ) == [
        (
            70.0,
            50.0,
            100.0,
            "indicatore",
            "Soglie: verde da 70%, giallo da 50% (regola dell'indicatore)",
        )
    ]


def test_bad_rules_are_quarantined_with_file_row_and_field(banded: Scenario) -> None:
    rows = banded.query(
        "select row_key, source_file, source_row, field, raw_value, reason "
        "from marts.fct_quarantined_rows where source_table = 'raw_scoring_rules' order by row_key"
    )
    by_indicator = {row_key.split(" | ")[1]: row for row_key, *row in rows}
    assert set(by_indicator) == set(BAD_ROWS)
    for code, (fields, field, reason) in BAD_ROWS.items():
        source_file, source_row, got_field, raw_value, got_reason = by_indicator[code]
        assert source_file == "seeds/raw/raw_scoring_rules.csv" and source_row > 0
        assert (got_field, got_reason) == (field, reason)
        assert raw_value == fields.get(field, code)
    # In the quality mart with the catalogue's severity and label; every row accounted for.
    assert banded.query(
        "select reason_code, severity, label_it, count(*) from marts.fct_data_quality_issues "
        "where source_table = 'raw_scoring_rules' group by all order by 1"
    ) == [
        ("scoring_rules.scoring_rule_applicable", "error", "Regola di calcolo non applicabile", 2),
        ("scoring_rules.scoring_rule_readable", "error", "Regola di calcolo non leggibile", 3),
    ]
    assert banded.query(
        "select rows_in, rows_used, rows_quarantined, is_balanced from marts.fct_row_reconciliation "
        "where source_table = 'raw_scoring_rules'"
    ) == [(8, 3, 5, True)]
    # A quarantined rule applies nowhere: F131 keeps the plan's bands.
    assert banded.query(
        "select scoring_rule_source, green_from_pct, amber_from_pct from marts.dim_indicator "
        "where entity_code = 'FE' and indicator_code = 'F131'"
    ) == [("piano", 90.0, 60.0)]


def test_the_report_prints_a_rule_that_differs_from_the_defaults(
    banded: Scenario, tmp_path: Path
) -> None:
    html_path, xlsx_path = build_report(banded.database_path, "FE", "2017", tmp_path)
    text = " ".join(
        unescape(re.sub(r"<[^>]+>", " ", html_path.read_text(encoding="utf-8"))).split()
    )
    note = "Soglie: verde da 70%, giallo da 50% (regola dell'indicatore)"
    # Once: under F252 only (the plan row equals the defaults, so no other indicator prints one).
    assert text.count(note) == 1 and "Soglie:" not in text.replace(note, "")
    cells = [
        cell
        for sheet in openpyxl.load_workbook(xlsx_path)
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if isinstance(cell, str) and "Soglie:" in cell
    ]
    assert len(cells) == 1 and note in cells[0]


def test_a_higher_indicator_cap_widens_the_achievement_range_checks(
    banded: Scenario, warehouse: Path
) -> None:
    assert banded.query(
        "select cap_pct, scoring_rule_source, scoring_rule_note from marts.dim_indicator "
        "where entity_code = 'FE' and indicator_code = ?",
        [CAPPED],
    ) == [(120.0, "indicatore", "tetto 120% (regola dell'indicatore)")]
    # GX's 0..cap checks take the highest cap in force, not only the dbt var.
    assert cap_in_force(banded.database_path, 100) == 120
    assert cap_in_force(warehouse, 100) == 100
    assert cap_in_force(warehouse, None) is None


# A2.3_02 (FE 2017, on 03.02.O2.T1 and 03.03.I4) reaches 132% of its target: 100% under the default cap.
ABOVE_TARGET = "A2.3_02"


def test_a_cap_above_100_is_what_the_range_tests_allow(tmp_path: Path) -> None:
    scenario = Scenario(tmp_path / "project")
    rows = scenario.rows("raw_scoring_rules")
    empty = dict.fromkeys(rows[0], "")
    rows.append({**empty, "entity_code": "FE", "indicator_code": ABOVE_TARGET, "cap_pct": "120"})
    scenario.replace_rows("raw_scoring_rules", rows)
    scenario.build()
    assert scenario.query(
        "select node_code, achievement_pct from marts.fct_indicator_results "
        "where entity_code = 'FE' and period = '2017' and indicator_code = ? order by node_code",
        [ABOVE_TARGET],
    ) == [("03.02.O2.T1", 120.0), ("03.03.I4", 120.0)]
    # The marts' range tests take the cap in force (as the GX checks do), not a fixed 100.
    outcome = run_dbt(
        ["test", "--select", "marts", "--exclude", "test_type:unit"],
        scenario.database_path,
        project_dir=scenario.root,
        target_dir=scenario.root / "target",
    )
    tests = {
        result.node.name: str(result.status)
        for result in outcome.results
        if result.node.resource_type == "test"
    }
    assert "achievement_within_cap_fct_objective_results_achievement_pct" in tests
    assert set(tests.values()) == {"pass"}
    # Above the highest cap in force (120) is still out of range.
    with duckdb.connect(str(scenario.database_path)) as connection:
        connection.execute(
            "update marts.fct_indicator_results set achievement_pct = 120.5 "
            "where entity_code = 'FE' and period = '2017' and indicator_code = ?",
            [ABOVE_TARGET],
        )
    with pytest.raises(DbtTestFailures) as failure:
        run_dbt(
            ["test", "--select", "fct_indicator_results,test_name:achievement_within_cap"],
            scenario.database_path,
            project_dir=scenario.root,
            target_dir=scenario.root / "target",
        )
    assert "achievement_within_cap_fct_indicator_results_achievement_pct" in str(failure.value)
