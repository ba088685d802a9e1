"""The single Dagster entry point: `dagster dev -m orchestration.definitions` (make ui) or in-process (make run)."""

import dagster as dg

from orchestration.assets import (
    landed_measure_extracts,
    pira_dbt_periods,
    pira_dbt_plan,
    pira_reports,
    publication,
    published_warehouse,
    requested_periods,
)
from orchestration.checks import gx_landing_checks, gx_period_checks, gx_plan_checks
from orchestration.notification_sensors import build_notification_sensors
from orchestration.paths import PROJECT_DIR
from orchestration.resources import WarehouseResource
from orchestration.schedules import MAIN_JOB_NAME, quarterly_monitoring, yearly_consuntivo
from orchestration.sensors import landing_sensor

SYNTHETIC_EXTRACTS_DIR = PROJECT_DIR / "data" / "synthetic"

main_job = dg.define_asset_job(
    name=MAIN_JOB_NAME,
    selection=dg.AssetSelection.all(),
    description="Land extracts, build the period with dbt, validate with Great Expectations, publish, report.",
)


def build_definitions(warehouse: WarehouseResource) -> dg.Definitions:
    """The definitions bound to one warehouse (tests bind temporary files)."""
    return dg.Definitions(
        assets=[
            landed_measure_extracts,
            requested_periods,
            pira_dbt_plan,
            pira_dbt_periods,
            published_warehouse,
            pira_reports,
            publication,
        ],
        asset_checks=[gx_landing_checks, gx_plan_checks, gx_period_checks],
        jobs=[main_job],
        schedules=[yearly_consuntivo, quarterly_monitoring],
        sensors=[landing_sensor, *build_notification_sensors(main_job)],
        resources={"warehouse": warehouse},
        # One writer on the DuckDB file: every step in one process, one after the other.
        executor=dg.in_process_executor,
    )


defs = build_definitions(WarehouseResource(extra_extract_dirs=[str(SYNTHETIC_EXTRACTS_DIR)]))
