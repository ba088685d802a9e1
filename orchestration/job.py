"""One pipeline: the main Dagster job, run in this process, and what it did as a plain outcome.

`make run` (orchestration/run.py) and the tests (tests/conftest.py: Scenario.run_pipeline) call
`run_job`; the UI, the schedules and the sensor launch the same job through the daemon.
"""

import csv
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg

# Private, but the only way to say which instance's state storage the definitions load with:
# otherwise Dagster takes the last instance entered in this thread, which may be closed (tests).
from dagster._core.storage.defs_state.base import set_defs_state_storage

from orchestration import run_state
from orchestration.definitions import MAIN_JOB_NAME, build_definitions
from orchestration.landing import FileVerdict, complete_files, read_extract
from orchestration.partitions import PERIOD_PARTITIONS
from orchestration.period_control import is_period, validate_period
from orchestration.publish import Withheld
from orchestration.quality import ValidationRun
from orchestration.resources import WarehouseResource

warnings.filterwarnings("ignore", category=dg.PreviewWarning)
warnings.filterwarnings("ignore", category=dg.BetaWarning)
# Dagster's console logger: errors only (the run's full log is in the instance's history).
QUIET_DAGSTER = {"loggers": {"console": {"config": {"log_level": "ERROR"}}}}


@dataclass
class RunOutcome:
    run_id: str  # the first 12 characters of the Dagster run id (audit tables, versions)
    build_path: Path
    published_path: Path
    verdict: str = "ok"  # ok | warning | error
    # A new version became current (errors may still have withheld some scopes: see withheld).
    published: bool = False
    version: Path | None = None
    withheld: list[Withheld] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    files: list[FileVerdict] = field(default_factory=list)
    validation: ValidationRun | None = None
    result: dg.ExecuteInProcessResult | None = None


def period_sort_key(period: str) -> tuple[int, int]:
    return int(period[:4]), int(period[-1]) if "-Q" in period else 5


def extract_periods(warehouse: WarehouseResource) -> list[str]:
    """Every valid period of the embedded extract (seed) and of the complete extract files, in order."""
    seed = Path(warehouse.project_dir) / "seeds" / "raw" / "raw_measure_values.csv"
    periods: set[str] = set()
    if seed.exists():
        with seed.open(newline="", encoding="utf-8") as handle:
            periods = {(row.get("period") or "").strip() for row in csv.DictReader(handle)}
    for path in complete_files(warehouse.extract_files()):
        rows, _, rejection = read_extract(path)
        if not rejection:
            periods |= {(row.get("period") or "").strip() for row in rows}
    return sorted((period for period in periods if is_period(period)), key=period_sort_key)


def merged_validation(runs: list[ValidationRun]) -> ValidationRun | None:
    if not runs:
        return None
    merged = ValidationRun(run_id=runs[0].run_id, run_at=runs[0].run_at)
    for run in runs:
        merged.outcomes.extend(run.outcomes)
        merged.data_docs_index = run.data_docs_index or merged.data_docs_index
    return merged


def step_errors(result: dg.ExecuteInProcessResult) -> list[str]:
    return [
        f"{event.step_key}: {event.event_specific_data.error.message.strip()}"
        for event in result.all_events
        if event.event_type_value == "STEP_FAILURE" and event.event_specific_data.error
    ]


def run_job(
    warehouse: WarehouseResource,
    instance: dg.DagsterInstance | None = None,
    periods: list[str] | None = None,
    tags: dict[str, str] | None = None,
    run_config: dict | None = None,
    asset_selection: list[dg.AssetKey] | None = None,
) -> RunOutcome:
    """The main job over `periods` (validated first; one partition or a range in one run; None:
    every period of the extracts) on `warehouse`; an ephemeral instance unless one is given.
    `asset_selection`: only those assets of the job (e.g. a period's dbt models, bench/)."""
    for period in periods or []:
        validate_period(period)  # ValueError before anything is written
    periods = list(periods or extract_periods(warehouse))
    if not periods:
        raise ValueError("no period to compute: the extracts hold no valid period")
    own_instance = instance is None
    instance = instance or dg.DagsterInstance.ephemeral()
    try:
        with set_defs_state_storage(instance.defs_state_storage):
            result = execute(
                build_definitions(warehouse), instance, periods, tags, run_config, asset_selection
            )
    finally:
        if own_instance:
            instance.dispose()
    return outcome_of(result, warehouse)


def execute(
    defs: dg.Definitions,
    instance: dg.DagsterInstance,
    periods: list[str],
    tags: dict[str, str] | None,
    run_config: dict | None,
    asset_selection: list[dg.AssetKey] | None = None,
) -> dg.ExecuteInProcessResult:
    """The main job over the periods: one partition, or a range of them in one run."""
    known = set(instance.get_dynamic_partitions(PERIOD_PARTITIONS.name))
    new = [period for period in periods if period not in known]
    if new:
        instance.add_dynamic_partitions(PERIOD_PARTITIONS.name, new)
    options: dict = {}
    if len(periods) == 1:
        options["partition_key"] = periods[0]
    else:
        # A range in the instance's order of the keys (make run registers them in order).
        ordered = [
            key for key in instance.get_dynamic_partitions(PERIOD_PARTITIONS.name) if key in periods
        ]
        tags = {
            **(tags or {}),
            "dagster/asset_partition_range_start": ordered[0],
            "dagster/asset_partition_range_end": ordered[-1],
        }
    return defs.resolve_job_def(MAIN_JOB_NAME).execute_in_process(
        instance=instance,
        raise_on_error=False,
        tags=tags,
        run_config=run_config or QUIET_DAGSTER,
        asset_selection=asset_selection,
        **options,
    )


def outcome_of(result: dg.ExecuteInProcessResult, warehouse: WarehouseResource) -> RunOutcome:
    record = run_state.pop(result.run_id)
    outcome = RunOutcome(
        run_id=result.run_id[:12],
        build_path=Path(warehouse.build_path),
        published_path=Path(warehouse.published_path),
        files=list(record.files),
        validation=merged_validation(record.validations),
        result=result,
    )
    outcome.messages += [
        verdict.message
        for verdict in outcome.files
        if verdict.status not in ("loaded", "already_loaded")
    ]
    if record.dbt_test_failures:
        outcome.messages.append(record.dbt_test_failures)
    if outcome.validation is not None:
        outcome.messages += [failure.message for failure in outcome.validation.failures]
    if record.blocked and record.blocked not in outcome.messages:
        outcome.messages.append(record.blocked)
    if record.publication is not None:
        outcome.published = True
        outcome.version = record.publication.version
        outcome.withheld = list(record.publication.withheld)
    failed_steps = step_errors(result)
    outcome.messages += [m for m in failed_steps if not any(x in m for x in outcome.messages)]
    if record.dbt_test_failures or not result.success:
        outcome.verdict = "error"
    elif outcome.validation is not None:
        outcome.verdict = outcome.validation.verdict
    return outcome
