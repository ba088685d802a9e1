"""The inputs that used to wedge the warehouse, through the real pipeline: each gets its verdict on
the run that sees it, and the next run without it (or with it corrected) publishes."""

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from orchestration import landing
from orchestration.paths import PROJECT_DIR
from tests.conftest import Scenario

HEADER = "entity_code,period,measure_code,value_raw,unit_raw,source,extracted_at"
Q4 = PROJECT_DIR / "data" / "synthetic" / "MO_2022-Q4.csv"
LATER = "2027-02-01 10:00:00"


def extract(*rows: str, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


@dataclass
class Runs:
    scenario: Scenario
    first: object
    second: object
    # The first run's quarantined measure rows by file (the second run replaces the tables).
    first_quarantine: dict[str, list[tuple]] = field(default_factory=dict)

    def failures(self, outcome) -> dict[str, str]:
        """suite.check -> message followed by every sampled failing key."""
        return {
            f"{f.suite}.{f.check}": f.message
            + " "
            + " ".join(" | ".join(f"{k}={v}" for k, v in key.items()) for key in f.failing_keys)
            for f in outcome.validation.failures
        }

    def quarantined(self, source_file: str) -> list[tuple]:
        return self.scenario.query(
            "select source_row, field, raw_value, reason from marts.fct_quarantined_rows "
            "where source_file = ? order by source_row",
            [source_file],
        )

    def indicator(self, code: str, period: str = "2017") -> tuple:
        [row] = self.scenario.query(
            "select actual_value, not_evaluated_reason from marts.fct_indicator_results "
            "where indicator_code = ? and period = ?",
            [code, period],
        )
        return row


def two_runs(root: Path, first: dict[str, str | bytes], second: dict[str, str | bytes],
             with_q4: bool = True, before_second=None) -> Runs:  # fmt: skip
    scenario = Scenario(root)
    folder = scenario.root / "landing"
    folder.mkdir()

    def place(contents: dict[str, str | bytes]) -> list[Path]:
        for entry in folder.iterdir():
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
        paths = []
        for name, content in contents.items():
            path = folder / name
            if content is None:
                path.mkdir()
            elif isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
            paths.append(path)
        if with_q4:
            paths.append(Q4)
        return paths

    first_outcome = scenario.run_pipeline(place(first))
    quarantine: dict[str, list[tuple]] = {}
    for source_file, *row in scenario.query(
        "select source_file, source_row, field, raw_value, reason from marts.fct_quarantined_rows "
        "where source_table = 'raw_measure_values' order by all"
    ):
        quarantine.setdefault(source_file, []).append(tuple(row))
    if before_second:
        before_second(scenario)
    second_outcome = scenario.run_pipeline(place(second))
    return Runs(scenario, first_outcome, second_outcome, quarantine)


def assert_publishes(runs: Runs) -> None:
    outcome = runs.second
    assert outcome.verdict != "error", outcome.messages
    assert outcome.published
    periods = runs.scenario.query(
        "select entity_code, period from marts.fct_entity_results order by all"
    )
    assert ("FE", "2017") in periods and ("MO", "2022-Q4") in periods


WARNING_FILES = {
    "empty_extracted_at.csv": extract("FE,2017,F180,19,N.,x,"),
    "infinite.csv": extract(f"FE,2017,F181,1e999,N.,x,{LATER}"),
    "unknown_entity.csv": extract("ZZ,2022-Q4,D1.1_10,5,N.,x,2023-01-10 09:00:00"),
    "sql_entity.csv": extract("MO'); drop table marts.dim_entity; --,2022-Q4,D1.1_10,5,N.,x,2023-01-10 09:00:00"),
    "unknown_measure.csv": extract("MO,2022-Q4,NOPE.1,5,N.,x,2023-01-10 09:00:00"),
    "outside_cycle.csv": extract("MO,2017,D1.1_10,5,N.,x,2018-01-10 09:00:00"),
    "bad_period.csv": extract("FE,2017-Q5,F182,5,N.,x,2018-01-10 09:00:00"),
    "MO_2022-Q4 (1).csv": Q4.read_bytes(),
    "half_written.csv": "\n".join(Q4.read_text(encoding="utf-8").splitlines()[:10]) + "\nMO,2022-Q4,D1.",
    "folder.csv": None,
}  # fmt: skip


@pytest.fixture(scope="module")
def warnings_runs(tmp_path_factory) -> Runs:
    complete = WARNING_FILES["half_written.csv"].rsplit("\n", 1)[0] + "\n"
    return two_runs(
        tmp_path_factory.mktemp("wedge_warnings") / "project",
        WARNING_FILES,
        {"half_written.csv": complete},
    )


@pytest.mark.parametrize(
    ("file_name", "check", "fragment", "reason"),
    [
        ("empty_extracted_at.csv", "measures.measure_row_placed", "source_file=empty_extracted_at.csv",
         "extracted_at is empty: the row cannot be placed among extractions"),
        ("infinite.csv", "measures.measure_parses", "source_file=infinite.csv",
         "value '1e999' is not a finite number below 1e15 in magnitude"),
        ("unknown_entity.csv", "measures.measure_row_placed", "entity_code=ZZ",
         "entity 'ZZ' is not a known entity (raw_entities)"),
        ("sql_entity.csv", "measures.measure_row_placed", "source_file=sql_entity.csv",
         "entity 'MO'); drop table marts.dim_entity; --' is not a known entity (raw_entities)"),
        ("unknown_measure.csv", "measures.measure_code_used", "measure_code=NOPE.1",
         "measure code 'NOPE.1' is not used by any accepted formula of MO"),
        ("outside_cycle.csv", "measures.measure_row_placed", "source_file=outside_cycle.csv",
         "period 2017 is outside every plan cycle of MO"),
        ("bad_period.csv", "measures.measure_row_placed", "source_file=bad_period.csv",
         "period '2017-Q5' is neither yyyy nor yyyy-Qn"),
        ("half_written.csv", "measures.measure_row_placed", "source_file=half_written.csv",
         "line not readable as a row: fewer fields than the header (3 of 7)"),
    ],
)  # fmt: skip
def test_warning_wedges_get_their_verdict(warnings_runs: Runs, file_name, check, fragment, reason):
    failures = warnings_runs.failures(warnings_runs.first)
    assert check in failures, sorted(failures)
    assert failures[check].startswith(f"[warning] {check}:")
    assert fragment in failures[check]
    quarantined = warnings_runs.first_quarantine[file_name]
    assert any(reason in row[3] for row in quarantined), quarantined


def test_landing_wedges_get_their_verdict(warnings_runs: Runs) -> None:
    verdicts = {v.file_name: v for v in warnings_runs.first.files}
    assert verdicts["folder.csv"].status == "ignored"
    assert verdicts["MO_2022-Q4 (1).csv"].status == "duplicate"
    assert verdicts["half_written.csv"].status == "loaded_with_warnings"
    failures = warnings_runs.failures(warnings_runs.first)
    clean = failures["landing_files.landing_file_clean"]
    assert clean.startswith("[warning] landing_files.landing_file_clean:")
    assert "file_name=MO_2022-Q4 (1).csv" in clean
    assert "same content as MO_2022-Q4.csv" in clean
    assert "file_name=half_written.csv" in clean
    assert warnings_runs.first.verdict == "warning"
    assert warnings_runs.first.published


def test_the_next_run_publishes_after_warnings(warnings_runs: Runs) -> None:
    assert_publishes(warnings_runs)
    verdicts = {v.file_name: v.status for v in warnings_runs.second.files}
    assert verdicts["half_written.csv"] == "loaded"
    assert warnings_runs.scenario.query("select count(*) from marts.dim_entity") == [(2,)]
    files = warnings_runs.scenario.query(
        "select distinct source_file from marts.fct_quarantined_rows where source_table = 'raw_measure_values'"
    )
    assert set(files) <= {("MO_2022-Q4.csv",)}
    [(balanced,)] = warnings_runs.scenario.query(
        "select bool_and(is_balanced) from marts.fct_row_reconciliation"
    )
    assert balanced


def test_conflicting_values_block_then_publish(tmp_path: Path) -> None:
    runs = two_runs(
        tmp_path / "project",
        {"twice.csv": extract(f"FE,2017,F179,3,N.,x,{LATER}", f"FE,2017,F179,5,N.,x,{LATER}")},
        {},
    )
    assert runs.first.verdict == "error"
    failures = runs.failures(runs.first)
    assert failures["measures.measure_unique"].startswith("[error] measures.measure_unique:")
    assert "measure_code=F179" in failures["measures.measure_unique"]
    assert_publishes(runs)


def test_negative_weight_blocks_then_publishes(tmp_path: Path) -> None:
    def restore(scenario: Scenario) -> None:
        scenario.edit(
            "raw_indicator_assignments",
            {"node_code": "02.O1.I1", "indicator_code": "F179"},
            {"weight_raw": "34"},
        )
        scenario.edit(
            "raw_indicator_assignments",
            {"node_code": "02.O1.I1", "indicator_code": "F180"},
            {"weight_raw": "33"},
        )

    root = tmp_path / "project"
    scenario = Scenario(root)
    scenario.edit(
        "raw_indicator_assignments",
        {"node_code": "02.O1.I1", "indicator_code": "F179"},
        {"weight_raw": "-10"},
    )
    scenario.edit(
        "raw_indicator_assignments",
        {"node_code": "02.O1.I1", "indicator_code": "F180"},
        {"weight_raw": "77"},
    )
    first = scenario.run_pipeline([Q4])
    assert first.verdict == "error"
    failures = {f"{f.suite}.{f.check}": f.message for f in first.validation.failures}
    message = failures["weight_values.weight_not_negative"]
    assert message.startswith("[error] weight_values.weight_not_negative:")
    assert (
        "entity_code=FE | cycle=2017 | node_code=02.O1.I1 | indicator_code=F179 | weight_raw=-10"
        in message
    )
    assert "weights.weights_sum_to_100" not in failures
    restore(scenario)
    second = scenario.run_pipeline([Q4])
    assert second.verdict != "error", second.messages
    assert second.published  # fmt: skip


def test_a_file_still_being_written_waits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scenario = Scenario(tmp_path / "project")
    folder = scenario.root / "landing"
    folder.mkdir()
    partial = folder / "MO_2022-Q4.csv"
    partial.write_text("\n".join(Q4.read_text(encoding="utf-8").splitlines()[:7]) + "\n")
    monkeypatch.setenv(landing.SETTLE_ENV_VAR, "3600")
    first = scenario.run_pipeline([partial])
    assert [(v.status, v.row_count) for v in first.files] == [("pending", 0)]
    assert first.verdict != "error" and first.published
    assert scenario.query("select count(*) from raw_landing.measure_values") == [(0,)]
    partial.write_bytes(Q4.read_bytes())
    (folder / "MO_2022-Q4.csv.done").touch()
    second = scenario.run_pipeline([partial])
    assert [v.status for v in second.files] == ["loaded"]
    assert second.published
    assert ("MO", "2022-Q4") in scenario.query(
        "select entity_code, period from marts.fct_entity_results"
    )


def test_accepted_forms_are_used(tmp_path: Path) -> None:
    import openpyxl

    scenario = Scenario(tmp_path / "project")
    folder = scenario.root / "landing"
    folder.mkdir()
    (folder / "excel_date.csv").write_text(extract("FE,2017,F180,17,N.,x,01/02/2027 10:00"))
    (folder / "identical.csv").write_text(
        extract(f"FE,2017,F181,4,N.,x,{LATER}", f"FE,2017,F181,4,N.,x,{LATER}")
    )
    (folder / "semicolon.csv").write_text(
        extract(f"FE;2017;F185;4,5;N.;x;{LATER}", header=HEADER.replace(",", ";"))
    )
    workbook = openpyxl.Workbook()
    workbook.active.append(HEADER.split(","))
    workbook.active.append(["FE", "2017", "F186", 12.5, "N.", "x", LATER])
    workbook.save(folder / "excel.xlsx")
    outcome = scenario.run_pipeline(sorted(folder.iterdir()))
    assert outcome.verdict != "error", outcome.messages
    failures = {f"{f.suite}.{f.check}" for f in outcome.validation.failures}
    assert "measures.measure_unique" not in failures
    values = dict(
        scenario.query(
            "select indicator_code, actual_value from marts.fct_indicator_results "
            "where indicator_code in ('F180', 'F181', 'F185', 'F186')"
        )
    )
    assert values == {"F180": 17.0, "F181": 4.0, "F185": 4.5, "F186": 12.5}
    assert scenario.query(
        "select source_file, source_row, superseded_reason from intermediate.int_measures__superseded "
        "where source_file = 'identical.csv'"
    ) == [
        (
            "identical.csv",
            2,
            "identical to identical.csv row 1 (same value, same extraction): counted once",
        )
    ]
