"""The check catalogue: each data rule declared once, and everything that names a rule takes it from there."""

import re
import shutil
from pathlib import Path

import duckdb
import pytest

from expectations.catalogue import CATALOGUE_PATH, LABEL_MAX_CHARS, load_catalogue, parse_catalogue
from expectations.suites import LAYOUTS, suites
from orchestration.paths import PROJECT_DIR
from orchestration.quality import KEPT_VALIDATION_RUNS, validate_warehouse


def test_every_gx_check_comes_from_the_catalogue() -> None:
    catalogue = load_catalogue()
    checks = [(suite, check) for suite in suites() for check in suite.checks]
    assert len(checks) == sum(1 for rule in catalogue.values() if rule.gx_kind)
    for suite, check in checks:
        rule = catalogue[f"{suite.name}.{check.name}"]
        assert (check.severity, check.description, check.label_it) == (
            rule.severity,
            rule.description_en,
            rule.label_it,
        )
        assert suite.relation == rule.model
        assert 0 < len(check.label_it) <= LABEL_MAX_CHARS
    assert [suite.name for suite in suites()] == list(LAYOUTS)
    # The achievement cap reaches the range checks.
    marts = next(suite for suite in suites(achievement_cap_pct=120) if suite.name == "marts")
    assert next(c for c in marts.checks if c.kind == "between").max_value == 120


def test_a_malformed_catalogue_names_file_row_and_field(tmp_path: Path) -> None:
    broken = tmp_path / "check_catalogue.csv"
    lines = CATALOGUE_PATH.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace(",error,", ",fatal,", 1)
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"check_catalogue.csv, row 4, field severity: 'fatal'"):
        parse_catalogue(broken)
    lines = CATALOGUE_PATH.read_text(encoding="utf-8").splitlines()
    broken.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    with pytest.raises(
        ValueError, match=rf"row {len(lines) + 1}, field rule_code: .* declared twice"
    ):
        parse_catalogue(broken)


def test_quality_issues_take_code_severity_and_label_from_the_catalogue(query) -> None:
    catalogue = load_catalogue()
    rows = query(
        "select reason_code, severity, label_it, count(*) from marts.fct_data_quality_issues group by all"
    )
    assert rows
    for code, severity, label, _ in rows:
        assert (severity, label) == (catalogue[code].severity, catalogue[code].label_it), code
    # The seed dbt loaded is the same file Python reads.
    [(loaded,)] = query("select count(*) from catalogue.check_catalogue")
    assert loaded == len(catalogue)


def test_generated_reasons_are_italian(query) -> None:
    reasons = dict(
        query(
            "select row_key, reason from marts.fct_data_quality_issues "
            "where entity_code = 'FE' and check_name in ('duplicated_code', 'unit_mismatch')"
        )
    )
    assert (
        reasons["2017 | 03.02.I1"]
        == "il codice '03.02.01' è stampato per 2 nodi diversi; questo è 03.02.I1"
    )
    assert (
        reasons["2017 | F140"] == "unità della misura N. diversa dall'unità % dell'indicatore F140"
    )


def test_gx_outcomes_carry_the_catalogue_label(warehouse: Path, tmp_path: Path) -> None:
    copy = tmp_path / "pira.duckdb"
    shutil.copy2(warehouse, copy)
    run = validate_warehouse(copy, tmp_path / "gx", suite_names={"source_anomalies"})
    catalogue = load_catalogue()
    by_check = {outcome.check: outcome for outcome in run.outcomes}
    assert set(by_check) == {"codes_printed_once", "formulas_usable"}
    # The embedded data print duplicated codes and formulas that cannot be used: both rules fail.
    for name, outcome in by_check.items():
        rule = catalogue[f"source_anomalies.{name}"]
        assert not outcome.success and outcome.severity == rule.severity
        assert rule.label_it in outcome.message
    assert by_check["formulas_usable"].unexpected_count == 36


def test_gx_keeps_the_latest_results_of_each_suite_on_disk(warehouse: Path, tmp_path: Path) -> None:
    """GX renders every stored result at each Data Docs build: the store must not grow run after run."""
    copy = tmp_path / "pira.duckdb"
    shutil.copy2(warehouse, copy)
    gx_root = tmp_path / "gx"
    runs = [
        validate_warehouse(copy, gx_root, suite_names={"source_anomalies"}).run_id
        for _ in range(KEPT_VALIDATION_RUNS + 2)
    ]
    stored = sorted(gx_root.glob("gx/uncommitted/validations/source_anomalies/*/*/*.json"))
    pages = sorted(
        gx_root.glob("gx/uncommitted/data_docs/local_site/validations/source_anomalies/*/*/*.html")
    )
    assert len(stored) == len(pages) == KEPT_VALIDATION_RUNS
    assert [p.parent.name for p in stored] == [p.parent.name for p in pages]
    # Every run's outcomes stay in the warehouse.
    with duckdb.connect(str(copy), read_only=True) as connection:
        recorded = connection.execute(
            "select distinct run_id from audit.validation_results where suite = 'source_anomalies'"
        ).fetchall()
    assert set(runs) <= {run_id for (run_id,) in recorded}


def test_every_rule_code_the_sql_writes_is_in_the_catalogue() -> None:
    catalogue = load_catalogue()
    prefixes = {code.split(".")[0] for code in catalogue}
    pattern = re.compile(r"'((" + "|".join(sorted(prefixes)) + r")\.[a-z0-9_]+)'")
    written = {
        match.group(1)
        for folder in ("models", "macros")
        for path in (PROJECT_DIR / folder).rglob("*.sql")
        for match in pattern.finditer(path.read_text())
    }
    # Relations named in SQL text (schema.table) are not rule codes.
    written -= {code for code in written if code.startswith(("marts.", "catalogue."))} - set(
        catalogue
    )
    assert written, "no rule code found in the SQL"
    assert written - set(catalogue) == set()
    # Every quarantine and issue rule the catalogue declares without a GX check is written somewhere.
    sql_only = {code for code, rule in catalogue.items() if not rule.gx_kind}
    assert sql_only <= written
