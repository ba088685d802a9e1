"""Runs launched as in production: Dagster's webserver and daemon as separate processes, and kill -9.

- The webserver and the daemon (started as `make ui` would, with the project's dagster.yaml) run a
  partition of pira_main_job launched through the GraphQL API, through the run queue, in a run
  worker process of their own; then a schedule tick evaluated through the webserver is launched the
  same way. The published copy holds the real figures.
- kill -9 of `make run`'s process while dbt runs leaves no dbt behind, and the next start marks the
  killed run failed.

Every process is started on 127.0.0.1 in its own session, killed at the end; every wait is bounded.
"""

import itertools
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg
import duckdb
import pytest

from orchestration.dbt_resources import manifest_path
from orchestration.paths import PROJECT_DIR
from orchestration.schedules import MAIN_JOB_NAME
from orchestration.stale_runs import is_gone, process_tags

BIN = Path(sys.executable).parent
COPIED = ["orchestration", "expectations", "models", "macros", "seeds", "data",
          "dbt_project.yml", "profiles.yml"]  # fmt: skip
ROME = ZoneInfo("Europe/Rome")
RUN_TIMEOUT_S = 360
START_TIMEOUT_S = 240
FINISHED = {"SUCCESS", "FAILURE", "CANCELED"}
INJECTED_KEY = "2022-Q4')); create table main.pwned_by_partition_key as select 42 as x; select (('1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(command: list[str], cwd: Path, env: dict[str, str], log: Path) -> subprocess.Popen:
    """A process in its own session (process group), output to a log file.

    SIGINT and SIGTERM are at their default in the child (an ignored signal would be inherited):
    `stop` can always end it.
    """
    inherited = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    ignored = [sig for sig, handler in inherited.items() if handler == signal.SIG_IGN]
    for sig in ignored:
        signal.signal(sig, signal.SIG_DFL)
    try:
        with log.open("wb") as handle:
            return subprocess.Popen(
                command, cwd=cwd, env=env, stdout=handle, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True,
            )  # fmt: skip
    finally:
        for sig in ignored:
            signal.signal(sig, signal.SIG_IGN)


def stop(process: subprocess.Popen) -> None:
    """SIGTERM to the process group (code servers and run workers included), then SIGKILL."""
    for sig, grace in ((signal.SIGTERM, 20), (signal.SIGKILL, 10)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=grace)
            if sig == signal.SIGTERM:
                os.killpg(process.pid, signal.SIGKILL)  # stragglers of the group
            return
        except subprocess.TimeoutExpired:
            continue
        except ProcessLookupError:
            return


def project_environment(root: Path, home: Path) -> dict[str, str]:
    """Temporary warehouse, published copy, landing, reports and Dagster home for `root`."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PIRA_", "DAGSTER_", "DBT_"))
    }
    env.update(
        DAGSTER_HOME=str(home),
        PIRA_DUCKDB_PATH=str(root / "warehouse" / "pira.duckdb"),
        PIRA_PUBLISHED_PATH=str(root / "warehouse" / "published" / "pira.duckdb"),
        PIRA_LANDING_DIR=str(root / "landing"),
        PIRA_REPORTS_DIR=str(root / "reports"),
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
        PYTHONUNBUFFERED="1",
    )
    return env


@contextmanager
def instance_at(home: Path) -> Iterator[dg.DagsterInstance]:
    """The instance of `home` as its processes open it: the project's event log storage finds its
    files through DAGSTER_HOME (orchestration/dagster.yaml), not through the folder it is read from."""
    previous = os.environ.get("DAGSTER_HOME")
    os.environ["DAGSTER_HOME"] = str(home)
    try:
        with dg.DagsterInstance.get() as instance:
            yield instance
    finally:
        if previous is None:
            os.environ.pop("DAGSTER_HOME", None)
        else:
            os.environ["DAGSTER_HOME"] = previous


def dagster_home(path: Path) -> Path:
    path.mkdir(parents=True)
    shutil.copy2(PROJECT_DIR / "orchestration" / "dagster.yaml", path / "dagster.yaml")
    # The storages are created here, once: the webserver and the daemon starting together would both
    # create them (two alembic heads on a loaded machine).
    with instance_at(path) as instance:
        instance.get_runs(limit=1)
        instance.get_asset_keys()
        instance.all_instigator_state()
    return path


def tail(log: Path, size: int = 4000) -> str:
    return log.read_text(errors="replace")[-size:] if log.exists() else ""


class GraphQL:
    def __init__(self, port: int, logs: list[Path]) -> None:
        self.url = f"http://127.0.0.1:{port}/graphql"
        self.logs = logs

    def __call__(self, query: str, **variables) -> dict:
        request = urllib.request.Request(
            self.url,
            data=json.dumps({"query": query, "variables": variables}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            answer = json.load(response)
        assert not answer.get("errors"), answer["errors"]
        return answer["data"]

    def diagnostics(self) -> str:
        return "\n".join(f"--- {log.name}\n{tail(log)}" for log in self.logs)


WORKSPACE = """
{ workspaceOrError { __typename ... on Workspace { locationEntries {
    name loadStatus
    locationOrLoadError { __typename ... on RepositoryLocation { repositories { name } }
                          ... on PythonError { message } } } } } }
"""
ADD_PARTITION = """
mutation($repo: RepositorySelector!, $key: String!) {
  addDynamicPartition(repositorySelector: $repo, partitionsDefName: "period", partitionKey: $key) {
    __typename ... on AddDynamicPartitionSuccess { partitionKey } ... on Error { message } } }
"""
LAUNCH_RUN = """
mutation($params: ExecutionParams!) {
  launchRun(executionParams: $params) {
    __typename ... on LaunchRunSuccess { run { runId status } } ... on Error { message } } }
"""
RUN_STATUS = """
query($id: ID!) { runOrError(runId: $id) {
    __typename ... on Run { status tags { key value } } ... on Error { message } } }
"""
ASSET_CHECKS = """
query($key: AssetKeyInput!) { assetNodeOrError(assetKey: $key) { __typename ... on AssetNode {
    assetChecksOrError { __typename ... on AssetChecks { checks { name description
        executionForLatestMaterialization { runId status evaluation { success severity
            metadataEntries { label ... on TextMetadataEntry { text } ... on MarkdownMetadataEntry { mdStr } } } } } } } } } }
"""
SCHEDULE_DRY_RUN = """
mutation($selector: ScheduleSelector!, $timestamp: Float) {
  scheduleDryRun(selectorData: $selector, timestamp: $timestamp) {
    __typename
    ... on DryRunInstigationTick { evaluationResult {
        runRequests { runKey jobName tags { key value } } skipReason error { message } } }
    ... on Error { message } } }
"""


def wait_for_location(graphql: GraphQL, server: subprocess.Popen) -> tuple[str, str]:
    """(location, repository) once the code location is loaded; bounded."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        assert server.poll() is None, "webserver exited:\n" + graphql.diagnostics()
        try:
            workspace = graphql(WORKSPACE)["workspaceOrError"]
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(2)
            continue
        for entry in workspace.get("locationEntries", []):
            loaded = entry["locationOrLoadError"] or {}
            assert loaded.get("__typename") != "PythonError", loaded.get("message")
            if entry["loadStatus"] == "LOADED" and loaded.get("repositories"):
                return entry["name"], loaded["repositories"][0]["name"]
        time.sleep(2)
    raise AssertionError("code location not loaded in time:\n" + graphql.diagnostics())


def launch(graphql: GraphQL, location: str, repository: str, tags: dict[str, str]) -> str:
    params = {
        "selector": {
            "repositoryLocationName": location,
            "repositoryName": repository,
            "jobName": MAIN_JOB_NAME,
        },
        "executionMetadata": {"tags": [{"key": k, "value": v} for k, v in tags.items()]},
    }
    launched = graphql(LAUNCH_RUN, params=params)["launchRun"]
    assert launched["__typename"] == "LaunchRunSuccess", launched
    # The queue holds it until the daemon starts it (dagster.yaml: QueuedRunCoordinator).
    assert launched["run"]["status"] in {"QUEUED", "NOT_STARTED", "STARTING", "STARTED"}
    return launched["run"]["runId"]


def wait_for_run(graphql: GraphQL, run_id: str, home: Path) -> dict:
    deadline = time.monotonic() + RUN_TIMEOUT_S
    while time.monotonic() < deadline:
        run = graphql(RUN_STATUS, id=run_id)["runOrError"]
        if run.get("status") in FINISHED:
            if run["status"] != "SUCCESS":
                raise AssertionError(f"run {run_id} {run['status']}:\n{run_errors(home, run_id)}")
            return {tag["key"]: tag["value"] for tag in run["tags"]}
        time.sleep(3)
    raise AssertionError(f"run {run_id} not finished in {RUN_TIMEOUT_S}s:\n{graphql.diagnostics()}")


def run_errors(home: Path, run_id: str) -> str:
    with instance_at(home) as instance:
        return "\n".join(
            f"{entry.step_key}: {entry.dagster_event.message} {entry.dagster_event.event_specific_data!r}"[
                :3000
            ]
            for entry in instance.all_logs(run_id)
            if entry.is_dagster_event and entry.dagster_event.is_failure
        )


def published_value(root: Path, sql: str) -> list[tuple]:
    configured = root / "warehouse" / "published" / "pira.duckdb"
    # The published copy, or the current version of it when publication is versioned.
    candidates = [configured, configured.parent / "current" / "pira.duckdb"]
    database = next((path for path in candidates if path.is_file()), configured)
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.execute(sql).fetchall()


@pytest.fixture(scope="module")
def dagster_services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple]:
    """One copy of the project served by dagster-webserver and run by dagster-daemon."""
    root = tmp_path_factory.mktemp("daemon")
    project = root / "project"
    project.mkdir()
    for part in COPIED:
        source = PROJECT_DIR / part
        if source.is_dir():
            shutil.copytree(source, project / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, project / part)
    # The parsed manifest, fresher than the copied files: neither server parses it again at once.
    manifest = manifest_path()
    (project / "target").mkdir()
    for name in ("manifest.json", "partial_parse.msgpack"):
        if (manifest.parent / name).exists():
            shutil.copy2(manifest.parent / name, project / "target" / name)
    home = dagster_home(root / "dagster_home")
    env = project_environment(root, home)
    env["PYTHONPATH"] = str(project)
    port = free_port()
    workspace = ["-m", "orchestration.definitions", "-d", str(project)]
    logs = [root / "webserver.log", root / "daemon.log"]
    server = start(
        [str(BIN / "dagster-webserver"), *workspace, "-h", "127.0.0.1", "-p", str(port)],
        project, env, logs[0],
    )  # fmt: skip
    daemon = start([str(BIN / "dagster-daemon"), "run", *workspace], project, env, logs[1])
    graphql = GraphQL(port, logs)
    try:
        location, repository = wait_for_location(graphql, server)
        yield graphql, location, repository, root, home, daemon
    finally:
        stop(daemon)
        stop(server)


def test_partition_run_launched_through_graphql_succeeds(dagster_services) -> None:
    graphql, location, repository, root, home, daemon = dagster_services
    repo = {"repositoryLocationName": location, "repositoryName": repository}
    added = graphql(ADD_PARTITION, repo=repo, key="2017")["addDynamicPartition"]
    assert added["__typename"] == "AddDynamicPartitionSuccess", added
    run_id = launch(graphql, location, repository, {"dagster/partition": "2017"})
    tags = wait_for_run(graphql, run_id, home)
    assert daemon.poll() is None
    # The run worker (not the webserver or the daemon) executed it and said so.
    assert tags["pira/pid"].isdigit() and int(tags["pira/pid"]) != daemon.pid
    [(total, overall)] = published_value(
        root,
        "select operational_objectives_pct, overall_pct from marts.fct_entity_results "
        "where entity_code = 'FE' and period = '2017'",
    )
    assert round(total, 2) == 95.93
    assert round(overall, 2) == 96.23
    assert (root / "reports" / "FE_2017.html").is_file()
    # The GX checks' real results, on the assets they validate, read back through GraphQL.
    results = {}
    for key in (["intermediate", "int_checks__targets"], ["intermediate", "int_checks__tree"],
                ["landing", "measure_values"]):  # fmt: skip
        node = graphql(ASSET_CHECKS, key={"path": key})["assetNodeOrError"]
        assert node["__typename"] == "AssetNode", node
        for check in node["assetChecksOrError"]["checks"]:
            if check["name"].startswith("gx_"):
                results[check["name"]] = check
    # Ferrara's F140 unit mismatch: a warning (fails as WARN); the plan's tree and the landing pass.
    targets, tree, landing = results["gx_targets"], results["gx_tree"], results["gx_landing_files"]
    assert "unit" in targets["description"].lower() or "unità" in targets["description"].lower()
    for check, status, success in ((targets, "FAILED", False), (tree, "SUCCEEDED", True),
                                   (landing, "SUCCEEDED", True)):  # fmt: skip
        execution = check["executionForLatestMaterialization"]
        assert execution["runId"] == run_id and execution["status"] == status, check
        evaluation = execution["evaluation"]
        assert evaluation["success"] is success and evaluation["severity"] == "WARN", check
        metadata = {entry["label"]: entry for entry in evaluation["metadataEntries"]}
        assert metadata["periods"]["text"] == "2017", metadata
    messages = targets["executionForLatestMaterialization"]["evaluation"]["metadataEntries"]
    assert any("F140" in (entry.get("mdStr") or "") for entry in messages)


def test_schedule_tick_evaluated_by_the_webserver_runs(dagster_services) -> None:
    graphql, location, repository, root, home, _ = dagster_services
    tick = datetime(2022, 7, 10, 6, tzinfo=ROME).timestamp()
    selector = {
        "repositoryLocationName": location,
        "repositoryName": repository,
        "scheduleName": "quarterly_monitoring",
    }
    dry_run = graphql(SCHEDULE_DRY_RUN, selector=selector, timestamp=tick)["scheduleDryRun"]
    assert dry_run["__typename"] == "DryRunInstigationTick", dry_run
    evaluation = dry_run["evaluationResult"]
    assert not evaluation["error"], evaluation["error"]
    [request] = evaluation["runRequests"]
    tags = {tag["key"]: tag["value"] for tag in request["tags"]}
    assert tags["dagster/partition"] == "2022-Q2" and tags["pira/refresh"] == "quarterly"
    assert request["runKey"] == "quarterly-2022-Q2"
    run_id = launch(graphql, location, repository, tags)
    wait_for_run(graphql, run_id, home)
    rows = published_value(
        root,
        "select entity_code, period, round(operational_objectives_pct, 2) "
        "from marts.fct_entity_results order by all",
    )
    # The quarter is added; the year computed by the first run stays as it was.
    assert ("FE", "2017", 95.93) in rows
    assert [row[:2] for row in rows] == [("FE", "2017"), ("MO", "2022-Q2")]
    [(value,)] = published_value(
        root,
        "select actual_value from marts.fct_indicator_results "
        "where period = '2022-Q2' and indicator_code = '31.D1.1.1'",
    )
    assert value > 0


# --- kill -9 ---------------------------------------------------------------------------------


def children(pid: int) -> list[tuple[int, str]]:
    """(pid, command line) of the live processes whose parent is `pid`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        fields = dict(line.split(":\t", 1) for line in status.splitlines() if ":\t" in line)
        if fields.get("PPid", "").strip() == str(pid) and not fields["State"].startswith("Z"):
            found.append((int(entry.name), command))
    return found


def is_dbt(command: str) -> bool:
    """A dbt process: its program (or the module Python runs) is dbt."""
    words = command.split()
    return any(Path(word).name == "dbt" for word in words[:3])


def holds(pid: int, path: Path) -> bool:
    """Whether the process has `path` open."""
    try:
        links = [os.readlink(fd) for fd in Path(f"/proc/{pid}/fd").iterdir()]
    except OSError:
        return False
    return str(path) in links


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in {"Z", "X"}


def wait_until(predicate, timeout: float, step: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return predicate()


STAGE_LINE = re.compile(r"^\[\s*(\d+),(\d) s\] (.+)$")


def assert_the_run_talks(output: str) -> None:
    """`make run`'s console: stage lines with their time, no long silence, short lines, the figures."""
    lines = output.splitlines()
    # Stage lines and the checks' warnings (paths may be longer: they are printed whole).
    short = [line for line in lines if line.startswith(("[", "AVVISO", "ERRORE", "FILE"))]
    assert short and all(len(line) <= 160 for line in short), max(short, key=len)
    stamps = [
        (int(match[1]) + int(match[2]) / 10, match[3])
        for line in lines
        if (match := STAGE_LINE.match(line))
    ]
    gaps = [later - earlier for (earlier, _), (later, _) in itertools.pairwise(stamps)]
    assert stamps and max(gaps) <= 10.5, stamps
    said = [text for _, text in stamps]
    for stage in ("Caricamento estratti", "dbt build", "Controlli Great Expectations", "Report"):
        assert any(re.match(rf"{stage}( \([^)]+\))?: fatto in", text) for text in said), said
    assert (
        any(re.match(r"dbt build \([^)]+\): \d+/\d+$", text) for text in said) or len(said) > 8
    ), said
    assert re.search(r"^FE\s+2017\s+96,23%\s+95,93%", output, re.MULTILINE), output[-3000:]
    assert re.search(r"^MO\s+2022-Q4\s+91,07%", output, re.MULTILINE), output[-3000:]
    assert "Warning" not in output and "Traceback" not in output, output


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc and PR_SET_PDEATHSIG")
def test_kill_9_leaves_no_dbt_and_the_next_start_fails_the_run(tmp_path: Path) -> None:
    home = dagster_home(tmp_path / "dagster_home")
    env = project_environment(tmp_path, home)
    env["PYTHONPATH"] = str(PROJECT_DIR)
    command = [sys.executable, "-m", "orchestration.run"]
    run = start(command, PROJECT_DIR, env, tmp_path / "run.log")
    try:
        # dbt runs inside the run's process (dbtRunner): the console says when it starts.
        assert wait_until(
            lambda: "dbt build (" in tail(tmp_path / "run.log"), timeout=START_TIMEOUT_S
        ), "dbt never started:\n" + tail(tmp_path / "run.log")
        time.sleep(1.0)  # dbt is working, not just starting
        assert not [p for p in children(run.pid) if is_dbt(p[1])], children(run.pid)
        warehouse = tmp_path / "warehouse" / "pira.duckdb"
        assert wait_until(lambda: holds(run.pid, warehouse), timeout=START_TIMEOUT_S), (
            "dbt never opened the warehouse in the run's process:\n" + tail(tmp_path / "run.log")
        )
        spawned = children(run.pid)
        os.kill(run.pid, signal.SIGKILL)  # the main process alone, not its group
        run.wait(timeout=10)
        # dbt died with it, and nothing it started is left with the warehouse open.
        assert wait_until(
            lambda: not any(alive(pid) and holds(pid, warehouse) for pid, _ in spawned), timeout=5
        ), spawned
    finally:
        stop(run)

    with instance_at(home) as instance:
        [killed] = instance.get_runs(dg.RunsFilter(job_name=MAIN_JOB_NAME))
        assert killed.status == dg.DagsterRunStatus.STARTED
        assert killed.tags["pira/pid"] == str(run.pid)
        assert is_gone(killed.tags) and not is_gone(process_tags())
        # A key someone added by hand (UI, GraphQL) that is no period.
        instance.add_dynamic_partitions("period", [INJECTED_KEY])

    # The next start (make run) marks it failed and drops the bad key before anything else, then
    # runs to the end, saying what it does as it goes.
    again = start(command, PROJECT_DIR, env, tmp_path / "again.log")
    try:
        again.wait(timeout=RUN_TIMEOUT_S)
    finally:
        stop(again)
    output = (tmp_path / "again.log").read_text()
    assert again.returncode == 0, output[-4000:]
    assert f"Esecuzione {killed.run_id} interrotta" in output and "segnata come fallita" in output
    assert f"Partizione non valida rimossa: {INJECTED_KEY!r}" in output
    assert_the_run_talks(output)
    with instance_at(home) as instance:
        failed = instance.get_run_by_id(killed.run_id)
        assert failed.status == dg.DagsterRunStatus.FAILURE
        [failure] = [
            entry.dagster_event.message
            for entry in instance.all_logs(killed.run_id)
            if entry.is_dagster_event and entry.dagster_event.event_type_value == "PIPELINE_FAILURE"
        ]
        assert f"Run process {run.pid}" in failure and "is gone" in failure
        assert INJECTED_KEY not in instance.get_dynamic_partitions("period")
