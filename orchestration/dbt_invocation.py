"""dbt, called in-process on this project (or a copy of it) against one DuckDB file."""

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from dbt.adapters.duckdb.connections import DuckDBConnectionManager
from dbt.cli.main import dbtRunner

from orchestration.paths import PROJECT_DIR, WAREHOUSE_ENV_VAR


class DbtInvocationError(RuntimeError):
    """A dbt command failed; the message lists the failing nodes and their errors."""


class DbtTestFailures(DbtInvocationError):
    """Every model was built but some data tests failed: the tables exist and can still be validated."""


@dataclass(frozen=True)
class DbtOutcome:
    command: Sequence[str]
    results: list


def run_dbt(
    command: Sequence[str],
    database_path: Path,
    dbt_vars: Mapping[str, object] | None = None,
    project_dir: Path = PROJECT_DIR,
    target_dir: Path | None = None,
) -> DbtOutcome:
    """Run one dbt command (e.g. ["build"]) and raise DbtInvocationError when it does not succeed."""
    os.environ[WAREHOUSE_ENV_VAR] = str(database_path)
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    args = [
        *command,
        "--project-dir",
        str(project_dir),
        "--profiles-dir",
        str(project_dir),
        "--quiet",
    ]
    if target_dir is not None:
        args += ["--target-path", str(target_dir)]
    if dbt_vars:
        args += ["--vars", json.dumps(dict(dbt_vars))]
    database_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        result = dbtRunner().invoke(args)
    finally:
        release_duckdb()
    node_results = (
        list(result.result)
        if result.result is not None and hasattr(result.result, "__iter__")
        else []
    )
    if not result.success:
        failures = [
            f"- {item.node.unique_id}: {item.status}: {(item.message or '').strip()}"
            for item in node_results
            if str(item.status) in {"error", "fail", "runtime error"}
        ]
        detail = "\n".join(failures) if failures else str(result.exception)
        message = f"dbt {' '.join(command)} failed on {database_path}:\n{detail}"
        only_tests_failed = failures and all(
            item.node.resource_type == "test"
            for item in node_results
            if str(item.status) in {"error", "fail", "runtime error"}
        )
        raise (DbtTestFailures if only_tests_failed else DbtInvocationError)(message)
    return DbtOutcome(command=command, results=node_results)


def release_duckdb() -> None:
    """Close the DuckDB file dbt-duckdb keeps open in this process, so that readers (read-only) can open it."""
    with DuckDBConnectionManager._LOCK:
        environment = DuckDBConnectionManager._ENV
        if environment is not None:
            environment.close()
            DuckDBConnectionManager._ENV = None


def build_warehouse(
    database_path: Path,
    dbt_vars: Mapping[str, object] | None = None,
    project_dir: Path = PROJECT_DIR,
    target_dir: Path | None = None,
    unit_tests: bool = True,
) -> DbtOutcome:
    """Seeds, then every model with its data tests (and the dbt unit tests of the rules, unless told not to).

    Seeds of an existing warehouse are recreated first, so that a changed seed layout loads.
    """
    excluded = [] if unit_tests else ["test_type:unit"]
    if database_path.exists():
        run_dbt(["seed", "--full-refresh"], database_path, dbt_vars, project_dir, target_dir)
        excluded.append("resource_type:seed")
    command = ["build", "--exclude", *excluded] if excluded else ["build"]
    return run_dbt(command, database_path, dbt_vars, project_dir, target_dir)
