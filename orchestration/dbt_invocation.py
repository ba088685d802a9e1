"""dbt, called in-process on this project (or a copy of it) against one DuckDB file.

In-process: no second Python start-up, partial parsing kept in the project's target/ from one run
to the next, and dbt dies with the run's process (kill -9 leaves nothing writing the warehouse).
Its per-node log goes to <project>/logs/dbt.log; the console gets what the caller makes of events.
"""

import hashlib
import json
import os
import queue
import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
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


# The events a caller is given: a node's result (dagster-dbt turns them into asset events), and
# the start of the run's nodes (for progress).
RESULT_EVENTS = {"LogSeedResult", "LogModelResult", "LogSnapshotResult", "LogTestResult"}
PROGRESS_EVENTS = {"NodeStart", "NodeFinished"}
_DONE = object()


def dbt_args(
    command: Sequence[str],
    dbt_vars: Mapping[str, object] | None,
    project_dir: Path,
    target_dir: Path | None,
) -> list[str]:
    args = [*command, "--project-dir", str(project_dir), "--profiles-dir", str(project_dir)]
    # Nothing on stdout but errors; the per-node log in the project's logs/ folder.
    args += ["--quiet", "--log-path", str(project_dir / "logs"), "--log-level-file", "info"]
    if target_dir is not None:
        args += ["--target-path", os.path.abspath(target_dir)]
    if dbt_vars:
        # Sorted keys: the same vars give the same text, which keeps partial parsing valid.
        args += ["--vars", json.dumps(dict(dbt_vars), sort_keys=True)]
    return args


def invoke(
    command: Sequence[str],
    database_path: Path,
    dbt_vars: Mapping[str, object] | None = None,
    project_dir: Path = PROJECT_DIR,
    target_dir: Path | None = None,
    callbacks: Sequence = (),
):
    database_path = Path(os.path.abspath(database_path))
    database_path.parent.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    external = os.environ.get("PIRA_EXTERNAL_RAW_DIR")
    if external and not os.path.isabs(external):
        os.environ["PIRA_EXTERNAL_RAW_DIR"] = os.path.abspath(external)
    # dbt's partial parsing is valid only for the same profile, path included: the profile gets the
    # file's bare name, dbt runs in its folder. Every warehouse (make run's, a test's copy) then
    # shares one profile, and a copy of the project reuses the project's parse (tests/conftest.py).
    os.environ[WAREHOUSE_ENV_VAR] = database_path.name
    previous = os.getcwd()
    os.chdir(database_path.parent)
    try:
        project_dir = Path(os.path.abspath(project_dir))
        manifest = parsed_manifest(command, dbt_vars, project_dir, target_dir)
        return dbtRunner(manifest=manifest, callbacks=list(callbacks)).invoke(
            dbt_args(command, dbt_vars, project_dir, target_dir)
        )
    finally:
        os.chdir(previous)
        os.environ[WAREHOUSE_ENV_VAR] = str(database_path)
        release_duckdb()


# Projects parsed in this process, by what the parse depends on (see parse_key): a run's second
# dbt step, and the next run on the same files, start without parsing again.
_PARSED: "OrderedDict[str, object]" = OrderedDict()
PARSED_KEEP = 2
PARSING_COMMANDS = {"build", "run", "seed", "test"}
PARSE_KEY_FILE = ".parse_key"  # in the target folder: what its manifest.json was parsed from


def parse_key(parse_args: Sequence[str], project_dir: Path) -> str:
    """The files (path, mtime, size) of the project, the flags and the environment dbt renders."""
    files = [project_dir / "dbt_project.yml", project_dir / "profiles.yml"]
    for folder in ("models", "seeds", "macros", "tests", "snapshots"):
        files += sorted(path for path in (project_dir / folder).rglob("*") if path.is_file())
    stats = [(str(path), path.stat().st_mtime_ns, path.stat().st_size) for path in files]
    # The project renders env_var('PIRA_...') only.
    environment = sorted((k, v) for k, v in os.environ.items() if k.startswith("PIRA_"))
    return hashlib.sha256(json.dumps([list(parse_args), environment, stats]).encode()).hexdigest()


def parsed_manifest(
    command: Sequence[str],
    dbt_vars: Mapping[str, object] | None,
    project_dir: Path,
    target_dir: Path | None,
):
    """The project's manifest, parsed once (dbt parse, partial parsing kept) for the commands that
    need one; None for the others or when the parse fails (dbt then reports the error itself)."""
    if not command or command[0] not in PARSING_COMMANDS:
        return None
    parse_args = dbt_args(["parse"], dbt_vars, project_dir, target_dir)
    key = parse_key(parse_args, project_dir)
    if key in _PARSED:
        _PARSED.move_to_end(key)
        return uncompiled(_PARSED[key])
    # manifest.json and semantic_manifest.json (about 0.7 s to write) are written again only when
    # what they were written from changed, or another command wrote them since.
    target = Path(target_dir) if target_dir is not None else project_dir / "target"
    written_from = target / PARSE_KEY_FILE
    artefacts = [target / "manifest.json", target / "semantic_manifest.json"]
    unchanged = (
        written_from.is_file()
        and written_from.read_text() == key
        and all(
            path.is_file() and path.stat().st_mtime_ns <= written_from.stat().st_mtime_ns
            for path in artefacts
        )
    )
    result = dbtRunner().invoke([*parse_args, "--no-write-json"] if unchanged else parse_args)
    if not result.success or result.result is None:
        return None
    if not unchanged:
        written_from.write_text(key)
    _PARSED[key] = result.result
    while len(_PARSED) > PARSED_KEEP:
        _PARSED.popitem(last=False)
    return result.result


def uncompiled(manifest):
    """The kept manifest with its nodes' compilation undone. dbt compiles nodes in place and marks
    the ephemeral models' CTEs as injected: reused as is, the next command recompiles a model's SQL
    but skips the injection, and the model reads a `__dbt__cte__...` that is not there."""
    for node in manifest.nodes.values():
        if getattr(node, "extra_ctes_injected", False):
            node.extra_ctes_injected = False
            node.extra_ctes = []
            node._pre_injected_sql = None
            node.compiled = False
    return manifest


def stream_dbt(
    command: Sequence[str],
    database_path: Path,
    dbt_vars: Mapping[str, object] | None = None,
    project_dir: Path = PROJECT_DIR,
    target_dir: Path | None = None,
    outcome: dict | None = None,
) -> Iterator[dict]:
    """Run a dbt command in this process and yield its events (dbt's structured-log dicts) as they come.

    Result and node-start/finish events only. When dbt is done, `outcome["result"]` holds its
    dbtRunnerResult. dbt runs in a thread of this process; the caller consumes in its own.
    """
    from dbt_common.events.functions import msg_to_dict

    events: queue.Queue = queue.Queue()

    def collect(message) -> None:
        name = message.info.name
        if name in RESULT_EVENTS or name in PROGRESS_EVENTS:
            events.put(msg_to_dict(message))

    def work() -> None:
        try:
            result = invoke(command, database_path, dbt_vars, project_dir, target_dir, [collect])
            if outcome is not None:
                outcome["result"] = result
        except BaseException as error:  # noqa: BLE001 (re-raised by the caller, not lost in the thread)
            if outcome is not None:
                outcome["error"] = error
        finally:
            events.put(_DONE)

    worker = threading.Thread(target=work, name="dbt", daemon=True)
    worker.start()
    while (event := events.get()) is not _DONE:
        yield event
    worker.join()


def run_dbt(
    command: Sequence[str],
    database_path: Path,
    dbt_vars: Mapping[str, object] | None = None,
    project_dir: Path = PROJECT_DIR,
    target_dir: Path | None = None,
) -> DbtOutcome:
    """Run one dbt command (e.g. ["build"]) and raise DbtInvocationError when it does not succeed."""
    result = invoke(command, database_path, dbt_vars, project_dir, target_dir)
    return check_result(command, database_path, result)


def check_result(command: Sequence[str], database_path: Path, result) -> DbtOutcome:
    """The node results of a dbt invocation; DbtInvocationError (or DbtTestFailures) when it failed."""
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

    One `dbt build`: seeds are configured to be recreated (full_refresh), so a changed layout loads.
    """
    command = ["build"] if unit_tests else ["build", "--exclude", "test_type:unit"]
    return run_dbt(command, database_path, dbt_vars, project_dir, target_dir)
