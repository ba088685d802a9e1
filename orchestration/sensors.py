"""A new measure extract dropped in the landing folder triggers the run of the period(s) it covers.

Files are discovered as landing takes them (orchestration/landing.py): only complete files (renamed
from a temporary name, marked `<name>.done`, or unchanged for the settle interval); directories,
hidden, lock and temporary files are left alone. A file that cannot be read still triggers a run
(of the latest known period): its landing check gives the Great Expectations verdict.
"""

import json
from pathlib import Path

import dagster as dg

from orchestration.landing import complete_files, landing_entries, read_extract
from orchestration.partitions import PERIOD_PARTITIONS, is_period
from orchestration.resources import WarehouseResource
from orchestration.schedules import MAIN_JOB_NAME
from orchestration.stale_runs import fail_stale_runs


def file_signature(path: Path) -> str:
    stat = path.stat()
    return f"{path.name}:{stat.st_size}:{int(stat.st_mtime)}"


@dg.sensor(
    job_name=MAIN_JOB_NAME,
    minimum_interval_seconds=60,
    description="Runs the periods of new landed extracts.",
)
def landing_sensor(
    context: dg.SensorEvaluationContext, warehouse: WarehouseResource
) -> dg.SensorResult:
    # Runs whose process died (kill -9, reboot) would otherwise stay STARTED and hold the queue.
    for run_id in fail_stale_runs(context.instance, MAIN_JOB_NAME):
        context.log.warning(f"run {run_id}: its process is gone, marked failed")
    seen = set(json.loads(context.cursor)) if context.cursor else set()
    folder = Path(warehouse.landing_dir)
    files = complete_files(landing_entries([folder]))
    new_files = [path for path in files if file_signature(path) not in seen]
    if not new_files:
        return dg.SensorResult(skip_reason=dg.SkipReason(f"no new extract in {folder}"))
    known = sorted(context.instance.get_dynamic_partitions(PERIOD_PARTITIONS.name))
    periods: set[str] = set()
    for path in new_files:
        rows, _, rejection = read_extract(path)
        found = {row["period"].strip() for row in rows if is_period(row["period"].strip())}
        if rejection or not found:
            # Unreadable: run the latest period so that the landing check gives the verdict.
            found = {known[-1]} if known else set()
            context.log.warning(f"{path.name}: {rejection or 'no valid period'}")
        periods |= found
    new_periods = sorted(period for period in periods if period not in known)
    if new_periods:
        # Registered before the run requests that name them (as the schedules do).
        context.instance.add_dynamic_partitions(PERIOD_PARTITIONS.name, new_periods)
    signature = "+".join(sorted(file_signature(path) for path in new_files))
    return dg.SensorResult(
        run_requests=[
            dg.RunRequest(run_key=f"{period}:{signature}", partition_key=period)
            for period in sorted(periods)
        ],
        cursor=json.dumps(sorted(seen | {file_signature(path) for path in new_files})),
    )
