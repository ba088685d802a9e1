"""Great Expectations suites as blocking Dagster asset checks on the assets whose tables they read.

Every check is blocking, so that publication runs after all of them. Severity ERROR (which stops
the publication downstream) is kept for an `error` that concerns no identifiable entity: then
nothing of the run may be published. An `error` scoped to entities and periods fails its check
with severity WARN, its metadata counting the errors and naming the scopes the publication
withholds (the rest publishes); so does an error about landed files, which concerns no figure.
`warning` failures fail with severity WARN and publish with the flag.
"""

from pathlib import Path

import dagster as dg

from expectations.suites import suites
from orchestration import console, run_state
from orchestration.assets import LANDING_SUITES, asset_key_of, pira_dbt_periods, pira_dbt_plan
from orchestration.quality import ValidationRun, validate_warehouse
from orchestration.resources import WarehouseResource


def label(check) -> str:
    """The Italian label of a check (catalogue), else its English description."""
    return check.label_it or check.description


def check_description(suite) -> str:
    return "; ".join(label(check) for check in suite.checks)


def check_specs(names: set[str] | None, exclude: set[str] = frozenset()) -> list[dg.AssetCheckSpec]:
    return [
        dg.AssetCheckSpec(
            name=f"gx_{suite.name}",
            asset=asset_key_of(suite),
            blocking=True,
            description=check_description(suite),
            # Unpartitioned: one evaluation per run (a run may cover a range of periods), shown as
            # the check's latest result; its metadata names the periods it covered.
        )
        for suite in suites()
        if (names is None or suite.name in names) and suite.name not in exclude
    ]


def run_periods_label(context: dg.AssetCheckExecutionContext) -> str:
    """The periods of the run the evaluation covers (the checks are unpartitioned: a run may cover a range)."""
    tags = context.run.tags
    if "dagster/partition" in tags:
        return tags["dagster/partition"]
    start, end = (tags.get(f"dagster/asset_partition_range_{side}") for side in ("start", "end"))
    return f"{start} … {end}" if start else "every period"


def check_results(
    run: ValidationRun, names: set[str] | None, exclude: set[str] = frozenset(), periods: str = ""
):
    for suite in suites():
        if (names is not None and suite.name not in names) or suite.name in exclude:
            continue
        outcomes = [outcome for outcome in run.outcomes if outcome.suite == suite.name]
        failures = [outcome for outcome in outcomes if not outcome.success]
        errors = [outcome for outcome in failures if outcome.severity == "error"]
        blocks_everything = any(outcome.blocks_everything for outcome in errors)
        withheld = sorted(
            {scope for outcome in errors for scope in outcome.scopes},
            key=lambda scope: (scope[0], scope[1] or ""),
        )
        yield dg.AssetCheckResult(
            asset_key=asset_key_of(suite),
            check_name=f"gx_{suite.name}",
            passed=not failures,
            severity=dg.AssetCheckSeverity.ERROR
            if blocks_everything
            else dg.AssetCheckSeverity.WARN,
            metadata={
                "periods": periods,
                "expectations": len(outcomes),
                "failed": len(failures),
                "errors": len(errors),
                "blocks_everything": blocks_everything,
                "withheld": dg.MetadataValue.md(
                    "\n".join(
                        f"- {entity} {period or '(every period)'}" for entity, period in withheld
                    )
                    or "nothing"
                ),
                "messages": dg.MetadataValue.md(
                    "\n".join(f"- {f.message}" for f in failures) or "all passed"
                ),
                "data_docs": str(run.data_docs_index or ""),
            },
        )


def suites_on(assets_def: dg.AssetsDefinition) -> set[str]:
    """The suites whose table is one of these dbt assets."""
    return {suite.name for suite in suites() if asset_key_of(suite) in assets_def.keys}


# Three steps: the landed files before dbt; the plan's checks between the two dbt steps (they are
# blocking, and the period models are downstream of the plan); the period checks at the end.
PLAN_SUITES = frozenset(suites_on(pira_dbt_plan))
PERIOD_SUITES = frozenset(suites_on(pira_dbt_periods))


@dg.multi_asset_check(specs=check_specs(LANDING_SUITES), name="gx_landing_checks")
def gx_landing_checks(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource):
    with console.stage("Controlli sugli estratti (Great Expectations)"):
        run = validate(context, warehouse, LANDING_SUITES, build_docs=False)
    yield from check_results(run, LANDING_SUITES, periods=run_periods_label(context))


@dg.multi_asset_check(specs=check_specs(PLAN_SUITES), name="gx_plan_checks")
def gx_plan_checks(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource):
    with console.stage("Controlli Great Expectations (piano e misure)") as stage:
        run = validate(context, warehouse, PLAN_SUITES, build_docs=False)
        stage["detail"] = f"{len(run.errors)} errori, {len(run.warnings)} avvisi"
    yield from check_results(run, PLAN_SUITES, periods=run_periods_label(context))


@dg.multi_asset_check(specs=check_specs(PERIOD_SUITES), name="gx_period_checks")
def gx_period_checks(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource):
    with console.stage("Controlli Great Expectations (periodi)") as stage:
        # The run's last validation step: the Data Docs show every suite of the run.
        run = validate(context, warehouse, PERIOD_SUITES, build_docs=True)
        stage["detail"] = f"{len(run.errors)} errori, {len(run.warnings)} avvisi"
    yield from check_results(run, PERIOD_SUITES, periods=run_periods_label(context))


def validate(
    context, warehouse: WarehouseResource, names: set[str], build_docs: bool
) -> ValidationRun:
    """The suites named, with the run's achievement cap (the dbt var the build used)."""
    run = validate_warehouse(
        Path(warehouse.build_path),
        warehouse.gx_root,
        context.run.run_id[:12],
        warehouse.dbt_var("achievement_cap_pct"),
        suite_names=names,
        build_docs=build_docs,
    )
    run_state.record(context.run.run_id).validations.append(run)
    return run
