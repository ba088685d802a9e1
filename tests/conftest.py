"""Shared fixtures: the warehouse built once per session by the real dbt project on DuckDB."""

import csv
import gc
import json
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest

from orchestration.dbt_invocation import build_warehouse, run_dbt
from orchestration.job import RunOutcome, run_job
from orchestration.paths import PROJECT_DIR, copy_project
from orchestration.resources import WarehouseResource

# Files written by a test are complete at once: no settle interval before landing takes them.
os.environ.setdefault("PIRA_LANDING_SETTLE_SECONDS", "0")
# No PDF of the reports in the tests' job runs (Chromium's time): tests/test_annex.py asks for them.
os.environ.setdefault("PIRA_REPORT_PDF", "0")

# A test worker keeps the objects of many runs (Dagster, dbt manifests, GX) alive, and Python's
# collector walked them again and again: measured, 17 s of a 170 s worker, 8 to 11 s with what
# survives frozen before each test (never walked again) and the young generations collected less often.
gc.set_threshold(20_000, 20, 20)


def pytest_runtest_setup(item: pytest.Item) -> None:
    gc.freeze()


REFERENCE_DIR = PROJECT_DIR / "reference"
SEEDS_DIR = PROJECT_DIR / "seeds" / "raw"


@pytest.fixture(scope="session")
def warehouse_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Directory of the embedded default data built with `dbt build` (seeds, models, data and unit tests)."""
    work_dir = tmp_path_factory.mktemp("warehouse")
    build_warehouse(work_dir / "pira.duckdb", target_dir=work_dir / "target")
    return work_dir


@pytest.fixture(scope="session")
def warehouse(warehouse_build: Path) -> Path:
    return warehouse_build / "pira.duckdb"


def copy_of(database_path: Path, folder: Path) -> Path:
    """A copy of a built warehouse as <folder>/pira.duckdb (the published name: its views resolve)."""
    folder.mkdir(parents=True)
    copy = folder / "pira.duckdb"
    shutil.copyfile(database_path, copy)
    return copy


def fetch(database_path: Path, sql: str, parameters: list | None = None) -> list[tuple]:
    with duckdb.connect(str(database_path), read_only=True) as connection:
        return connection.execute(sql, parameters or []).fetchall()


@pytest.fixture(scope="session")
def query(warehouse: Path) -> Callable[..., list[tuple]]:
    return lambda sql, parameters=None: fetch(warehouse, sql, parameters)


def read_seed(name: str, seeds_dir: Path = SEEDS_DIR) -> list[dict[str, str]]:
    with (seeds_dir / f"{name}.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def write_seed(name: str, rows: list[dict[str, str]], seeds_dir: Path) -> None:
    with (seeds_dir / f"{name}.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


class Scenario:
    """A copy of the dbt project whose seeds a test changes, built into its own DuckDB file."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.seeds_dir = root / "seeds" / "raw"
        # Same file name as the published copy: the views inside keep resolving in either.
        self.database_path = root / "build" / "pira.duckdb"
        copy_project(root)

    def rows(self, seed: str) -> list[dict[str, str]]:
        return read_seed(seed, self.seeds_dir)

    def replace_rows(self, seed: str, rows: list[dict[str, str]]) -> None:
        write_seed(seed, rows, self.seeds_dir)

    def edit(self, seed: str, match: dict[str, str], changes: dict[str, str]) -> None:
        """Change the fields of the rows matching every key of `match`; fail if none matches."""
        rows = self.rows(seed)
        hits = [row for row in rows if all(row[key] == value for key, value in match.items())]
        assert hits, f"no row of {seed} matches {match}"
        for row in hits:
            row.update(changes)
        self.replace_rows(seed, rows)

    def build(self, dbt_vars: dict | None = None) -> None:
        """Seeds and models only: the scenario's own data may break data tests on purpose."""
        for command in (["seed"], ["run"]):
            run_dbt(command, self.database_path, dbt_vars, self.root, self.root / "target")

    def query(self, sql: str, parameters: list | None = None) -> list[tuple]:
        return fetch(self.database_path, sql, parameters)

    @property
    def published_path(self) -> Path:
        return self.root / "published" / "pira.duckdb"

    def warehouse_resource(
        self, landing_files: list[Path] | None = None, dbt_vars: dict | None = None
    ) -> WarehouseResource:
        """The job's warehouse resource on this copy: its files, its dbt project, these extracts."""
        return WarehouseResource(
            build_path=str(self.database_path),
            published_path=str(self.published_path),
            landing_dir=str(self.root / "landing"),
            reports_dir=str(self.root / "reports"),
            project_dir=str(self.root),
            dbt_vars=json.dumps(dbt_vars or {}, sort_keys=True),
            landing_files=[str(path) for path in landing_files or []],
        )

    def run_pipeline(
        self,
        landing_files: list[Path] | None = None,
        dbt_vars: dict | None = None,
        periods: list[str] | None = None,
    ) -> RunOutcome:
        """The main Dagster job (land, build, check, publish) on this copy, as `make run` runs it.

        The files in force are `landing_files` (none: every landed file is withdrawn); `periods`
        None computes every period. The dbt unit tests check the rules' code, not the data: the
        session build runs them once (the job excludes them).
        """
        return run_job(self.warehouse_resource(landing_files, dbt_vars), periods=periods)


@pytest.fixture
def scenario(tmp_path: Path) -> Iterator[Scenario]:
    yield Scenario(tmp_path / "project")
