"""A corpus of broken extracts, each a small variation of the real data, each with the verdict it must get.

Warnings publish with the flag; an error withholds what it concerns (Ferrara's figures stay as
previously published), a rejected file blocks nothing (its rows never enter). In every case the
message names the problem and the good rows still compute.
"""

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import Scenario, fetch

EXTRACT_HEADER = "entity_code,period,measure_code,value_raw,unit_raw,source,extracted_at"


def set_measure(code: str, value: str):
    return lambda s: s.edit(
        "raw_measure_values", {"entity_code": "FE", "measure_code": code}, {"value_raw": value}
    )


def set_target(code: str, text: str):
    return lambda s: s.edit(
        "raw_targets", {"entity_code": "FE", "indicator_code": code}, {"target_raw": text}
    )


def set_formula(code: str, formula: str):
    return lambda s: s.edit(
        "raw_indicators", {"entity_code": "FE", "indicator_code": code}, {"formula": formula}
    )


def set_weight(node: str, indicator: str, weight: str):
    return lambda s: s.edit(
        "raw_indicator_assignments",
        {"node_code": node, "indicator_code": indicator},
        {"weight_raw": weight},
    )


def set_parent(node: str, parent: str):
    return lambda s: s.edit(
        "raw_plan_nodes", {"entity_code": "FE", "node_code": node}, {"parent_code": parent}
    )


def duplicate_measure(code: str, other_value: str):
    def mutate(s: Scenario) -> None:
        rows = s.rows("raw_measure_values")
        original = next(row for row in rows if row["measure_code"] == code)
        rows.append({**original, "source_row": str(len(rows) + 1), "value_raw": other_value})
        s.replace_rows("raw_measure_values", rows)

    return mutate


def edit_override(changes: dict):
    return lambda s: s.edit("raw_overrides", {"indicator_code": "F140"}, changes)


def landing_file(name: str, content: bytes):
    def mutate(s: Scenario) -> Path:
        path = s.root / "landing" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        return path

    return mutate


def extract(*rows: str, header: str = EXTRACT_HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


RESTATED_F179 = "FE,2017,F179,3,N.,Controllo di gestione,2026-11-22 10:00:00"


@dataclass(frozen=True)
class Case:
    name: str
    mutation: object
    check: str  # "<suite>.<check>" expected among the failures
    fragment: str  # text the message must contain
    is_file: bool = False


ERROR_CASES = [
    Case("weights_99", set_weight("02.O1.I1", "F179", "33"), "weights.weights_sum_to_100", "parent_code=02.O1.I1"),
    Case("weights_101", set_weight("02.O1.I1", "F179", "35"), "weights.weights_sum_to_100", "parent_code=02.O1.I1"),
    Case("deadline_outside_cycle", set_target("F198", "Entro 30-11-2019"), "targets.deadline_in_cycle",
         "indicator_code=F198"),
    Case("duplicated_measure", duplicate_measure("F185", "4"), "measures.measure_unique", "measure_code=F185"),
    Case("negative_count", set_measure("F186", "-156"), "measures.count_not_negative", "measure_code=F186"),
    Case("parent_missing", set_parent("02.O1.I1", "02.O9"), "tree.parent_exists", "node_code=02.O1.I1"),
    Case("cycle_in_tree", set_parent("02", "02.O1"), "tree.tree_acyclic", "node_code=02"),
    Case("override_without_justification", edit_override({"justification": ""}),
         "overrides.override_applicable", "indicator_code=F140"),
    Case("override_unknown_indicator", edit_override({"indicator_code": "F999"}),
         "overrides.override_applicable", "indicator_code=F999"),
    Case("empty_extract", landing_file("empty.csv", extract()), "landing_files.landing_file_accepted",
         "empty.csv: the extract has a header but no rows", is_file=True),
    Case("zero_byte_extract", landing_file("zero.csv", b""), "landing_files.landing_file_accepted",
         "zero.csv: the file is empty", is_file=True),
    Case("tab_delimiter",
         landing_file("tab.csv", extract(RESTATED_F179.replace(",", "\t"), header=EXTRACT_HEADER.replace(",", "\t"))),
         "landing_files.landing_file_accepted", "tab.csv: the delimiter is a tab", is_file=True),
    Case("missing_column",
         landing_file("no_unit.csv", extract("FE,2017,F179,3,x,2026-11-22 10:00:00",
                                             header="entity_code,period,measure_code,value_raw,source,extracted_at")),
         "landing_files.landing_file_accepted", "no_unit.csv: missing column(s): unit_raw", is_file=True),
]  # fmt: skip

WARNING_CASES = [
    Case("target_not_a_number", set_target("F180", ">= abc"), "targets.target_well_formed", "indicator_code=F180"),
    Case("deadline_not_a_date", set_target("F198", "Entro 31-02-2017"), "targets.target_well_formed",
         "indicator_code=F198"),
    Case("target_two_commas", set_target("F199", "≥ 1.000,5,3 N."), "targets.target_well_formed",
         "indicator_code=F199"),
    Case("percent_target_on_euro", set_target("D1.3_1_6", ">= 58 %"), "targets.target_unit_consistent",
         "indicator_code=D1.3_1_6"),
    Case("measure_nd", set_measure("F187", "N/D"), "measures.measure_available", "measure_code=F187"),
    Case("measure_three_parts", set_measure("F188", "12,3,4"), "measures.measure_parses", "measure_code=F188"),
    Case("measure_empty", set_measure("F189", ""), "measures.measure_parses", "measure_code=F189"),
    Case("formula_unknown_code", set_formula("F190", "F190 + NO_SUCH_MEASURE"),
         "required_measures.formula_measures_present", "measure_code=NO_SUCH_MEASURE"),
    Case("formula_semicolon", set_formula("F191", "F191; DROP TABLE marts.dim_entity"),
         "source_anomalies.formulas_usable", "character not allowed in a formula: ';'"),
    Case("formula_sql_keyword", set_formula("F192", "F192 UNION SELECT 1"),
         "source_anomalies.formulas_usable", "SQL keyword not allowed in a formula: 'UNION'"),
    Case("formula_division_by_zero", set_formula("F193", "F193 / (F193 - 4)"),
         "indicator_evaluation.scored_indicators_evaluated", "division by zero"),
    Case("latin1_extract",
         landing_file("excel.csv", extract("FE,2017,F206,38,N.,Attività camerale,2026-11-22 10:00:00")
                      .decode("utf-8").encode("cp1252")),
         "landing_files.landing_file_clean", "excel.csv: not UTF-8", is_file=True),
    Case("extra_column",
         landing_file("extra.csv", extract("FE,2017,F207,574,N.,x,2026-11-22 10:00:00,nota",
                                           header=EXTRACT_HEADER + ",note")),
         "landing_files.landing_file_clean", "extra.csv: extra column(s) ignored: note", is_file=True),
]  # fmt: skip


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def prepare(case_list: list[Case], root: Path, previous: Path) -> tuple[Scenario, list[Path]]:
    scenario = Scenario(root)
    scenario.published_path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(previous, scenario.published_path)
    files = [path for case in case_list if (path := case.mutation(scenario)) is not None]
    return scenario, files


def failure_messages(outcome) -> dict[str, str]:
    return {
        f"{failure.suite}.{failure.check}": failure.message
        for failure in outcome.validation.failures
    }


def assert_good_rows_still_compute(scenario: Scenario, at_least: int) -> None:
    [(evaluated,)] = scenario.query(
        "select count(*) from marts.fct_indicator_results where entity_code = 'FE' and period = '2017' and is_evaluated"
    )
    assert evaluated >= at_least


@pytest.mark.parametrize("case", ERROR_CASES, ids=[case.name for case in ERROR_CASES])
def test_error_blocks_publication(case: Case, tmp_path: Path, warehouse: Path) -> None:
    scenario, files = prepare([case], tmp_path / "project", warehouse)
    outcome = scenario.run_pipeline(files)
    assert outcome.verdict == "error"
    assert outcome.published
    if case.is_file:
        assert outcome.withheld == []  # the rejected file's rows never entered
    else:
        # Every case breaks Ferrara's data: Ferrara's figures stay as published before.
        assert {item.entity_code for item in outcome.withheld} == {"FE"}
        results = "select * from marts.fct_entity_results where entity_code = 'FE' order by all"
        assert fetch(scenario.published_path, results) == fetch(warehouse, results)
    messages = failure_messages(outcome)
    assert case.check in messages, sorted(messages)
    assert case.fragment in messages[case.check]
    assert messages[case.check].startswith(f"[error] {case.check}:")
    assert_good_rows_still_compute(scenario, 190)
    if case.is_file:
        [(status, message)] = scenario.query(
            "select status, message from audit.landing_files where file_name = ?", [files[0].name]
        )
        assert status == "rejected"
        assert case.fragment in message


@pytest.fixture(scope="module")
def warnings_outcome(tmp_path_factory, warehouse: Path):
    scenario, files = prepare(
        WARNING_CASES, tmp_path_factory.mktemp("warnings") / "project", warehouse
    )
    published_before = digest(scenario.published_path)
    return scenario, scenario.run_pipeline(files), published_before


def test_warnings_publish_with_the_flag(warnings_outcome) -> None:
    scenario, outcome, published_before = warnings_outcome
    assert outcome.verdict == "warning", [
        m for m in outcome.messages if not m.startswith("[warning]")
    ]
    assert outcome.published
    assert digest(scenario.published_path) != published_before
    # The published copy is the new build, with every landed good row in it.
    [(landed,)] = scenario.query("select count(*) from raw_landing.measure_values")
    assert landed == 2


@pytest.mark.parametrize("case", WARNING_CASES, ids=[case.name for case in WARNING_CASES])
def test_warning_names_the_problem(case: Case, warnings_outcome) -> None:
    scenario, outcome, _ = warnings_outcome
    messages = failure_messages(outcome)
    assert case.check in messages, sorted(messages)
    assert messages[case.check].startswith(f"[warning] {case.check}:")
    # The message shows the first failing keys; the stored sample holds more of them.
    failure = next(f for f in outcome.validation.failures if f"{f.suite}.{f.check}" == case.check)
    shown = messages[case.check] + " ".join(str(key) for key in failure.failing_keys)
    assert case.fragment in shown
    assert_good_rows_still_compute(scenario, 185)


def test_validation_results_are_stored(warnings_outcome) -> None:
    scenario, outcome, _ = warnings_outcome
    rows = scenario.query(
        "select suite, expectation, severity, success, unexpected_count, failing_keys_sample "
        "from audit.validation_results where run_id = ?",
        [outcome.run_id],
    )
    assert len(rows) == len(outcome.validation.outcomes) > 20
    failed = {
        (suite, expectation): sample
        for suite, expectation, _, success, _, sample in rows
        if not success
    }
    assert "F187" in failed[("measures", "measure_available")]
    assert outcome.validation.data_docs_index.is_file()
    assert "html" in outcome.validation.data_docs_index.read_text(encoding="utf-8")[:200].lower()
