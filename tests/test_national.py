"""The synthetic national extracts (scripts/generate_national.py, size small) read as external files."""

import csv
import sys
from pathlib import Path

import pytest

from orchestration.dbt_invocation import run_dbt
from orchestration.paths import PROJECT_DIR
from tests.conftest import SEEDS_DIR, fetch

sys.path.insert(0, str(PROJECT_DIR / "scripts"))
import generate_national

RAW_TABLES = [
    "raw_entities",
    "raw_plan_nodes",
    "raw_indicators",
    "raw_indicator_assignments",
    "raw_targets",
    "raw_measure_values",
    "raw_baselines",
    "raw_budget",
    "raw_overrides",
    "raw_indicator_accumulation",
    "raw_commentary",
    "raw_approvals",
    "raw_period_closures",
    "raw_restatements",
    "raw_scoring_rules",
    "raw_node_budget_links",
]


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory, monkeypatch_module) -> dict:
    root = tmp_path_factory.mktemp("national")
    raw_dir = root / "raw"
    counts = generate_national.generate("small", raw_dir, ["parquet", "csv"])
    monkeypatch_module.setenv("PIRA_EXTERNAL_RAW_DIR", str(raw_dir))
    database = root / "pira.duckdb"
    run_dbt(
        ["build", "--exclude", "test_type:unit"],
        database,
        {"raw_source": "external"},
        target_dir=root / "target",
    )
    return {"raw_dir": raw_dir, "database": database, "counts": counts}


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def header(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8") as handle:
        return next(csv.reader(handle))


def test_generated_files_have_the_seed_columns(national: dict) -> None:
    for table in RAW_TABLES:
        assert header(national["raw_dir"] / f"{table}.csv") == header(SEEDS_DIR / f"{table}.csv")
        assert (national["raw_dir"] / f"{table}.parquet").exists()


def test_generator_is_deterministic(national: dict, tmp_path: Path) -> None:
    generate_national.generate("small", tmp_path, ["csv"])
    for table in RAW_TABLES:
        assert (tmp_path / f"{table}.csv").read_bytes() == (
            national["raw_dir"] / f"{table}.csv"
        ).read_bytes()


def test_marts_are_computed_from_the_external_files(national: dict) -> None:
    counts = national["counts"]
    rows = dict(
        fetch(
            national["database"],
            """
            select 'entities', count(*) from marts.dim_entity
            union all select 'indicators', count(*) from marts.dim_indicator
            union all select 'periods', count(*) from marts.fct_entity_results
            union all select 'results', count(*) from marts.fct_indicator_results
            union all select 'evaluated', count(*) from marts.fct_indicator_results where is_evaluated
            """,
        )
    )
    assert rows["entities"] == counts["raw_entities"] == 5
    assert rows["indicators"] == counts["raw_indicators"]
    # 5 chambers x 2 years x (Q1, Q2, Q3 year to date and the year).
    assert rows["periods"] == 5 * 2 * 4
    # One plan cycle (2022-2024) covers both years: every assignment once per period.
    assert rows["results"] == counts["raw_indicator_assignments"] * 8
    assert rows["evaluated"] > 0.8 * rows["results"]
    # Nothing read from the seeds: no Ferrara or Modena rows.
    assert fetch(
        national["database"],
        "select count(*) from marts.dim_entity where entity_code in ('FE', 'MO')",
    ) == [(0,)]


def test_bad_rows_are_quarantined_and_reconciled(national: dict) -> None:
    database = national["database"]
    reasons = fetch(
        database,
        """
        select reason from marts.fct_quarantined_rows where source_table = 'raw_measure_values'
        """,
    )
    reasons = [reason for (reason,) in reasons]
    assert 0 < len(reasons) < 0.05 * national["counts"]["raw_measure_values"]
    assert any(reason == "valore non disponibile (N/D)" for reason in reasons)
    assert any("non è un numero in formato italiano" in reason for reason in reasons)
    assert any(reason.startswith("duplicata nell'estrazione") for reason in reasons)
    files = fetch(
        database,
        "select distinct source_file from marts.fct_quarantined_rows where source_table = 'raw_measure_values'",
    )
    assert files == [(str(national["raw_dir"] / "raw_measure_values.parquet"),)]
    assert fetch(database, "select bool_and(is_balanced) from marts.fct_row_reconciliation") == [
        (True,)
    ]
    assert fetch(
        database,
        "select rows_in from marts.fct_row_reconciliation where source_table = 'raw_measure_values'",
    ) == [(national["counts"]["raw_measure_values"],)]


def test_a_term_with_conflicting_values_is_one_fact_row_without_value(national: dict) -> None:
    """Two different values of one measure in its latest extraction: both quarantined; each formula
    term reading it is one row of fct_indicator_measure_values, with no value, the first value's
    source (by value text, source, file and row) and the duplicate's reason."""
    database = national["database"]
    conflicting = fetch(
        database,
        """
        with conflicting as (
            select entity_code, period, measure_code, source,
                row_number() over (
                    partition by entity_code, period, measure_code
                    order by value_raw, source, source_file, source_row
                ) as value_order
            from intermediate.int_measures__current
            where is_conflicting_duplicate
        )
        select facts.entity_code, facts.period, facts.indicator_code, facts.term_role,
            facts.term_number, facts.value_raw, facts.value_number, facts.source,
            conflicting.source, facts.quarantine_reason
        from marts.fct_indicator_measure_values as facts
        inner join conflicting
            on facts.entity_code = conflicting.entity_code and facts.period = conflicting.period
                and facts.measure_code = conflicting.measure_code and conflicting.value_order = 1
        """,
    )
    assert conflicting
    terms = [row[:5] for row in conflicting]
    assert len(terms) == len(set(terms))
    for *_, value_raw, value_number, source, first_source, reason in conflicting:
        assert (value_raw, value_number) == (None, None)
        assert source == first_source
        assert reason.startswith("duplicata nell'estrazione")


def test_straight_line_reference_agrees_with_the_marts(national: dict) -> None:
    """bench/reference.py, written apart from the models, gives every indicator, objective and
    entity row of the marts (the benchmark's ratios are to it)."""
    sys.path.insert(0, str(PROJECT_DIR / "bench"))
    import reference

    connection = reference.compute(national["raw_dir"])
    counts = reference.compare(connection, national["database"])
    connection.close()
    assert counts == {"indicator": 270 * 8, "objective": 135 * 8, "entity": 5 * 8}
