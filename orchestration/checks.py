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
from orchestration.assets import LANDING_SUITES, asset_key_of
from orchestration.partitions import PERIOD_PARTITIONS
from orchestration.quality import ValidationRun, validate_warehouse
from orchestration.resources import WarehouseResource


def check_specs(names: set[str] | None, exclude: set[str] = frozenset()) -> list[dg.AssetCheckSpec]:
    return [
        dg.AssetCheckSpec(
            name=f"gx_{suite.name}",
            asset=asset_key_of(suite),
            blocking=True,
            description="; ".join(check.description for check in suite.checks),
            partitions_def=PERIOD_PARTITIONS,
        )
        for suite in suites()
        if (names is None or suite.name in names) and suite.name not in exclude
    ]


def check_results(run: ValidationRun, names: set[str] | None, exclude: set[str] = frozenset()):
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


@dg.multi_asset_check(specs=check_specs(LANDING_SUITES), name="gx_landing_checks")
def gx_landing_checks(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource):
    build_path = Path(warehouse.build_path)
    run = validate_warehouse(
        build_path, build_path.parent, context.run.run_id[:12], suite_names=LANDING_SUITES
    )
    yield from check_results(run, LANDING_SUITES)


@dg.multi_asset_check(specs=check_specs(None, exclude=LANDING_SUITES), name="gx_warehouse_checks")
def gx_warehouse_checks(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource):
    build_path = Path(warehouse.build_path)
    # landing_files was validated right after landing, before dbt ran.
    names = {suite.name for suite in suites()} - LANDING_SUITES
    run = validate_warehouse(
        build_path, build_path.parent, context.run.run_id[:12], suite_names=names
    )
    yield from check_results(run, names)
