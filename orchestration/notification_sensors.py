"""Sensors that tell the data team what went wrong: messages in the outbox, sent by SMTP if configured.

Three events, each one message (orchestration/notifications.py writes, dedupes and sends them):

- `notify_run_failure`: a run of the main job failed (scheduled, sensor-launched or from the UI);
- `notify_check_failures`: a blocking asset check failed with errors in a finished run of the main
  job: severity ERROR (the publication stopped) or errors scoped to entities and periods (those
  were withheld). Checks failing with warnings only are not notified: they publish with the flag;
- `notify_off_track`: after a successful run, the indicators of an entity that are "Non in linea"
  in a quarter of the run and were not in the previous quarter (or were not monitored there).
  They are read from the published marts, as every reader of the warehouse does.

The daemon evaluates them (`make ui`); they are off until switched on, like the other sensors.
"""

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import dagster as dg
import duckdb

from orchestration.notifications import (
    CheckFailure,
    OffTrackIndicator,
    RunInfo,
    check_failure_notification,
    notify,
    off_track_notification,
    run_failure_notification,
)
from orchestration.partitions import PERIOD_PARTITIONS
from orchestration.resources import WarehouseResource
from orchestration.schedules import MAIN_JOB_NAME

FINISHED = [dg.DagsterRunStatus.SUCCESS, dg.DagsterRunStatus.FAILURE, dg.DagsterRunStatus.CANCELED]
# The check sensor's first evaluation looks back this far (later ones continue from the cursor).
FIRST_LOOKBACK = timedelta(days=1)
# Runs updated in the same second as the cursor are read again: the outbox keeps one message each.
CURSOR_OVERLAP = timedelta(seconds=2)
RANGE_TAGS = ("dagster/asset_partition_range_start", "dagster/asset_partition_range_end")


def run_period_keys(instance: dg.DagsterInstance, run: dg.DagsterRun) -> list[str] | None:
    """The periods a run computed: its partition, the keys of its range, None for every period."""
    tags = run.tags
    if "dagster/partition" in tags:
        return [tags["dagster/partition"]]
    start, end = (tags.get(tag) for tag in RANGE_TAGS)
    if start and end:
        keys = list(instance.get_dynamic_partitions(PERIOD_PARTITIONS.name))
        if start in keys and end in keys:
            return keys[keys.index(start) : keys.index(end) + 1]
        return [start, end]
    return None


def run_info(instance: dg.DagsterInstance, run: dg.DagsterRun) -> RunInfo:
    record = instance.get_run_record_by_id(run.run_id)

    def moment(timestamp: float | None) -> datetime | None:
        return datetime.fromtimestamp(timestamp, UTC) if timestamp else None

    return RunInfo(
        run_id=run.run_id,
        job_name=run.job_name,
        periods=tuple(run_period_keys(instance, run) or ()),
        started_at=moment(record.start_time) if record else None,
        ended_at=moment(record.end_time) if record else None,
    )


def failed_steps(instance: dg.DagsterInstance, run_id: str) -> list[tuple[str, str]]:
    """(step, error) of the run's failed steps; the error is the original one, not Dagster's wrapper."""
    steps = []
    for entry in instance.all_logs(run_id, of_type=dg.DagsterEventType.STEP_FAILURE):
        event = entry.dagster_event
        error = getattr(event.event_specific_data, "error", None)
        while error is not None and error.cause is not None:
            error = error.cause
        steps.append(
            (event.step_key or "?", error.message.strip() if error else event.message or "")
        )
    return steps


def metadata_value(metadata: dict, name: str):
    value = metadata.get(name)
    return getattr(value, "value", value)


def check_descriptions(repository_def: dg.RepositoryDefinition | None) -> dict:
    """The description of every check (the catalogue's Italian labels for the GX suites)."""
    if repository_def is None:
        return {}
    graph = repository_def.asset_graph
    return {key: graph.get(key).description or "" for key in graph.asset_check_keys}


def check_failures(
    instance: dg.DagsterInstance, run_id: str, descriptions: dict | None = None
) -> list[CheckFailure]:
    """The run's blocking checks that failed with errors (not those with warnings only)."""
    failures = []
    for entry in instance.all_logs(run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION):
        evaluation = entry.dagster_event.event_specific_data
        if evaluation.passed or not evaluation.blocking:
            continue
        metadata = dict(evaluation.metadata or {})
        errors = metadata_value(metadata, "errors")
        blocks_everything = evaluation.severity == dg.AssetCheckSeverity.ERROR
        if not blocks_everything and errors is not None and int(errors) == 0:
            continue  # warnings only: published with the flag
        failures.append(
            CheckFailure(
                asset=evaluation.asset_key.to_user_string(),
                check_name=evaluation.check_name,
                blocks_everything=blocks_everything,
                description=evaluation.description
                or (descriptions or {}).get(
                    dg.AssetCheckKey(evaluation.asset_key, evaluation.check_name), ""
                ),
                errors=None if errors is None else int(errors),
                failed=metadata_value(metadata, "failed"),
                expectations=metadata_value(metadata, "expectations"),
                withheld=str(metadata_value(metadata, "withheld") or ""),
                messages=str(metadata_value(metadata, "messages") or ""),
                data_docs=str(metadata_value(metadata, "data_docs") or ""),
            )
        )
    return failures


def previous_quarter_of(period: str) -> str:
    year, quarter = int(period[:4]), int(period[-1])
    return f"{year - 1}-Q4" if quarter == 1 else f"{year}-Q{quarter - 1}"


def is_quarter(period: str) -> bool:
    return len(period) == 7 and period[:4].isdigit() and period[4:6] == "-Q" and period[6] in "1234"


def monitoring_rows(published: Path, periods: list[str] | None) -> list[dict]:
    """The published monitoring rows of these quarters (None: every quarter), with the names."""
    with duckdb.connect(str(published), read_only=True) as connection:
        if periods is None:
            periods = [
                period
                for (period,) in connection.execute(
                    "select distinct period from marts.fct_monitoring_indicators"
                ).fetchall()
            ]
        result = connection.execute(
            """
            select
                m.entity_code, e.entity_name, m.period, m.node_code, m.indicator_code,
                i.indicator_name, m.on_track_status, m.on_track_status_label, m.status_reason,
                m.achievement_vs_annual_pct_reported, m.projected_achievement_pct_reported
            from marts.fct_monitoring_indicators as m
            inner join marts.dim_entity as e on m.entity_code = e.entity_code
            left join marts.dim_indicator as i
                on m.entity_code = i.entity_code and m.indicator_code = i.indicator_code
            where list_contains(?, m.period)
            order by m.entity_code, m.period, m.node_code, m.indicator_code
            """,
            [sorted(set(periods))],
        )
        names = [column[0] for column in result.description]
        return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def turned_off_track(
    published: Path, quarters: list[str] | None
) -> dict[tuple[str, str], tuple[str, list[OffTrackIndicator]]]:
    """(entity, quarter) -> (entity name, indicators "Non in linea" there but not the quarter before)."""
    wanted = None if quarters is None else sorted(set(quarters))
    needed = None if wanted is None else wanted + [previous_quarter_of(q) for q in wanted]
    rows = monitoring_rows(published, needed)
    if wanted is None:
        wanted = sorted({row["period"] for row in rows if is_quarter(row["period"])})
    by_key = {(r["entity_code"], r["period"], r["node_code"], r["indicator_code"]): r for r in rows}
    found: dict[tuple[str, str], tuple[str, list[OffTrackIndicator]]] = {}
    for row in rows:
        if row["period"] not in wanted or row["on_track_status"] != "off_track":
            continue
        previous = by_key.get(
            (row["entity_code"], previous_quarter_of(row["period"]), row["node_code"],
             row["indicator_code"])
        )  # fmt: skip
        if previous is not None and previous["on_track_status"] == "off_track":
            continue
        _, items = found.setdefault((row["entity_code"], row["period"]), (row["entity_name"], []))
        items.append(
            OffTrackIndicator(
                node_code=row["node_code"],
                indicator_code=row["indicator_code"],
                indicator_name=row["indicator_name"] or "",
                status_label=row["on_track_status_label"],
                status_reason=row["status_reason"],
                achievement_vs_annual_pct=as_float(row["achievement_vs_annual_pct_reported"]),
                projected_achievement_pct=as_float(row["projected_achievement_pct_reported"]),
                previous_label=previous["on_track_status_label"] if previous else None,
            )
        )
    return found


def as_float(value) -> float | None:
    return None if value is None else float(value)


def report_path(warehouse: WarehouseResource, entity_code: str, period: str) -> Path | None:
    path = Path(warehouse.reports_dir) / f"{entity_code}_{period}.html"
    return path if path.exists() else None


def log_entries(context, entries) -> None:
    for entry in entries:
        verb = "scritto" if entry.created else "già presente"
        context.log.info(f"notifica {entry.path.name}: {verb}, stato {entry.state}")


def build_notification_sensors(main_job) -> list[dg.SensorDefinition]:
    """The three notification sensors, watching the main job."""

    @dg.run_failure_sensor(
        name="notify_run_failure",
        monitored_jobs=[main_job],
        minimum_interval_seconds=60,
        description="Writes (and sends by SMTP) a message when a run of the main job fails.",
    )
    def notify_run_failure(
        context: dg.RunFailureSensorContext, warehouse: WarehouseResource
    ) -> None:
        run = context.dagster_run
        error = context.failure_event.message if context.failure_event else ""
        notification = run_failure_notification(
            run_info(context.instance, run),
            error or "",
            failed_steps(context.instance, run.run_id),
            dbt_log=Path(warehouse.project_dir) / "logs" / "dbt.log",
        )
        log_entries(context, notify(warehouse.outbox_dir, [notification]))

    @dg.run_status_sensor(
        run_status=dg.DagsterRunStatus.SUCCESS,
        name="notify_off_track",
        monitored_jobs=[main_job],
        minimum_interval_seconds=60,
        description="After a successful run: a message per entity and quarter whose indicators "
        "turned off track (read from the published marts).",
    )
    def notify_off_track(
        context: dg.RunStatusSensorContext, warehouse: WarehouseResource
    ) -> dg.SkipReason | None:
        run = context.dagster_run
        periods = run_period_keys(context.instance, run)
        quarters = None if periods is None else [p for p in periods if is_quarter(p)]
        published = Path(warehouse.published_path)
        if quarters == [] or not published.exists():
            return dg.SkipReason(f"run {run.run_id}: no published quarter to compare")
        info = run_info(context.instance, run)
        notifications = [
            off_track_notification(
                info,
                entity_code,
                entity_name,
                period,
                previous_quarter_of(period),
                indicators,
                report_path(warehouse, entity_code, period),
                published,
            )
            for (entity_code, period), (entity_name, indicators) in sorted(
                turned_off_track(published, quarters).items()
            )
        ]
        log_entries(context, notify(warehouse.outbox_dir, notifications))
        return None

    @dg.sensor(
        name="notify_check_failures",
        minimum_interval_seconds=60,
        description="Writes (and sends by SMTP) a message for each blocking asset check that "
        "failed with errors in a finished run of the main job.",
    )
    def notify_check_failures(
        context: dg.SensorEvaluationContext, warehouse: WarehouseResource
    ) -> dg.SensorResult:
        since = (
            datetime.fromisoformat(json.loads(context.cursor)["updated_after"])
            if context.cursor
            else datetime.now(UTC) - FIRST_LOOKBACK
        )
        records = context.instance.get_run_records(
            filters=dg.RunsFilter(
                job_name=MAIN_JOB_NAME, statuses=FINISHED, updated_after=since - CURSOR_OVERLAP
            ),
            order_by="update_timestamp",
            ascending=True,
            limit=100,
        )
        descriptions = check_descriptions(context.repository_def)
        notifications = [
            check_failure_notification(run_info(context.instance, record.dagster_run), failure)
            for record in records
            for failure in check_failures(context.instance, record.dagster_run.run_id, descriptions)
        ]
        # Called even without a new event: messages left pending (server down) are tried again.
        entries = notify(warehouse.outbox_dir, notifications)
        log_entries(context, entries)
        latest = max([record.update_timestamp for record in records], default=since)
        cursor = json.dumps({"updated_after": latest.astimezone(UTC).isoformat()})
        if not any(entry.created for entry in entries):
            return dg.SensorResult(skip_reason=dg.SkipReason("no new check failure"), cursor=cursor)
        return dg.SensorResult(cursor=cursor)

    return [notify_run_failure, notify_off_track, notify_check_failures]
