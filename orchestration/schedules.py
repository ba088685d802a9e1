"""When the warehouse refreshes on its own: the yearly consuntivo and the quarterly monitoring (Europe/Rome)."""

import dagster as dg

from orchestration.partitions import PERIOD_PARTITIONS, previous_quarter, previous_year
from orchestration.period_control import validate_period
from orchestration.stale_runs import fail_stale_runs

TIMEZONE = "Europe/Rome"
MAIN_JOB_NAME = "pira_main_job"


def request_period(context: dg.ScheduleEvaluationContext, period: str, kind: str) -> dg.RunRequest:
    """Register the period as a partition if it is new, and ask for its run (never an invalid key)."""
    validate_period(period)
    if context.instance is not None:
        # A run left STARTED by a dead process would hold the one-run queue: close it first.
        fail_stale_runs(context.instance, MAIN_JOB_NAME)
    if context.instance is not None and not context.instance.has_dynamic_partition(
        PERIOD_PARTITIONS.name, period
    ):
        context.instance.add_dynamic_partitions(PERIOD_PARTITIONS.name, [period])
    return dg.RunRequest(
        run_key=f"{kind}-{period}", partition_key=period, tags={"pira/refresh": kind}
    )


@dg.schedule(
    cron_schedule="0 6 15 1 *",
    execution_timezone=TIMEZONE,
    job_name=MAIN_JOB_NAME,
    description="Consuntivo of the previous year, on 15 January at 06:00 (the year's extracts are in by then).",
)
def yearly_consuntivo(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    return request_period(context, previous_year(context.scheduled_execution_time.date()), "yearly")


@dg.schedule(
    cron_schedule="0 6 10 1,4,7,10 *",
    execution_timezone=TIMEZONE,
    job_name=MAIN_JOB_NAME,
    description="Monitoring of the quarter just closed, on the 10th day after it ends at 06:00.",
)
def quarterly_monitoring(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    return request_period(
        context, previous_quarter(context.scheduled_execution_time.date()), "quarterly"
    )
