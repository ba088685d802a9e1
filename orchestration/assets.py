"""The assets of one run, for one period partition: landed extracts -> dbt models -> published copy -> reports."""

import json
import os
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets

from expectations.suites import Suite, suites
from orchestration.dbt_resources import TRANSLATOR, manifest_path
from orchestration.landing import load_extracts
from orchestration.partitions import PERIOD_PARTITIONS
from orchestration.paths import WAREHOUSE_ENV_VAR
from orchestration.publish import publish
from orchestration.reports import build_all_reports
from orchestration.resources import WarehouseResource

LANDING_KEY = dg.AssetKey(["landing", "measure_values"])
LANDING_SUITES = {"landing_files"}


def asset_key_of(suite: Suite) -> dg.AssetKey:
    """The asset a GX suite validates: the dbt model behind its table (keyed schema/name), or the landed extracts."""
    if suite.name in LANDING_SUITES:
        return LANDING_KEY
    return dg.AssetKey(suite.relation.split("."))


# What must hold before publishing: the marts and the check models the GX suites read.
PUBLISHED_FROM = [
    "dim_entity", "dim_objective", "dim_indicator", "fct_indicator_targets", "fct_indicator_baselines",
    "fct_budget", "fct_indicator_results", "fct_objective_results", "fct_entity_results",
    "fct_data_quality_issues", "fct_quarantined_rows", "fct_row_reconciliation",
]  # fmt: skip


@dg.asset(
    key=LANDING_KEY,
    partitions_def=PERIOD_PARTITIONS,
    backfill_policy=dg.BackfillPolicy.single_run(),
    group_name="landing",
    description="Measure extract files of the landing folder, checked and appended to raw_landing.measure_values.",
)
def landed_measure_extracts(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    verdicts = load_extracts(
        Path(warehouse.build_path), warehouse.extract_files(), context.run_id[:12]
    )
    for verdict in verdicts:
        if verdict.status == "rejected":
            context.log.error(verdict.message)
        elif verdict.status in ("loaded_with_warnings", "duplicate"):
            context.log.warning(verdict.message)
        elif verdict.status in ("ignored", "pending", "withdrawn"):
            context.log.info(verdict.message)
    return dg.MaterializeResult(
        metadata={
            "files": len(verdicts),
            "rejected": sum(verdict.status == "rejected" for verdict in verdicts),
            "rows_loaded": sum(verdict.row_count for verdict in verdicts),
            "verdicts": dg.MetadataValue.md(
                "\n".join(f"- {v.status}: {v.message}" for v in verdicts) or "none"
            ),
        }
    )


@dbt_assets(
    manifest=manifest_path(),
    dagster_dbt_translator=TRANSLATOR,
    partitions_def=PERIOD_PARTITIONS,
    exclude="test_type:unit",
    backfill_policy=dg.BackfillPolicy.single_run(),
)
def pira_dbt_models(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource
):
    """The models of the partition's period with their data tests (seeds recreated first: a new layout loads)."""
    os.environ[WAREHOUSE_ENV_VAR] = warehouse.build_path
    # One period, or a range of them in a single run (make run, backfills): dbt builds exactly those.
    periods = (
        context.partition_keys
        if context.has_partition_key or context.has_partition_key_range
        else []
    )
    dbt_vars = json.dumps({"periods": ",".join(periods)} if periods else {})
    dbt.cli(["seed", "--full-refresh", "--vars", dbt_vars]).wait()
    yield from dbt.cli(["build", "--vars", dbt_vars], context=context).stream()


@dg.asset(
    # Every asset a blocking check validates is upstream: a failed check stops the publication.
    deps=sorted(
        {dg.AssetKey(["marts", name]) for name in PUBLISHED_FROM}
        | {asset_key_of(s) for s in suites()}
    ),
    partitions_def=PERIOD_PARTITIONS,
    backfill_policy=dg.BackfillPolicy.single_run(),
    group_name="publish",
    description="The read-only copy BI tools read, swapped in atomically once the blocking checks passed.",
)
def published_warehouse(warehouse: WarehouseResource) -> dg.MaterializeResult:
    path = publish(Path(warehouse.build_path), Path(warehouse.published_path))
    return dg.MaterializeResult(metadata={"path": str(path)})


@dg.asset(
    deps=[published_warehouse],
    partitions_def=PERIOD_PARTITIONS,
    backfill_policy=dg.BackfillPolicy.single_run(),
    group_name="publish",
    description="Rapporto sui risultati del PIRA (HTML and XLSX) for every entity and period, from the published copy.",
)
def pira_reports(warehouse: WarehouseResource) -> dg.MaterializeResult:
    reports_dir = Path(warehouse.reports_dir)
    # Every run writes the reports of every published entity and period: stale ones (a plan report
    # superseded by results) must not linger.
    for stale in [*reports_dir.glob("*.html"), *reports_dir.glob("*.xlsx")]:
        stale.unlink()
    paths = build_all_reports(Path(warehouse.published_path), reports_dir)
    return dg.MaterializeResult(
        metadata={"reports": dg.MetadataValue.md("\n".join(f"- {p}" for p in paths))}
    )
