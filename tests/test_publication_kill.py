"""kill -9 of a publication at every stage: a reader sees the old version whole or the new one whole
(DuckDB copy, Parquet export and reports agreeing), and the next publication makes the new one
current whole. The publication runs in a subprocess stopped at a stage by the PIRA_PAUSE_AT hook
and killed there by PID."""

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import openpyxl
import pytest

from orchestration.paths import PROJECT_DIR
from orchestration.publish import (
    MANIFEST,
    VERSIONS_DIR,
    current_manifest,
    render_reports,
    stage_version,
    switch_version,
)
from tests.conftest import copy_of

WORKER = textwrap.dedent(
    """
    import sys
    from pathlib import Path

    sys.path.insert(0, sys.argv[1])
    from orchestration.publish import render_reports, stage_version, switch_version

    build, published, run_id, reports_dir = Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4], Path(sys.argv[5])
    staged = stage_version(build, published, run_id, [])
    render_reports(staged)
    switch_version(staged, published, reports_dir)
    """
)
NEW_FE = 50.0  # Ferrara's overall figure in the new build (the old one is the built figure)
WAIT_SECONDS = 90


@pytest.fixture(scope="module")
def builds(warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, float]:
    root = tmp_path_factory.mktemp("kill")
    old, new = copy_of(warehouse, root / "old"), copy_of(warehouse, root / "new")
    with duckdb.connect(str(new)) as connection:
        connection.execute(
            "update marts.fct_entity_results set overall_pct = ?, overall_pct_reported = ? "
            "where entity_code = 'FE'",
            [NEW_FE, NEW_FE],
        )
    with duckdb.connect(str(old), read_only=True) as connection:
        [(old_fe,)] = connection.execute(
            "select overall_pct_reported from marts.fct_entity_results where entity_code = 'FE'"
        ).fetchall()
    assert old_fe != NEW_FE
    return old, new, float(old_fe)


def publish(build: Path, published: Path, run_id: str, reports_dir: Path) -> None:
    staged = stage_version(build, published, run_id, [])
    render_reports(staged)
    switch_version(staged, published, reports_dir)


def reader_view(published: Path, reports_dir: Path) -> dict:
    """What a reader finds through the stable paths: copy, Parquet, reports, manifest."""
    with duckdb.connect(str(published), read_only=True) as connection:
        [(in_db,)] = connection.execute(
            "select overall_pct_reported from marts.fct_entity_results "
            "where entity_code = 'FE' and period = '2017'"
        ).fetchall()
    with duckdb.connect() as connection:
        [(in_parquet,)] = connection.execute(
            "select overall_pct_reported "
            "from read_parquet(?, hive_partitioning = true, hive_types_autocast = false) "
            "where entity_code = 'FE' and period = '2017'",
            [f"{published.parent / 'parquet'}/fct_entity_results/**/*.parquet"],
        ).fetchall()
    summary = openpyxl.load_workbook(reports_dir / "FE_2017.xlsx")["Sintesi"]
    [in_xlsx] = [
        value
        for label, value in summary.iter_rows(min_col=1, max_col=2, values_only=True)
        if label == "Raggiungimento complessivo"
    ]
    manifest = current_manifest(published)
    return {
        # The figure as reported (two decimals): the one the workbook prints.
        "db": float(in_db),
        "parquet": float(in_parquet),
        "xlsx": in_xlsx,
        "run_id": manifest["run_id"],
        "reports": sorted(path.name for path in reports_dir.iterdir()) == manifest["reports"],
    }


def whole(overall: float, run_id: str) -> dict:
    return {"db": overall, "parquet": overall, "xlsx": overall, "run_id": run_id, "reports": True}


def kill_at(stage: str, build: Path, published: Path, reports_dir: Path, tmp_path: Path) -> None:
    """Start a publication of `build`, wait until it reaches `stage`, kill -9 it by PID."""
    worker = tmp_path / "worker.py"
    worker.write_text(WORKER, encoding="utf-8")
    marker = tmp_path / f"paused-{stage}"
    environment = os.environ | {
        "PIRA_PAUSE_AT": stage,
        "PIRA_PAUSE_MARKER": str(marker),
        "PIRA_PAUSE_SECONDS": "120",
    }
    arguments = [str(PROJECT_DIR), str(build), str(published), "new1", str(reports_dir)]
    process = subprocess.Popen(
        [sys.executable, str(worker), *arguments], env=environment, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while not marker.exists():
            assert process.poll() is None, process.stderr.read().decode()
            assert time.monotonic() < deadline, f"the publication did not reach {stage}"
            time.sleep(0.05)
        assert marker.read_text(encoding="utf-8").split() == [str(process.pid), stage]
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    assert process.returncode == -signal.SIGKILL


@pytest.mark.parametrize(
    ("stage", "survivor"),
    [("parquet", "old"), ("reports", "old"), ("switch", "old"), ("switched", "new")],
)
def test_kill_leaves_the_old_or_the_new_version_whole(
    stage: str, survivor: str, builds, tmp_path: Path
) -> None:
    old, new, old_fe = builds
    published = tmp_path / "published" / "pira.duckdb"
    reports_dir = tmp_path / "reports"
    publish(old, published, "old1", reports_dir)
    assert reader_view(published, reports_dir) == whole(old_fe, "old1")

    kill_at(stage, new, published, reports_dir, tmp_path)
    expected = whole(old_fe, "old1") if survivor == "old" else whole(NEW_FE, "new1")
    assert reader_view(published, reports_dir) == expected
    [killed] = (published.parent / VERSIONS_DIR).glob("*_new1")
    if stage == "parquet":  # killed mid-export: one mart written, no manifest
        assert len(list((killed / "parquet").iterdir())) == 1
        assert not (killed / MANIFEST).exists()
    if stage == "reports":  # killed mid-reports: Ferrara's page written, no workbook, no PDF yet
        assert sorted(path.name for path in (killed / "reports").iterdir()) == ["FE_2017.html"]
        assert not (killed / MANIFEST).exists()

    # The next publication makes the new version current, whole.
    publish(new, published, "new2", reports_dir)
    assert reader_view(published, reports_dir) == whole(NEW_FE, "new2")


def test_the_pause_hook_does_nothing_when_unset(builds, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("PIRA_PAUSE_AT", raising=False)
    old, _, old_fe = builds
    published, reports_dir = tmp_path / "published" / "pira.duckdb", tmp_path / "reports"
    started = time.monotonic()
    publish(old, published, "plain1", reports_dir)
    assert time.monotonic() - started < 60
    assert reader_view(published, reports_dir) == whole(old_fe, "plain1")
