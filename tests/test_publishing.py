"""Publication: versions made current by one atomic switch, scoped withholding of what an error
concerns (a bad Modena file never stops Ferrara), Parquet exports, pruning, the reports as text."""

import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import openpyxl
import polars
import pytest

from orchestration import paths
from orchestration.italian import round_half_up
from orchestration.paths import PROJECT_DIR, published_keep
from orchestration.period_control import set_requested_periods
from orchestration.publish import (
    CARRIED_PREFIX,
    CURRENT_LINK,
    MANIFEST,
    VERSIONS_DIR,
    PublicationBlocked,
    current_manifest,
    export_parquet,
    prune_versions,
    publish_run,
    render_reports,
    stage_version,
    switch_version,
)
from orchestration.quality import validate_warehouse
from tests.conftest import Scenario, copy_of, fetch

HEADER = "entity_code,period,measure_code,value_raw,unit_raw,source,extracted_at"

READER = textwrap.dedent(
    """
    import os, sys, time, duckdb
    path, stop = sys.argv[1], sys.argv[2]
    end = time.time() + 120
    while time.time() < end and not os.path.exists(stop):
        try:
            with duckdb.connect(path, read_only=True) as connection:
                state = connection.execute(
                    "select (select round(overall_pct, 6) from marts.fct_entity_results where entity_code = 'FE'),"
                    " (select count(*) from marts.fct_indicator_results)"
                ).fetchone()
            print(f"{state[0]}|{state[1]}", flush=True)
        except Exception as error:
            print(f"ERROR|{type(error).__name__}: {error}", flush=True)
        time.sleep(0.02)
    """
)


def state_of(path: Path) -> str:
    with duckdb.connect(str(path), read_only=True) as connection:
        overall, rows = connection.execute(
            "select (select round(overall_pct, 6) from marts.fct_entity_results where entity_code = 'FE'),"
            " (select count(*) from marts.fct_indicator_results)"
        ).fetchone()
    return f"{overall}|{rows}"


def publish_unchecked(build: Path, published: Path, run_id: str, reports: bool = False, **options):
    """The three publication steps on a build nothing withholds anything from."""
    staged = stage_version(build, published, run_id, [])
    if reports:
        render_reports(staged)
    return switch_version(staged, published, **options)


def overall_in_parquet(parquet_dir: Path, entity: str, period: str) -> float | None:
    with duckdb.connect() as connection:
        rows = connection.execute(
            "select overall_pct from read_parquet(?, hive_partitioning = true, hive_types_autocast = false) "
            "where entity_code = ? and period = ?",
            [f"{parquet_dir}/fct_entity_results/**/*.parquet", entity, period],
        ).fetchall()
    return rows[0][0] if rows else None


def overall_in_xlsx(path: Path) -> float | None:
    sheet = openpyxl.load_workbook(path)["Sintesi"]
    for label, value in sheet.iter_rows(min_col=1, max_col=2, values_only=True):
        if label == "Raggiungimento complessivo":
            return value
    return None


def test_readers_see_the_old_or_the_new_state_never_a_half(warehouse: Path, tmp_path: Path) -> None:
    before_build = copy_of(warehouse, tmp_path / "before")
    after_build = copy_of(warehouse, tmp_path / "after")
    with duckdb.connect(str(after_build)) as connection:
        connection.execute(
            "update marts.fct_entity_results set overall_pct = 50 where entity_code = 'FE'"
        )
        connection.execute("delete from marts.fct_indicator_results where node_code like '01.%'")
    published = tmp_path / "published" / "pira.duckdb"
    publish_unchecked(before_build, published, "run0")
    assert published.is_symlink() and published.resolve().parent.parent.name == VERSIONS_DIR
    before, after = state_of(published), state_of(after_build)
    assert before != after

    stop = tmp_path / "stop"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(published), str(stop)], stdout=subprocess.PIPE, text=True
    )
    time.sleep(1.5)
    for number, build in enumerate((after_build, before_build, after_build), start=1):
        publish_unchecked(build, published, f"run{number}")  # three switches while it reads
        time.sleep(0.8)
    stop.touch()
    output, _ = reader.communicate(timeout=30)
    observed = output.split()
    assert len(observed) > 20
    assert set(observed) <= {before, after}, sorted(set(observed) - {before, after})
    assert observed[0] == before and observed[-1] == after
    assert state_of(published) == after


def test_parquet_exports_every_mart_by_entity_and_period(warehouse: Path, tmp_path: Path) -> None:
    published = tmp_path / "published" / "pira.duckdb"
    publication = publish_unchecked(warehouse, published, "run1")
    export = published.parent / "parquet"
    assert export.is_symlink() and export.resolve() == publication.version / "parquet"
    with duckdb.connect(str(published), read_only=True) as connection:
        marts = [name for (name,) in connection.execute(
            "select table_name from information_schema.tables where table_schema = 'marts'"
        ).fetchall()]  # fmt: skip
        for mart in marts:
            location = export / mart
            pattern = f"{location}/**/*.parquet" if location.is_dir() else f"{location}.parquet"
            [(exported,)] = connection.execute(
                "select count(*) from read_parquet(?)", [pattern]
            ).fetchall()
            [(stored,)] = connection.execute(f"select count(*) from marts.{mart}").fetchall()
            assert exported == stored, mart
    assert (export / "fct_indicator_results" / "entity_code=FE" / "period=2017").is_dir()
    assert (export / "dim_entity" / "entity_code=MO").is_dir()
    assert sorted(publication.manifest["parquet"]) == sorted(path.name for path in export.iterdir())


def test_parquet_files_carry_every_mart_column_for_bi(warehouse: Path, tmp_path: Path) -> None:
    """Polars reads each export from the files alone (no folder names) and gets the mart, whole."""
    export = export_parquet(warehouse, tmp_path / "parquet")
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        marts = [name for (name,) in connection.execute(
            "select table_name from information_schema.tables where table_schema = 'marts'"
        ).fetchall()]  # fmt: skip
        for mart in marts:
            stored = connection.execute(f"select * from marts.{mart}")
            columns = [column[0] for column in stored.description]
            rows = stored.fetchall()
            location = export / mart
            files = f"{location}/**/*.parquet" if location.is_dir() else f"{location}.parquet"
            frame = polars.read_parquet(files, hive_partitioning=False)
            assert frame.columns == columns, mart
            assert Counter(frame.rows()) == Counter(rows), mart
    results = polars.read_parquet(
        export / "fct_entity_results" / "entity_code=FE" / "period=2017" / "*.parquet",
        hive_partitioning=False,
    )
    assert results.select(
        "entity_code", "period", "period_end_date", "overall_pct_reported", "overall_fraction"
    ).rows() == [("FE", "2017", date(2017, 12, 31), Decimal("96.23"), Decimal("0.9623"))]


def test_version_layout_links_and_pruning(warehouse: Path, tmp_path: Path) -> None:
    published = tmp_path / "published" / "pira.duckdb"
    reports_dir = tmp_path / "reports"
    root = published.parent
    versions = []
    for number in range(4):
        publication = publish_unchecked(
            warehouse,
            published,
            f"run{number}",
            reports=number == 0,
            reports_dir=reports_dir,
            keep=2,
        )
        versions.append(publication.version)
        if number == 1:  # a killed publication's unfinished folder, old enough to be stale
            stale = root / VERSIONS_DIR / "20000101T000000000000Z_killed"
            stale.mkdir()
            os.utime(stale, (0, 0))
            young = root / VERSIONS_DIR / "20000101T000000000000Z_running"
            young.mkdir()
    # The two newest complete versions stay, and the young unfinished one (it may be in progress).
    assert sorted(path.name for path in (root / VERSIONS_DIR).iterdir()) == sorted(
        [versions[2].name, versions[3].name, "20000101T000000000000Z_running"]
    )
    assert os.readlink(root / CURRENT_LINK) == f"{VERSIONS_DIR}/{versions[3].name}"
    assert os.readlink(published) == f"{CURRENT_LINK}/pira.duckdb"
    assert os.readlink(reports_dir) == os.path.relpath(root / CURRENT_LINK / "reports", tmp_path)
    manifest = current_manifest(published)
    assert manifest["run_id"] == "run3" and manifest["previous_version"] == versions[2].name
    assert manifest["withheld"] == [] and manifest["database"] == "pira.duckdb"
    assert json.loads((versions[3] / MANIFEST).read_text(encoding="utf-8")) == manifest
    # Never the current version, even when it is not among the newest.
    newer = root / VERSIONS_DIR / "29990101T000000000000Z_future"
    shutil.copytree(versions[2], newer)
    prune_versions(published, keep=1)
    assert sorted(path.name for path in (root / VERSIONS_DIR).iterdir()) == sorted(
        [versions[3].name, newer.name, "20000101T000000000000Z_running"]
    )


def test_the_unversioned_layout_is_migrated_in_place(warehouse: Path, tmp_path: Path) -> None:
    published = tmp_path / "published" / "pira.duckdb"
    published.parent.mkdir()
    shutil.copyfile(warehouse, published)  # what the earlier publication left: plain file, folders
    (published.parent / "parquet" / "dim_entity").mkdir(parents=True)
    reports_dir = tmp_path / "reports"
    reports_dir.mkdir()
    (reports_dir / "FE_2017.html").write_text("old", encoding="utf-8")
    build = copy_of(warehouse, tmp_path / "build")
    with duckdb.connect(str(build)) as connection:
        connection.execute(
            "update marts.fct_entity_results set overall_pct = 50, overall_pct_reported = 50"
        )
    publication = publish_unchecked(build, published, "run1", reports=True, reports_dir=reports_dir)
    assert publication.manifest["previous_version"] == "legacy"
    for link in (published, published.parent / "parquet", reports_dir):
        assert link.is_symlink(), link
    assert state_of(published).startswith("50.0|")
    assert overall_in_xlsx(reports_dir / "FE_2017.xlsx") == 50
    assert overall_in_parquet(published.parent / "parquet", "FE", "2017") == 50
    # A reports folder holding anything but reports is not touched: the run says what to do.
    other = tmp_path / "other-reports"
    other.mkdir()
    (other / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(RuntimeError, match="holds files that are not reports"):
        publish_unchecked(build, published, "run2", reports_dir=other)
    assert (other / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_configured_paths_keep_the_stable_links(
    warehouse: Path, tmp_path: Path, monkeypatch
) -> None:
    published = tmp_path / "published" / "pira.duckdb"
    publication = publish_unchecked(warehouse, published, "run1")
    monkeypatch.setenv("PIRA_PUBLISHED_PATH", str(published))
    # Resolving the link would pin the run to the version current when it started.
    assert paths.published_path() == published != published.resolve()
    with pytest.raises(ValueError, match="inside a published version"):
        stage_version(warehouse, publication.version / "pira.duckdb", "run2", [])


def test_published_keep_is_validated(monkeypatch) -> None:
    monkeypatch.setenv("PIRA_PUBLISHED_KEEP", "3")
    assert published_keep() == 3
    for bad in ("0", "-1", "two", "3; rm"):
        monkeypatch.setenv("PIRA_PUBLISHED_KEEP", bad)
        with pytest.raises(ValueError, match="PIRA_PUBLISHED_KEEP"):
            published_keep()


def validated_copy(warehouse: Path, root: Path, run_id: str, sql: list[str], suites: set[str]):
    """A copy of the built warehouse with check rows changed, validated by the real GX suites."""
    build = copy_of(warehouse, root / "build")
    with duckdb.connect(str(build)) as connection:
        for statement in sql:
            connection.execute(statement)
    return build, validate_warehouse(build, root / "gx", run_id, suite_names=suites)


def test_without_a_previous_version_a_withheld_scope_is_absent(
    warehouse: Path, tmp_path: Path
) -> None:
    # A cycle in Ferrara's tree: an error on a table without period withholds every FE period.
    build, validation = validated_copy(
        warehouse,
        tmp_path,
        "cycle1",
        ["update intermediate.int_checks__tree set is_acyclic = false where node_code = '02'"],
        {"tree", "measures"},
    )
    assert validation.verdict == "error" and validation.blocked_scopes == {("FE", None)}
    published = tmp_path / "published" / "pira.duckdb"
    publication = publish_run(build, published, "cycle1", tmp_path / "reports")
    [withheld] = publication.withheld
    assert (withheld.entity_code, withheld.period, withheld.suite, withheld.check) == (
        "FE", None, "tree", "tree_acyclic",
    )  # fmt: skip
    assert "node_code=02" in withheld.message
    for mart in ("dim_entity", "dim_objective", "fct_entity_results", "fct_indicator_results"):
        assert fetch(published, f"select count(*) from marts.{mart} where entity_code = 'FE'") == [
            (0,)
        ], mart
    assert fetch(published, "select count(*) from marts.dim_entity where entity_code = 'MO'") == [
        (1,)
    ]
    # The quality marts are the new run's, whole.
    assert fetch(published, "select count(*) from marts.fct_data_quality_issues") == fetch(
        build, "select count(*) from marts.fct_data_quality_issues"
    )
    assert fetch(
        published,
        "select entity_code, period, suite, expectation, kept_from_version from audit.publication_withheld",
    ) == [("FE", None, "tree", "tree_acyclic", None)]
    assert sorted(path.name for path in (tmp_path / "reports").iterdir()) == [
        "MO_plan.html",
        "MO_plan.xlsx",
    ]


def test_a_withheld_period_stays_withheld_until_a_run_computes_it(
    warehouse: Path, tmp_path: Path
) -> None:
    published = tmp_path / "published" / "pira.duckdb"
    publish_unchecked(warehouse, published, "good1")
    figure = (
        "select achievement_pct from marts.fct_indicator_results "
        "where entity_code = 'FE' and period = '2017' and indicator_code = 'F157'"
    )
    [(published_value,)] = fetch(published, figure)
    # Run 1 computes FE 2017; its check refuses an achievement above the cap: FE 2017 is withheld.
    build, validation = validated_copy(
        warehouse,
        tmp_path,
        "bad1",
        [
            (
                "update marts.fct_indicator_results set achievement_pct = 150 "
                "where entity_code = 'FE' and period = '2017' and indicator_code = 'F157'"
            )
        ],
        {"marts"},
    )
    assert validation.blocked_scopes == {("FE", "2017")}
    publish_run(build, published, "bad1")
    assert fetch(published, figure) == [(published_value,)]

    # Run 2 computes another period: its checks read that period only, yet the build still holds
    # the refused FE 2017 figure. FE 2017 stays withheld, said so.
    set_requested_periods(build, ["2022-Q1"])
    validation = validate_warehouse(build, tmp_path / "gx", "other1", suite_names={"marts"})
    assert validation.verdict == "ok"
    assert {outcome.element_count for outcome in validation.outcomes} == {0}
    publication = publish_run(build, published, "other1")
    assert [(item.entity_code, item.period, item.check) for item in publication.withheld] == [
        ("FE", "2017", "indicator_achievement_in_range")
    ]
    assert publication.withheld[0].message.startswith(CARRIED_PREFIX)
    assert fetch(published, figure) == [(published_value,)]
    assert fetch(
        published, "select entity_code, period, expectation from audit.publication_withheld"
    ) == [("FE", "2017", "indicator_achievement_in_range")]

    # Run 3 computes FE 2017 again, from fixed input: nothing withheld, the new figure published.
    with duckdb.connect(str(build)) as connection:
        connection.execute(
            "update marts.fct_indicator_results set achievement_pct = 100 "
            "where entity_code = 'FE' and period = '2017' and indicator_code = 'F157'"
        )
    set_requested_periods(build, ["2017"])
    validation = validate_warehouse(build, tmp_path / "gx", "fixed1", suite_names={"marts"})
    assert validation.verdict == "ok"
    assert publish_run(build, published, "fixed1").withheld == []
    assert fetch(published, figure) == [(100,)]


def test_an_error_without_scope_publishes_nothing(warehouse: Path, tmp_path: Path) -> None:
    published = tmp_path / "published" / "pira.duckdb"
    publish_unchecked(warehouse, published, "good1")
    before = current_manifest(published)
    # An empty measure extract fails a table-level check: nothing says which entity it concerns.
    # (int_checks__measures is a view of the measure rows: emptying those empties it.)
    # The same build appended a version 2 of FE 2017's history, which no reader will see.
    build, validation = validated_copy(
        warehouse,
        tmp_path,
        "empty1",
        [
            "delete from intermediate.int_measures__ranked",
            (
                "insert into marts.fct_published_results_history select * replace (2 as version) "
                "from marts.fct_published_results_history where entity_code = 'FE'"
            ),
        ],
        {"measures"},
    )
    history = "select * from marts.fct_published_results_history order by all"
    published_history = fetch(published, history)
    assert len(fetch(build, history)) > len(published_history) > 0
    assert validation.blocks_everything
    with pytest.raises(PublicationBlocked, match="extract_not_empty"):
        publish_run(build, published, "empty1")
    assert current_manifest(published) == before
    assert not list((published.parent / VERSIONS_DIR).glob("*_empty1"))
    # The build's history is the published one again: the next run compares with what readers saw.
    assert fetch(build, history) == published_history


def test_publication_refuses_an_unvalidated_run(warehouse: Path, tmp_path: Path) -> None:
    # A copy: a refused publication puts the build's history back to the published one (none here).
    build = copy_of(warehouse, tmp_path / "build")
    with pytest.raises(PublicationBlocked, match="no Great Expectations results"):
        publish_run(build, tmp_path / "published" / "pira.duckdb", "neverchecked")
    assert fetch(build, "select count(*) from marts.fct_published_results_history") == [(0,)]


def write_extract(folder: Path, name: str, *rows: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def rows_of(database: Path, table: str, entity: str, period: str) -> list[tuple]:
    return fetch(
        database,
        f"select * from {table} where entity_code = ? and period = ? order by all",
        [entity, period],
    )


def test_a_bad_modena_file_never_stops_ferrara(tmp_path: Path) -> None:
    scenario = Scenario(tmp_path / "project")
    landing = scenario.root / "landing"
    modena_q4 = landing / "MO_2022-Q4.csv"
    landing.mkdir(parents=True)
    shutil.copyfile(PROJECT_DIR / "data" / "synthetic" / "MO_2022-Q4.csv", modena_q4)
    first = scenario.run_pipeline([modena_q4])
    assert first.published and first.verdict != "error", first.messages
    published = scenario.published_path
    fe_before = rows_of(published, "marts.fct_entity_results", "FE", "2017")
    mo_before = {
        table: rows_of(published, table, "MO", "2022-Q4")
        for table in ("marts.fct_entity_results", "marts.fct_indicator_results",
                      "marts.fct_objective_results", "marts.fct_indicator_measure_values")
    }  # fmt: skip
    assert mo_before["marts.fct_entity_results"] and fe_before

    # Ferrara restates a measure of its closed 2017 (good: the Giunta authorised it); Modena's
    # correction holds a negative count (an error).
    scenario.replace_rows(
        "raw_restatements",
        [
            {
                "entity_code": "FE",
                "period": "2017",
                "reason": "[Esempio] Misura F213 rettificata",
                "decided_by": "Giunta camerale",
                "decided_on": "22/11/2026",
            }
        ],
    )
    ferrara = write_extract(
        landing,
        "FE_2017_rettifica.csv",
        "FE,2017,F213,6,N.,Controllo di gestione,2026-11-22 10:00:00",
    )
    modena_bad = write_extract(
        landing, "MO_2022-Q4_rettifica.csv", "MO,2022-Q4,601.551,-69,N.,Controllo di gestione,2023-02-01 09:00:00"
    )  # fmt: skip
    second = scenario.run_pipeline([modena_q4, ferrara, modena_bad])
    scenario_reports = second.version / "reports"
    assert second.verdict == "error" and second.published
    assert [(w.entity_code, w.period, w.suite, w.check) for w in second.withheld] == [
        ("MO", "2022-Q4", "measures", "count_not_negative")
    ]
    build = scenario.database_path
    # Ferrara's new figures are published ...
    fe_after = rows_of(published, "marts.fct_entity_results", "FE", "2017")
    assert fe_after == rows_of(build, "marts.fct_entity_results", "FE", "2017") != fe_before
    # ... Modena's quarter stays as previously published, though the build computed it anew.
    for table, rows in mo_before.items():
        assert rows_of(published, table, "MO", "2022-Q4") == rows, table
    assert (
        rows_of(build, "marts.fct_indicator_results", "MO", "2022-Q4")
        != (mo_before["marts.fct_indicator_results"])
    )
    assert fetch(
        published,
        "select count(*) from marts.fct_indicator_measure_values "
        "where measure_code = '601.551' and value_raw = '-69'",
    ) == [(0,)]
    # The quality marts show the new run's problems, the negative count among them.
    assert fetch(published, "select * from marts.fct_quarantined_rows order by all") == fetch(
        build, "select * from marts.fct_quarantined_rows order by all"
    )
    assert fetch(
        published, "select count(*) from marts.fct_quarantined_rows where raw_value = '-69'"
    ) == [(1,)]
    # What was withheld, and why, is in the copy and in the manifest.
    [(entity, period, check, message, kept_from)] = fetch(
        published,
        "select entity_code, period, suite || '.' || expectation, message, kept_from_version "
        "from audit.publication_withheld",
    )
    assert (entity, period, check) == ("MO", "2022-Q4", "measures.count_not_negative")
    assert "measure_code=601.551" in message and kept_from == first.version.name
    manifest = current_manifest(published)
    assert manifest["version"] == second.version.name
    assert [(w["entity_code"], w["period"]) for w in manifest["withheld"]] == [("MO", "2022-Q4")]
    # Parquet and reports agree with the copy: Ferrara new, Modena as before.
    overall = (
        "select overall_pct from marts.fct_entity_results where entity_code = ? and period = ?"
    )
    [(fe_overall,)] = fetch(published, overall, ["FE", "2017"])
    [(mo_overall,)] = fetch(published, overall, ["MO", "2022-Q4"])
    assert fe_overall != fetch(first.version / "pira.duckdb", overall, ["FE", "2017"])[0][0]
    parquet = published.parent / "parquet"
    assert overall_in_parquet(parquet, "FE", "2017") == fe_overall
    assert overall_in_parquet(parquet, "MO", "2022-Q4") == mo_overall
    # The workbook prints the figure as reported (two decimals, half-up).
    assert overall_in_xlsx(scenario_reports / "FE_2017.xlsx") == float(round_half_up(fe_overall, 2))
    assert overall_in_xlsx(scenario_reports / "MO_2022-Q4.xlsx") == float(
        round_half_up(mo_overall, 2)
    )


def test_xlsx_cells_hold_formula_text_as_text(warehouse: Path, tmp_path: Path) -> None:
    attack = '=HYPERLINK("http://x","click")'
    build = copy_of(warehouse, tmp_path / "build")
    with duckdb.connect(str(build)) as connection:
        # A measure value and a title that a spreadsheet would take for formulas or commands.
        connection.execute(
            "update marts.fct_indicator_measure_values "
            "set value_raw = ?, value_number = null, value_number_reported = null "
            "where entity_code = 'FE' and measure_code = 'F179'",
            [attack],
        )
        connection.execute(
            "update marts.dim_objective set title = ? where entity_code = 'FE' and node_code = '02'",
            ["@SUM(1+1)*cmd|' /C calc'!A0"],
        )
        connection.execute(
            "update marts.dim_objective set owner = ? where entity_code = 'FE' and node_code = '02'",
            ["-2+3"],
        )
    published = tmp_path / "published" / "pira.duckdb"
    publication = publish_unchecked(build, published, "xlsx1", reports=True)
    workbook = openpyxl.load_workbook(publication.version / "reports" / "FE_2017.xlsx")
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    attacked = [cell for cell in cells if cell.value == attack]
    assert attacked, "the measure value is in the workbook"
    assert all(cell.data_type == "s" and cell.quotePrefix for cell in attacked)
    for text in ("@SUM(1+1)*cmd|' /C calc'!A0", "-2+3"):
        found = [cell for cell in cells if cell.value == text]
        assert found and all(cell.data_type == "s" and cell.quotePrefix for cell in found), text
    # Ordinary text keeps its plain style.
    assert not workbook["Sintesi"]["A1"].quotePrefix
