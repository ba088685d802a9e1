"""Benchmark of the warehouse on synthetic national data against a straight-line reference.

For each size (small, national; stress with --stress) it generates the raw extracts
(scripts/generate_national.py, Parquet), then times, each in its own process, in one run:

- the reference: bench/reference.py, the core figures (indicator values, achievement, roll-ups to
  objectives, areas and entity) computed straight from the same Parquet files by plain DuckDB SQL,
  each formula parsed once in Python, written independently of the dbt models;
- `dbt parse` from nothing (no saved manifest);
- a full rebuild with data tests: `dbt build --exclude test_type:unit` into a new DuckDB file, the raw
  tables read as external files (var raw_source: external);
- models only: the same build without data tests (`--exclude-resource-type test`) into another new file;
- one quarter's refresh from the CLI: `dbt build` of the models a period changes (PERIOD_MODELS of
  orchestration/period_control.py, what the Dagster job's period asset builds) with their data tests,
  on the built warehouse with 2024-Q2 as the only row of control.requested_periods (data, not
  --vars, so dbt keeps its partial parse; the fact marts are incremental by period);
- the same refresh through the Dagster job (bench/dagster_refresh.py): the period's assets of
  pira_main_job with their checks (dbt tests, GX period suites), twice in one process; the second
  run, with the project already parsed in the process, is the figure.

After the full rebuild the reference's indicator, objective and entity rows are compared with the marts
row for row (bench/reference.py compare: same keys, values within 1e-6); a difference stops the
benchmark and prints the first differing rows. Every figure is reported with its ratio to the
reference and the machine's 1-minute load average taken just before it (os.getloadavg).

Then landing: a generated 50 MB measure extract (about 800 thousand rows) landed by
orchestration/landing.py (load_extracts: discovery, sha256, sniffing, one bulk read_csv insert) into a
new DuckDB file, against a straight-line reference in the same run: plain `read_csv` of the same file
into a table by the duckdb module alone. Each in its own process.

Peak memory is the child process's maximum resident set (os.wait4). The dbt overhead is the wall time
of the build minus the time at least one node (model or test) was executing in DuckDB, from the
execute timings of target/run_results.json. Results go to bench/results.md (and stdout).

Usage: python bench/run_bench.py [--sizes small,national] [--stress] [--work-dir DIR]
       python bench/run_bench.py --core-only      # sizes only; landing and everyday sections kept
       python bench/run_bench.py --landing-only   # only the landing part; updates its section
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RESULTS = PROJECT_DIR / "bench" / "results.md"
REFERENCE_SCRIPT = PROJECT_DIR / "bench" / "reference.py"
DAGSTER_REFRESH_SCRIPT = PROJECT_DIR / "bench" / "dagster_refresh.py"
REFRESH_PERIOD = "2024-Q2"
GIB = 1024**3

# Targets on the 2-core machine (issue 12; national unless named).
TARGET_FULL_S = 12
TARGET_FULL_RATIO = 2  # full rebuild with data tests ÷ reference, national and stress
TARGET_REFRESH_DAGSTER_S = 3
TARGET_REFRESH_CLI_S = 6
TARGET_PEAK_GIB = 1
TARGET_STRESS_PEAK_GIB = 4
TARGET_LANDING_S = 10
LANDING_MB = 50
LANDING_SECTION = "## Landing a 50 MB extract"
EVERYDAY_SECTION = "## The everyday loop: make run and make test"
TARGET_MAKE_RUN_S = 30
TARGET_MAKE_TEST_S = 12 * 60
STAGE_LINE = re.compile(r"^\[\s*[\d,]+ s\] (?P<stage>.+?): fatto in (?P<seconds>[\d,]+) s")


@dataclass
class Run:
    wall_s: float
    peak_bytes: int
    returncode: int
    output: str = ""
    load: float = 0.0  # 1-minute load average when it started


@dataclass
class SizeResult:
    size: str
    rows: dict[str, int]
    generate_s: float
    reference: Run | None = None
    parse: Run | None = None
    full: Run | None = None
    models: Run | None = None
    refresh: Run | None = None
    # The Dagster refresh process, and its runs: the last one (project parsed) is the figure.
    dagster: Run | None = None
    dagster_runs_s: list[float] = field(default_factory=list)
    dagster_stages: list[tuple[str, str]] = field(default_factory=list)
    full_busy_s: float = 0.0
    full_node_s: float = 0.0
    refresh_busy_s: float = 0.0
    slowest: list[tuple[str, float]] = field(default_factory=list)
    # 1-minute load average just before each figure (key: reference, parse, full, models, refresh).
    load: dict[str, float] = field(default_factory=dict)
    # Rows of the marts the reference agreed with (indicator, objective, entity).
    agreed: dict[str, int] = field(default_factory=dict)


def timed(command: list[str], env: dict[str, str], cwd: Path = PROJECT_DIR) -> Run:
    """Run a child process; wall time and its own peak RSS (wait4 reports it per child)."""
    load = os.getloadavg()[0]
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    # ru_maxrss is in KiB on Linux.
    return Run(wall, usage.ru_maxrss * 1024, process.returncode, output, load)


def dbt(args: list[str], env: dict[str, str], target: Path, dbt_vars: dict) -> list[str]:
    return [
        str(BIN / "dbt"),
        *args,
        "--project-dir",
        str(PROJECT_DIR),
        "--profiles-dir",
        str(PROJECT_DIR),
        "--target-path",
        str(target),
        "--vars",
        json.dumps(dbt_vars),
    ]


def busy_seconds(run_results: Path) -> tuple[float, float, list[tuple[str, float]]]:
    """Time at least one node was executing (union of execute intervals), their sum, the slowest."""
    results = json.loads(run_results.read_text())["results"]
    intervals, total, per_node = [], 0.0, []
    for result in results:
        for timing in result.get("timing", []):
            if (
                timing["name"] == "execute"
                and timing.get("started_at")
                and timing.get("completed_at")
            ):
                start = datetime.fromisoformat(timing["started_at"])
                end = datetime.fromisoformat(timing["completed_at"])
                intervals.append((start.timestamp(), end.timestamp()))
        total += result["execution_time"]
        per_node.append((result["unique_id"], result["execution_time"]))
    intervals.sort()
    busy, current_start, current_end = 0.0, None, None
    for start, end in intervals:
        if current_end is None or start > current_end:
            if current_end is not None:
                busy += current_end - current_start
            current_start, current_end = start, end
        else:
            current_end = max(current_end, end)
    if current_end is not None:
        busy += current_end - current_start
    per_node.sort(key=lambda item: -item[1])
    return busy, total, per_node[:8]


def bench_size(size: str, work: Path) -> SizeResult:
    sys.path.insert(0, str(PROJECT_DIR / "scripts"))
    sys.path.insert(0, str(PROJECT_DIR))
    import generate_national

    from orchestration.period_control import PERIOD_MODELS, set_requested_periods

    raw_dir = work / size / "raw"
    shutil.rmtree(work / size, ignore_errors=True)
    started = time.perf_counter()
    rows = generate_national.generate(size, raw_dir, ["parquet"])
    result = SizeResult(size, rows, time.perf_counter() - started)
    database = work / size / "warehouse" / "pira.duckdb"
    database.parent.mkdir(parents=True)
    models_database = work / size / "models_only" / "pira.duckdb"
    models_database.parent.mkdir(parents=True)
    target = work / size / "target"
    env = {
        **os.environ,
        "PIRA_EXTERNAL_RAW_DIR": str(raw_dir),
        "PIRA_DUCKDB_PATH": str(database),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    external = {"raw_source": "external"}
    print(
        f"[{size}] {rows['raw_measure_values']:,} measure rows generated in {result.generate_s:.1f}s"
    )

    result.reference = timed([sys.executable, str(REFERENCE_SCRIPT), str(raw_dir)], env)
    check(result.reference, f"{size} reference")
    print(f"[{size}] reference {result.reference.wall_s:.1f}s")

    result.parse = timed(dbt(["parse"], env, target / "full", external), env)
    check(result.parse, f"{size} parse")
    print(f"[{size}] dbt parse {result.parse.wall_s:.1f}s")
    # The rebuild starts from the parsed project (partial parsing), as a scheduled run would.
    build = ["build", "--exclude", "test_type:unit"]
    result.full = timed(dbt(build, env, target / "full", external), env)
    check(result.full, f"{size} full rebuild")
    result.full_busy_s, result.full_node_s, result.slowest = busy_seconds(
        target / "full" / "run_results.json"
    )
    print(
        f"[{size}] full rebuild {result.full.wall_s:.1f}s, peak {result.full.peak_bytes / GIB:.2f} GiB"
    )

    # The reference must agree with the marts before any ratio to it means anything.
    result.agreed = agree_with_marts(raw_dir, database, size)
    print(f"[{size}] reference agrees with the marts: {result.agreed}")

    models_env = {**env, "PIRA_DUCKDB_PATH": str(models_database)}
    models_only = [*build, "--exclude-resource-type", "test"]
    result.models = timed(dbt(models_only, models_env, target / "models", external), models_env)
    check(result.models, f"{size} models only")
    print(f"[{size}] models only {result.models.wall_s:.1f}s")

    # The period reaches dbt as data (the control table), not as a var: partial parsing holds.
    set_requested_periods(database, [REFRESH_PERIOD])
    refresh = [*build, "--select", *PERIOD_MODELS.split()]
    result.refresh = timed(dbt(refresh, env, target / "full", external), env)
    check(result.refresh, f"{size} refresh")
    result.refresh_busy_s, _, _ = busy_seconds(target / "full" / "run_results.json")
    print(f"[{size}] refresh {REFRESH_PERIOD} {result.refresh.wall_s:.1f}s")

    result.dagster = timed(
        [sys.executable, str(DAGSTER_REFRESH_SCRIPT), str(work / size / "dagster"), str(database),
         REFRESH_PERIOD],
        env,
    )  # fmt: skip
    check(result.dagster, f"{size} refresh through Dagster")
    result.dagster_runs_s = json.loads(result.dagster.output.strip().splitlines()[-1])["runs_s"]
    last_run = result.dagster.output.rsplit(f"--- run {len(result.dagster_runs_s)} ---", 1)[1]
    result.dagster_stages = [
        (match["stage"], match["seconds"])
        for line in last_run.splitlines()
        if (match := STAGE_LINE.match(line))
    ]
    print(f"[{size}] refresh {REFRESH_PERIOD} through Dagster: {result.dagster_runs_s}")
    return result


def agree_with_marts(raw_dir: Path, database: Path, size: str) -> dict[str, int]:
    """The reference recomputed here and compared with the marts; stops the benchmark if they differ."""
    sys.path.insert(0, str(REFERENCE_SCRIPT.parent))
    import reference

    connection = reference.compute(raw_dir)
    try:
        return reference.compare(connection, database)
    except AssertionError as error:
        raise SystemExit(
            f"[{size}] the reference does not agree with the marts:\n{error}"
        ) from None
    finally:
        connection.close()


@dataclass
class LandingResult:
    rows: int
    megabytes: float
    landing: Run
    reference: Run


def write_landing_extract(path: Path, megabytes: int = LANDING_MB) -> int:
    """A measure extract as a chamber's export job writes it (Italian decimals quoted), deterministic."""
    import random

    generator = random.Random(2022)
    header = "entity_code,period,measure_code,value_raw,unit_raw,source,extracted_at\n"
    rows, size = 0, len(header)
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(header)
        while size < megabytes * 1_000_000:
            chunk = []
            for _ in range(10_000):
                value = generator.randint(0, 99_999)
                text = f'"{value},{generator.randint(0, 9)}"' if value % 3 else str(value)
                line = (
                    f"C{rows % 60:02d},{2015 + rows % 10}-Q{1 + rows % 4},M{rows % 4999}.{rows % 7},"
                    f"{text},N.,CdG,2025-01-20 08:00:00\n"
                )
                chunk.append(line)
                size += len(line)
                rows += 1
            handle.write("".join(chunk))
    return rows


LANDING_RUNNER = """
import os, sys
from pathlib import Path
os.environ["PIRA_LANDING_SETTLE_SECONDS"] = "0"
sys.path.insert(0, sys.argv[3])
from orchestration.landing import load_extracts
[verdict] = load_extracts(Path(sys.argv[1]), [Path(sys.argv[2])], "bench")
assert verdict.status == "loaded", verdict
print(verdict.row_count)
"""

REFERENCE_RUNNER = """
import sys, duckdb
connection = duckdb.connect(sys.argv[1])
connection.execute("set enable_progress_bar = false")
connection.execute("create table landed as select * from read_csv(?, all_varchar = true, header = true)", [sys.argv[2]])
print(connection.execute("select count(*) from landed").fetchone()[0])
"""


def bench_landing(work: Path) -> LandingResult:
    folder = work / "landing"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    extract = folder / "national_extract.csv"
    rows = write_landing_extract(extract)
    megabytes = extract.stat().st_size / 1_000_000
    env = {**os.environ}
    landing = timed(
        [sys.executable, "-c", LANDING_RUNNER, str(folder / "landed.duckdb"), str(extract),
         str(PROJECT_DIR)],
        env,
    )  # fmt: skip
    check(landing, "landing")
    reference = timed(
        [sys.executable, "-c", REFERENCE_RUNNER, str(folder / "reference.duckdb"), str(extract)],
        env,
    )
    check(reference, "landing reference")
    for run, what in ((landing, "landing"), (reference, "reference")):
        if int(run.output.strip().splitlines()[-1]) != rows:
            raise SystemExit(f"{what} holds {run.output.strip()} rows, not {rows}")
    print(
        f"[landing] {rows:,} rows, {megabytes:.1f} MB: landing {landing.wall_s:.1f} s, "
        f"plain read_csv {reference.wall_s:.1f} s"
    )
    return LandingResult(rows, megabytes, landing, reference)


def landing_section(result: LandingResult) -> str:
    landing, reference = result.landing, result.reference
    return "\n".join(
        [
            LANDING_SECTION,
            "",
            (
                f"Measured on {datetime.now():%Y-%m-%d %H:%M} (load average {os.getloadavg()[0]:.1f}). "
                "Landing: `orchestration.landing.load_extracts` on one generated extract (complete-file "
                "check, sha256, sniffing, one bulk `read_csv` insert, strict, with rejects kept as rows only "
                "when a line does not read; current files, audit; 811 s before, rows inserted one by one) "
                "into a new DuckDB file. Reference: `create table ... as select * from read_csv(file, "
                "all_varchar = true)` by the duckdb module alone. Each in its own process (wall time "
                "including interpreter start-up)."
            ),
            "",
            "| extract | rows | landing | rows/s | peak memory | plain read_csv | landing ÷ read_csv |",
            "|---|---:|---:|---:|---:|---:|---:|",
            (
                f"| {result.megabytes:.1f} MB CSV | {result.rows:,} | {landing.wall_s:.1f} s "
                f"| {result.rows / landing.wall_s:,.0f} | {landing.peak_bytes / GIB:.2f} GiB "
                f"| {reference.wall_s:.1f} s | {landing.wall_s / reference.wall_s:.2f}× |"
            ),
            "",
            (
                f"- a {LANDING_MB} MB extract lands in {TARGET_LANDING_S} s or less: "
                f"{landing.wall_s:.1f} s, {verdict(landing.wall_s <= TARGET_LANDING_S)}"
            ),
            "",
        ]
    )


def bench_make_run(work: Path) -> tuple[Run, Run]:
    """`make run`'s program twice on temporary files (cold, then warm: the everyday case)."""
    env = {
        **os.environ,
        "PIRA_DUCKDB_PATH": str(work / "run" / "pira.duckdb"),
        "PIRA_PUBLISHED_PATH": str(work / "run" / "published" / "pira.duckdb"),
        "PIRA_LANDING_DIR": str(work / "run" / "landing"),
        "PIRA_REPORTS_DIR": str(work / "run" / "reports"),
        "DAGSTER_HOME": str(work / "run" / "dagster_home"),
    }
    command = [str(BIN / "python"), "-m", "orchestration.run"]
    cold = timed(command, env)
    check(cold, "make run (cold)")
    warm = timed(command, env)
    check(warm, "make run (warm)")
    return cold, warm


def bench_make_test() -> Run:
    """The whole test suite as `make test` runs it (pytest prints its slowest tests)."""
    # As `make test` runs it: test modules on two workers.
    command = [str(BIN / "python"), "-m", "pytest", "-q", "-n", "2", "--dist", "loadfile"]
    return timed(command, dict(os.environ))


def python_probe_seconds() -> float:
    """A fixed pure-Python loop: how fast this machine runs Python right now (absolute times drift
    between machines and days; the loop took about 2 s on the machine of the first figures)."""
    started = time.perf_counter()
    total = 0
    for number in range(30_000_000):
        total += number
    return time.perf_counter() - started


def everyday_section(cold: Run, warm: Run, tests: Run | None) -> str:
    load = os.getloadavg()[0]
    stages = [
        (match["stage"], match["seconds"])
        for line in warm.output.splitlines()
        if (match := STAGE_LINE.match(line))
    ]
    lines = [
        EVERYDAY_SECTION,
        "",
        (
            f"Measured on {datetime.now():%Y-%m-%d %H:%M} (load average {load:.1f} after; the machine "
            f"probe, a 30-million-step Python loop, took {python_probe_seconds():.1f} s). `make run`: "
            "`python -m orchestration.run` on temporary files, once cold (new warehouse, new Dagster "
            "home), then warm (the everyday case: same files, dbt's partial parsing kept)."
        ),
        "",
        (
            f"- warm `make run` in {TARGET_MAKE_RUN_S} s or less: {warm.wall_s:.1f} s, "
            f"{verdict(warm.wall_s <= TARGET_MAKE_RUN_S)} (cold: {cold.wall_s:.1f} s)"
        ),
        "- where the warm run's time goes (stage lines of the console): "
        + ", ".join(f"{stage} {sec} s" for stage, sec in stages)
        + "; the rest is Python start-up (Dagster, dbt, GX imports) and Dagster's event log.",
    ]
    if tests is not None:
        slowest = [line for line in tests.output.splitlines() if re.match(r"^\d+\.\d+s ", line)]
        lines += [
            (
                f"- `make test` (pytest) in {TARGET_MAKE_TEST_S // 60} min or less: "
                f"{tests.wall_s / 60:.1f} min, {verdict(tests.wall_s <= TARGET_MAKE_TEST_S)} "
                f"(exit {tests.returncode})"
            ),
            "- slowest tests: " + "; ".join(line.strip() for line in slowest[:8]),
        ]
    else:
        lines.append("- `make test`: not timed by this run (`make bench BENCH_ARGS=--tests`).")
    return "\n".join(lines) + "\n"


def with_section(text: str, title: str, section: str) -> str:
    """The results text with the section `title` replaced (or put before the notes)."""
    if title in text:
        before, after = text.split(title, 1)
        rest = after.split("\n## ", 1)
        return before + section + ("\n## " + rest[1] if len(rest) > 1 else "")
    if "\n## Notes" in text:
        before, after = text.split("\n## Notes", 1)
        return before.rstrip("\n") + "\n\n" + section + "\n## Notes" + after
    return text.rstrip("\n") + "\n\n" + section


def check(run: Run, what: str) -> None:
    if run.returncode != 0:
        sys.stderr.write(run.output[-5000:])
        raise SystemExit(f"{what} failed (exit {run.returncode})")


def versions() -> dict[str, str]:
    from importlib.metadata import version

    import duckdb

    memory_kib = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown",
    )
    return {
        "cores": str(os.cpu_count()),
        "cpu": cpu,
        "memory": f"{memory_kib / 1024**2:.1f} GiB",
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "dbt-core": version("dbt-core"),
        "dbt-duckdb": version("dbt-duckdb"),
        "os": platform.platform(),
    }


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def profile_setting(variable: str) -> str:
    """A DuckDB setting as the builds get it: the environment, else profiles.yml's default."""
    match = re.search(
        rf"env_var\('{variable}', '([^']*)'\)", (PROJECT_DIR / "profiles.yml").read_text()
    )
    return os.environ.get(variable) or (match[1] if match else "?")


def dagster_run(result: SizeResult) -> Run:
    """The Dagster refresh's figure: its last run (project parsed), with the process's peak and load."""
    return Run(result.dagster_runs_s[-1], result.dagster.peak_bytes, 0, load=result.dagster.load)


def figure(run: Run, reference: Run) -> str:
    """A time with its ratio to the reference of the same size and the load average before it."""
    return f"{run.wall_s:.1f} s ({run.wall_s / reference.wall_s:.1f}×, load {run.load:.1f})"


def report(results: list[SizeResult], machine: dict[str, str]) -> str:
    lines = [
        "# Benchmark: the warehouse on synthetic national data",
        "",
        f"Written by `make bench` (bench/run_bench.py) on {datetime.now():%Y-%m-%d %H:%M}.",
        "",
        (
            f"Machine: {machine['cores']} cores ({machine['cpu']}), {machine['memory']} memory, "
            f"{machine['os']}; Python {machine['python']}, DuckDB {machine['duckdb']}, "
            f"dbt-core {machine['dbt-core']}, dbt-duckdb {machine['dbt-duckdb']} (dbt and DuckDB "
            f"threads: {profile_setting('PIRA_DUCKDB_THREADS')}, DuckDB memory_limit: "
            f"{profile_setting('PIRA_DUCKDB_MEMORY_LIMIT')}, from profiles.yml)."
        ),
        "",
        "Data: `scripts/generate_national.py --size SIZE` (Parquet, read in place as the external_raw "
        "source). Reference: `bench/reference.py`, the core figures (indicator values, achievement, "
        "roll-ups to operational and strategic objectives, areas and entity) straight from the same "
        "Parquet files in plain DuckDB SQL, each distinct formula parsed once in Python, written "
        "independently of the models; after the full rebuild its indicator, objective and entity rows "
        "are checked against `marts.fct_indicator_results`, `fct_objective_results` and "
        "`fct_entity_results` row for row (same keys; achievement and values equal within 1e-6, "
        "relative above 1), and the benchmark stops if one differs. Full rebuild: `dbt build "
        "--exclude test_type:unit` into a new DuckDB file (seeds, models, data tests). Models only: "
        "the same with `--exclude-resource-type test` into another new file. Refresh (CLI): `dbt "
        "build` of the models a period changes (`PERIOD_MODELS`, orchestration/period_control.py, "
        "the Dagster job's period asset) and their data tests, on the built warehouse with `"
        + REFRESH_PERIOD
        + "` as the only row of `control.requested_periods` (data, not `--vars`: dbt keeps its "
        "parse). Refresh (Dagster): `bench/dagster_refresh.py`, the period's assets of "
        "`pira_main_job` with their checks (dbt tests and the GX period suites) run twice in one "
        "process; the figure is the second run, the project already parsed in the process, as in a "
        "long-lived webserver or a run's later step. Each in its own process, wall time including "
        "start-up (the Dagster figure: the run alone); beside each figure its ratio "
        "to the reference of the same run and the 1-minute load average just before it (2 cores: "
        "above 2 other processes were competing). Peak memory: maximum resident set of the process. "
        "dbt overhead: build wall time minus the time at least one node was executing in DuckDB "
        "(run_results.json execute timings).",
        "",
        (
            "| size | measure rows | reference | full rebuild with data tests | models only "
            "| refresh 1 quarter (CLI) | refresh 1 quarter (Dagster) | dbt parse "
            "| peak memory (reference / full / refresh CLI / Dagster) "
            "| in DuckDB (full) | dbt overhead (full) | rows agreeing (indicator / objective / entity) |"
        ),
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        measures = r.rows["raw_measure_values"]
        overhead = r.full.wall_s - r.full_busy_s
        agreed = " / ".join(f"{r.agreed.get(k, 0):,}" for k in ("indicator", "objective", "entity"))
        lines.append(
            f"| {r.size} | {measures:,} | {r.reference.wall_s:.1f} s (load {r.reference.load:.1f}) "
            f"| {figure(r.full, r.reference)} | {figure(r.models, r.reference)} "
            f"| {figure(r.refresh, r.reference)} | {figure(dagster_run(r), r.reference)} "
            f"| {figure(r.parse, r.reference)} "
            f"| {r.reference.peak_bytes / GIB:.2f} / {r.full.peak_bytes / GIB:.2f} / "
            f"{r.refresh.peak_bytes / GIB:.2f} / {r.dagster.peak_bytes / GIB:.2f} GiB "
            f"| {r.full_busy_s:.1f} s "
            f"| {overhead:.1f} s ({100 * overhead / r.full.wall_s:.0f}%) | {agreed} |"
        )
    lines += ["", "## Targets", ""]
    by_size = {r.size: r for r in results}
    if "national" in by_size:
        n = by_size["national"]
        ratio = n.full.wall_s / n.reference.wall_s
        peak = max(
            n.full.peak_bytes, n.models.peak_bytes, n.refresh.peak_bytes, n.dagster.peak_bytes
        )
        warm = dagster_run(n)
        stages = ", ".join(f"{stage} {seconds} s" for stage, seconds in n.dagster_stages)
        lines += [
            (
                f"- national full rebuild with data tests in {TARGET_FULL_S} s or less: "
                f"{n.full.wall_s:.1f} s (load {n.full.load:.1f}), {verdict(n.full.wall_s <= TARGET_FULL_S)}"
            ),
            (
                f"- national full rebuild within {TARGET_FULL_RATIO}× the reference: {ratio:.1f}× "
                f"({n.full.wall_s:.1f} s ÷ {n.reference.wall_s:.1f} s), {verdict(ratio <= TARGET_FULL_RATIO)}"
            ),
            (
                f"- national one-quarter refresh through the Dagster job in {TARGET_REFRESH_DAGSTER_S} s "
                f"or less: {warm.wall_s:.1f} s (load {warm.load:.1f}; the first run of the process, "
                f"parse included, {n.dagster_runs_s[0]:.1f} s; stages: {stages}), "
                f"{verdict(warm.wall_s <= TARGET_REFRESH_DAGSTER_S)}"
            ),
            (
                f"- national one-quarter refresh from the CLI in {TARGET_REFRESH_CLI_S} s or less: "
                f"{n.refresh.wall_s:.1f} s (load {n.refresh.load:.1f}), "
                f"{verdict(n.refresh.wall_s <= TARGET_REFRESH_CLI_S)}"
            ),
            (
                f"- national peak memory {TARGET_PEAK_GIB} GiB or less: {peak / GIB:.2f} GiB "
                f"(dbt builds {max(n.full.peak_bytes, n.models.peak_bytes, n.refresh.peak_bytes) / GIB:.2f}, "
                f"Dagster refresh {n.dagster.peak_bytes / GIB:.2f}), {verdict(peak <= TARGET_PEAK_GIB * GIB)}"
            ),
        ]
    else:
        lines.append("- national: not run here; `make bench` runs it.")
    if "stress" in by_size:
        st = by_size["stress"]
        ratio = st.full.wall_s / st.reference.wall_s
        peak = max(
            st.full.peak_bytes, st.models.peak_bytes, st.refresh.peak_bytes, st.dagster.peak_bytes
        )
        lines += [
            (
                f"- stress full rebuild within {TARGET_FULL_RATIO}× the reference: {ratio:.1f}×, "
                f"{verdict(ratio <= TARGET_FULL_RATIO)}"
            ),
            (
                f"- stress peak memory {TARGET_STRESS_PEAK_GIB} GiB or less: {peak / GIB:.2f} GiB, "
                f"{verdict(peak <= TARGET_STRESS_PEAK_GIB * GIB)}"
            ),
        ]
    else:
        lines.append("- stress (10× national): not run here; `make bench BENCH_ARGS=--stress`.")
    lines += ["", "## Where the time goes (full rebuild, slowest nodes)", ""]
    for r in results:
        slowest = ", ".join(f"{uid.split('.')[-1]} {seconds:.1f} s" for uid, seconds in r.slowest)
        lines.append(
            f"- {r.size} (load average {r.full.load:.1f} before): parse and start-up about "
            f"{r.parse.wall_s:.1f} s; nodes executing "
            f"{r.full_busy_s:.1f} s of {r.full.wall_s:.1f} s (sum over the 2 threads "
            f"{r.full_node_s:.1f} s); slowest: {slowest}."
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="small,national")
    parser.add_argument("--stress", action="store_true", help="also the stress size (10x national)")
    parser.add_argument("--work-dir", type=Path, help="keep the generated data and warehouses here")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument(
        "--landing-only",
        action="store_true",
        help="only land a 50 MB extract (and the read_csv reference); update that section",
    )
    parser.add_argument(
        "--everyday-only",
        action="store_true",
        help="only time make run (cold, warm) and, with --tests, make test; update that section",
    )
    parser.add_argument(
        "--core-only",
        action="store_true",
        help="only the sizes; the landing and everyday sections of the results are kept as they are",
    )
    parser.add_argument("--tests", action="store_true", help="also time the whole test suite")
    args = parser.parse_args(argv)
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    if args.stress and "stress" not in sizes:
        sizes.append("stress")
    temporary = None
    if args.work_dir is None:
        temporary = tempfile.TemporaryDirectory(prefix="pira-bench-")
        work = Path(temporary.name)
    else:
        work = args.work_dir.resolve()
        work.mkdir(parents=True, exist_ok=True)
    try:
        if args.everyday_only:
            cold, warm = bench_make_run(work)
            tests = bench_make_test() if args.tests else None
            previous = args.output.read_text() if args.output.exists() else ""
            section = everyday_section(cold, warm, tests)
            args.output.write_text(with_section(previous, EVERYDAY_SECTION, section))
            print()
            print(section)
            return 0
        results = [] if args.landing_only else [bench_size(size, work) for size in sizes]
        if args.core_only:
            previous = args.output.read_text() if args.output.exists() else ""
            kept = [
                title + previous.split(title, 1)[1].split("\n## ", 1)[0].rstrip("\n") + "\n"
                for title in (LANDING_SECTION, EVERYDAY_SECTION)
                if title in previous
            ]
            text = report(results, versions()) + "".join("\n" + section for section in kept)
            if "\n## Notes" in previous:
                text += "\n## Notes" + previous.split("\n## Notes", 1)[1]
            args.output.write_text(text)
            print()
            print(text)
            return 0
        landing = bench_landing(work)
        cold, warm = (None, None) if args.landing_only else bench_make_run(work)
        tests = bench_make_test() if args.tests else None
    finally:
        if temporary is not None:
            temporary.cleanup()
    section = landing_section(landing)
    if args.landing_only:
        previous = args.output.read_text() if args.output.exists() else ""
        args.output.write_text(with_section(previous, LANDING_SECTION, section))
        print()
        print(section)
        return 0
    text = report(results, versions()) + "\n" + section
    text += "\n" + everyday_section(cold, warm, tests)
    # Hand-written notes below "## Notes" survive a new run.
    if args.output.exists() and "\n## Notes" in args.output.read_text():
        text += "\n## Notes" + args.output.read_text().split("\n## Notes", 1)[1]
    args.output.write_text(text)
    print()
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
