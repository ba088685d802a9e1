"""The assets of one run, for one period partition: landed extracts -> dbt models -> staged version
(published copy + Parquet) -> its reports -> publication (the switch of `current`)."""

import os
from pathlib import Path

import dagster as dg
from dagster_dbt import dbt_assets

from expectations.suites import Suite, suites
from orchestration import console, run_state
from orchestration.dbt_resources import GROUP_PURPOSE, TRANSLATOR, dbt_build_events, manifest_path
from orchestration.landing import load_extracts
from orchestration.partitions import PERIOD_PARTITIONS, run_periods
from orchestration.paths import WAREHOUSE_ENV_VAR
from orchestration.period_control import PERIOD_MODELS, set_requested_periods
from orchestration.publish import (
    PublicationBlocked,
    render_reports,
    restore_published_history,
    stage_version,
    staged_version,
    switch_version,
    withheld_scopes,
)
from orchestration.resources import WarehouseResource
from orchestration.stale_runs import record_run_process

LANDING_KEY = dg.AssetKey(["landing", "measure_values"])
LANDING_SUITES = {"landing_files"}
# The three publication steps: one run over the periods of the run (a partition range in one go).
PUBLISH_STEP = {
    "partitions_def": PERIOD_PARTITIONS,
    "backfill_policy": dg.BackfillPolicy.single_run(),
    "group_name": "publish",
    "metadata": {"group": GROUP_PURPOSE["publish"]},
}


def asset_key_of(suite: Suite) -> dg.AssetKey:
    """The asset a GX suite validates: the dbt model behind its table (keyed schema/name), or the landed extracts."""
    if suite.name in LANDING_SUITES:
        return LANDING_KEY
    return dg.AssetKey(suite.relation.split("."))


# The dbt source control.requested_periods (int_plan__periods reads it): written by the dbt asset
# from the run's partition keys, not materialized on its own.
requested_periods = dg.AssetSpec(
    key=dg.AssetKey(["control", "requested_periods"]),
    group_name="landing",
    description="The periods a run computes (its validated partition keys, one row each); "
    "empty: every period. Written by the dbt step before dbt starts.",
)


@dg.asset(
    key=LANDING_KEY,
    partitions_def=PERIOD_PARTITIONS,
    backfill_policy=dg.BackfillPolicy.single_run(),
    group_name="landing",
    metadata={"group": GROUP_PURPOSE["landing"]},
    description="Measure extract files of the landing folder, checked and appended to raw_landing.measure_values.",
)
def landed_measure_extracts(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    run_periods(context)  # an invalid partition key stops the run here, before anything lands
    record_run_process(context)
    with console.stage("Caricamento estratti") as stage:
        verdicts = load_extracts(
            Path(warehouse.build_path), warehouse.extract_files(), context.run.run_id[:12]
        )
        stage["detail"] = (
            f"{len(verdicts)} file, {sum(v.row_count for v in verdicts)} righe nuove, "
            f"{sum(v.status == 'rejected' for v in verdicts)} rifiutati"
        )
    run_state.record(context.run.run_id).files = verdicts
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
    exclude=f"test_type:unit {PERIOD_MODELS}",
    name="pira_dbt_plan",
)
def pira_dbt_plan(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """Seeds, staging, the plan, the measure chain and the period-independent checks, with their
    data tests, in one `dbt build` in this process.

    Seeds are recreated by the build (full_refresh in dbt_project.yml): a new layout loads.
    """
    record_run_process(context)
    os.environ[WAREHOUSE_ENV_VAR] = warehouse.build_path
    yield from dbt_build_events(context, warehouse, "dbt build (piano e misure)")


@dbt_assets(
    manifest=manifest_path(),
    dagster_dbt_translator=TRANSLATOR,
    select=PERIOD_MODELS,
    exclude="test_type:unit",
    partitions_def=PERIOD_PARTITIONS,
    backfill_policy=dg.BackfillPolicy.single_run(),
    name="pira_dbt_periods",
)
def pira_dbt_periods(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """The models of the partition's periods (values, results, roll-ups, monitoring, the fact
    marts incremental by period) with their data tests, in one `dbt build` in this process.

    The periods reach dbt as rows of control.requested_periods (validated, bound parameters), never
    as SQL text; an invalid partition key fails here, before the warehouse is touched.
    """
    # One period, or a range of them in a single run (make run, backfills): dbt builds exactly those.
    periods = run_periods(context)
    record_run_process(context)
    os.environ[WAREHOUSE_ENV_VAR] = warehouse.build_path
    set_requested_periods(warehouse.build_path, periods)
    yield from dbt_build_events(context, warehouse, "dbt build (periodi)")


DBT_ASSETS = (pira_dbt_plan, pira_dbt_periods)
DBT_ASSET_KEYS = frozenset(key for assets_def in DBT_ASSETS for key in assets_def.keys)


def _withheld_markdown(withheld) -> dg.MetadataValue:
    return dg.MetadataValue.md(
        "\n".join(f"- {item.label}: {item.message}" for item in withheld) or "nothing withheld"
    )


@dg.asset(
    # Every asset a blocking check validates is upstream: the checks run first, and an error that
    # concerns no entity (check severity ERROR) stops the publication.
    deps=sorted(
        # Every mart (the dbt assets keyed marts/<model>) and the check models the GX suites read.
        {key for key in DBT_ASSET_KEYS if key.path[0] == "marts"}
        | {asset_key_of(s) for s in suites()}
    ),
    **PUBLISH_STEP,
    description=(
        "A new version of the read-only copy BI tools read, staged (not yet visible): the build, "
        "with the entities and periods an error withholds kept as previously published, and its "
        "Parquet export."
    ),
)
def published_warehouse(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    run_id = context.run.run_id[:12]
    build_path, published_path = Path(warehouse.build_path), Path(warehouse.published_path)
    record = run_state.record(context.run.run_id)
    if record.dbt_test_failures:
        # A broken contract or relationship: nothing tells which entity it concerns.
        record.blocked = record.dbt_test_failures
        restore_published_history(build_path, published_path)
        raise dg.Failure(description=f"Nothing published: {record.dbt_test_failures}")
    with console.stage("Pubblicazione: copia e export Parquet"):
        try:
            withheld = withheld_scopes(build_path, published_path, run_id)
        except PublicationBlocked as blocked:
            record.blocked = str(blocked)
            raise
        for item in withheld:
            context.log.warning(f"withheld {item.label}: {item.message}")
        staged = stage_version(build_path, published_path, run_id, withheld)
    return dg.MaterializeResult(
        metadata={
            "version": str(staged.folder),
            "withheld": _withheld_markdown(withheld),
        }
    )


@dg.asset(
    deps=[published_warehouse],
    **PUBLISH_STEP,
    description=(
        "Rapporto sui risultati del PIRA (HTML, XLSX and the PDF printed by Chromium) for every "
        "entity and period, from the staged copy, into the staged version."
    ),
)
def pira_reports(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    staged = staged_version(Path(warehouse.published_path), context.run.run_id[:12])
    with console.stage("Report") as stage:
        paths = render_reports(staged)
        stage["detail"] = f"{len(paths)} file"
    return dg.MaterializeResult(
        metadata={"reports": dg.MetadataValue.md("\n".join(f"- {p.name}" for p in paths))}
    )


@dg.asset(
    deps=[pira_reports],
    **PUBLISH_STEP,
    description=(
        "The switch: the staged version (copy, Parquet, reports) becomes current in one atomic "
        "rename; older versions beyond PIRA_PUBLISHED_KEEP are pruned."
    ),
)
def publication(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    staged = staged_version(Path(warehouse.published_path), context.run.run_id[:12])
    with console.stage("Pubblicazione: cambio di versione"):
        published = switch_version(
            staged,
            Path(warehouse.published_path),
            Path(warehouse.reports_dir),
            warehouse.published_keep,
        )
    run_state.record(context.run.run_id).publication = published
    return dg.MaterializeResult(
        metadata={
            "version": str(published.version),
            "published_path": str(warehouse.published_path),
            "reports_dir": str(warehouse.reports_dir),
            "withheld": _withheld_markdown(published.withheld),
        }
    )
