"""One quarter's refresh through the Dagster job: the period's dbt assets of pira_main_job, twice in one process.

Usage: python bench/dagster_refresh.py WORK_DIR DATABASE PERIOD
(run by bench/run_bench.py; PIRA_EXTERNAL_RAW_DIR names the raw Parquet files of DATABASE).

The job runs on a copy of the dbt project in WORK_DIR (its parse with the bench's vars stays out of
the project's target/), with only the period-partitioned dbt asset selected: the models a period
changes and their data tests (orchestration/period_control.py PERIOD_MODELS). The first execution
parses the project in this process; the second finds it parsed, as every later run of a long-lived
process (webserver, daemon's run worker, make run's next step) does. Each execution runs the
period's checks too (dbt tests and the GX period suites), as a scheduled refresh does; its stage
lines (console) follow a `--- run N ---` line. The last line of stdout is JSON.
"""

import json
import sys
import time
import warnings
from pathlib import Path

# The imports below are part of what is timed.
started = time.perf_counter()

import dagster as dg

# As orchestration/run.py: Dagster's beta/preview notices are not the benchmark's output.
warnings.filterwarnings("ignore", category=dg.BetaWarning)
warnings.filterwarnings("ignore", category=dg.PreviewWarning)

from orchestration import console
from orchestration.assets import pira_dbt_periods
from orchestration.job import run_job
from orchestration.paths import copy_project
from orchestration.resources import WarehouseResource

RUNS = 2


def main(argv: list[str]) -> int:
    work, database, period = Path(argv[0]), Path(argv[1]), argv[2]
    imported_s = time.perf_counter() - started
    project = copy_project(work / "project")
    warehouse = WarehouseResource(
        build_path=str(database),
        published_path=str(work / "published" / "pira.duckdb"),
        landing_dir=str(work / "landing"),
        reports_dir=str(work / "reports"),
        project_dir=str(project),
        dbt_vars=json.dumps({"raw_source": "external"}),
        landing_files=[],
    )
    seconds, verdicts = [], []
    instance = dg.DagsterInstance.ephemeral()
    console.enable()
    try:
        for number in range(1, RUNS + 1):
            print(f"--- run {number} ---", flush=True)
            begun = time.perf_counter()
            outcome = run_job(
                warehouse, instance, [period], asset_selection=list(pira_dbt_periods.keys)
            )
            seconds.append(time.perf_counter() - begun)
            verdicts.append(outcome.result.success)
            if not outcome.result.success:
                print("\n".join(outcome.messages), file=sys.stderr)
                break
    finally:
        instance.dispose()
    print(json.dumps({"import_s": imported_s, "runs_s": seconds, "success": verdicts}))
    return 0 if all(verdicts) and len(verdicts) == RUNS else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
