"""The dbt project as Dagster sees it: manifest, translator (groups follow the dbt folders), CLI resource."""

import fcntl
import os
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtProject
from dagster_dbt.asset_utils import (
    DAGSTER_DBT_EXCLUDE_METADATA_KEY,
    DAGSTER_DBT_SELECT_METADATA_KEY,
    DAGSTER_DBT_SELECTOR_METADATA_KEY,
    DBT_INDIRECT_SELECTION_ENV,
    get_asset_check_key_for_test,
    get_manifest_and_translator_from_dbt_assets,
    get_subset_selection_for_context,
)
from dagster_dbt.core.dbt_cli_event import DbtCoreCliEventMessage

from orchestration import console, run_state
from orchestration.dbt_invocation import (
    RESULT_EVENTS,
    DbtTestFailures,
    check_result,
    run_dbt,
    stream_dbt,
)
from orchestration.paths import PROJECT_DIR, warehouse_path

DBT_PROJECT = DbtProject(project_dir=PROJECT_DIR, profiles_dir=PROJECT_DIR)
# Never more than this many seconds without a line on the console while dbt builds.
PROGRESS_SECONDS = 5.0


def project_files_changed_after(moment: float) -> bool:
    sources = [PROJECT_DIR / "dbt_project.yml", *(
        path for folder in ("models", "seeds", "macros") for path in (PROJECT_DIR / folder).rglob("*") if path.is_file()
    )]  # fmt: skip
    return any(path.stat().st_mtime > moment for path in sources)


def manifest_path() -> Path:
    """The manifest the assets are read from, parsed again when missing or older than the project's files."""
    manifest = DBT_PROJECT.manifest_path
    manifest.parent.mkdir(parents=True, exist_ok=True)
    # One parse at a time (parallel test workers, the webserver and a run starting together).
    with (manifest.parent / ".parse.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not manifest.exists() or project_files_changed_after(manifest.stat().st_mtime):
            run_dbt(["parse"], warehouse_path(), target_dir=manifest.parent)
    return manifest


def describe_test(props: Mapping[str, Any]) -> str:
    """A dbt data test in words: its own description, else the generic test and its arguments."""
    if props.get("description"):
        return props["description"]
    metadata = props.get("test_metadata") or {}
    name = metadata.get("name") or props.get("name", "test")
    kwargs = {
        key: value
        for key, value in (metadata.get("kwargs") or {}).items()
        if key != "model" and value not in (None, "", [])
    }
    column = kwargs.pop("column_name", None)
    words = {
        "not_null": "no null values",
        "unique": "no duplicates",
        "accepted_values": "only accepted values",
        "relationships": "every key exists in the referenced model",
        "not_null_combination": "no null values in the key",
        "unique_combination_of_columns": "one row per key",
        "primary_key": "one row per key, no null in the key",
        "row_count_equals": "as many rows as its source",
        "value_between": "values within bounds",
        "achievement_within_cap": "achievement between 0 and the highest cap in force",
        "compound_relationships": "every compound key exists in the referenced model",
    }.get(name, name.replace("_", " "))
    model = (props.get("attached_node") or "").rsplit(".", 1)[-1]
    target = f"{model}.{column}" if column else model
    details = "; ".join(
        f"{key}: {', '.join(map(str, value)) if isinstance(value, list) else value}"
        for key, value in kwargs.items()
        if not str(value).startswith("{{")
    )
    text = f"dbt test on {target}: {words}" + (f" ({details})" if details else "")
    return text if len(text) <= 300 else text[:299] + "…"


# What each asset group is for, as a data-team reader sees it (metadata "group" of every asset).
GROUP_PURPOSE = {
    "landing": "Measure extract files dropped in landing/, and the periods a run computes",
    "raw": "Source tables exactly as exported (text as printed), loaded from the seeds",
    "staging": "One view per source table: Italian numbers, dates, targets and codes parsed",
    "intermediate": "Plan, formulas, indicator values, roll-ups and the data quality checks",
    "marts": "The contract BI tools and reports read: dimensions and facts by period",
    "publish": "The read-only published copy, its Parquet export and the reports",
}


class PiraTranslator(DagsterDbtTranslator):
    """Groups follow the dbt folders: raw (seeds), staging, intermediate, marts; sources join 'landing'.

    The marts' dbt data tests become asset checks whose description says what they check.
    """

    def get_metadata(self, dbt_resource_props: Mapping[str, Any]) -> Mapping[str, Any]:
        group = self.get_group_name(dbt_resource_props)
        return {
            **super().get_metadata(dbt_resource_props),
            "group": GROUP_PURPOSE.get(group, group),
        }

    def get_asset_check_spec(self, asset_spec, manifest, unique_id, project):
        # The marts' tests (the BI contract) are Dagster checks; the tests of the layers below run
        # in the same build, fail it the same way and are in logs/dbt.log, without a Dagster event
        # each (recording an event costs more than the test itself).
        if asset_spec.key.path[0] != "marts":
            return None
        spec = super().get_asset_check_spec(asset_spec, manifest, unique_id, project)
        if spec is None:
            return None
        props = manifest["nodes"].get(unique_id, {})
        return spec._replace(description=describe_test(props))

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "source":
            return "landing"
        fqn = dbt_resource_props.get("fqn", [])
        return fqn[1] if len(fqn) > 2 else "dbt"


TRANSLATOR = PiraTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))


def dbt_build_events(context, warehouse, stage_name: str = "dbt build") -> Iterator:
    """`dbt build` of the step's selection, in this process, as Dagster events (models, seeds, checks).

    Progress goes to the console (make run) as `N/M` at least every PROGRESS_SECONDS; failures
    raise after every result was yielded, so the checks that ran are recorded.
    """
    manifest, translator, _ = get_manifest_and_translator_from_dbt_assets([context.assets_def])
    tags = context.op_execution_context.op.tags
    selection, indirect = get_subset_selection_for_context(
        context=context,
        manifest=manifest,
        select=tags.get(DAGSTER_DBT_SELECT_METADATA_KEY),
        exclude=tags.get(DAGSTER_DBT_EXCLUDE_METADATA_KEY),
        selector=tags.get(DAGSTER_DBT_SELECTOR_METADATA_KEY),
        dagster_dbt_translator=translator,
        current_dbt_indirect_selection_env=os.getenv(DBT_INDIRECT_SELECTION_ENV),
    )
    if indirect:
        os.environ[DBT_INDIRECT_SELECTION_ENV] = indirect
    else:
        os.environ.pop(DBT_INDIRECT_SELECTION_ENV, None)
    check_keys = context.assets_def.check_keys
    outcome: dict = {}
    done, total, warned, last_said = 0, 0, 0, time.monotonic()
    with console.stage(stage_name) as stage:
        # No manifest.json / run_results.json: the run has the results as events, and writing the
        # files cost about 0.6 s a build (the manifest the assets read comes from `dbt parse`).
        for raw in stream_dbt(
            ["build", *selection, "--no-write-json"],
            Path(warehouse.build_path),
            warehouse.dbt_var_overrides(),
            project_dir=Path(warehouse.project_dir),
            target_dir=warehouse.target_dir,
            outcome=outcome,
        ):
            if raw["info"]["name"] not in RESULT_EVENTS:
                continue
            done += 1
            total = max(total, int(raw["data"].get("total") or 0))
            status = str(raw["data"].get("status", "")).lower()
            warned += status == "warn"
            if time.monotonic() - last_said >= PROGRESS_SECONDS:
                console.say(f"{stage_name}: {done}/{total}")
                last_said = time.monotonic()
            unique_id = raw["data"].get("node_info", {}).get("unique_id", "")
            # A test that is no Dagster check (see PiraTranslator) is in the build and logs/dbt.log,
            # not in Dagster (else Dagster records an observation and a log line for each).
            if (
                unique_id.startswith("test.")
                and get_asset_check_key_for_test(manifest, translator, unique_id, project=None)
                not in check_keys
            ):
                continue
            event = DbtCoreCliEventMessage(raw_event=raw, event_history_metadata={})
            yield from event.to_default_asset_events(
                manifest=manifest, dagster_dbt_translator=translator, context=context
            )
        stage["detail"] = f"{done}/{total} nodi, test con avvisi: {warned}; log: " + str(
            Path(warehouse.project_dir) / "logs" / "dbt.log"
        )
    if "error" in outcome:
        raise outcome["error"]
    try:
        check_result(["build"], Path(warehouse.build_path), outcome["result"])
    except DbtTestFailures as failures:
        # The tables exist: the GX checks still run and name every problem; publication refuses.
        context.log.error(str(failures))
        run_state.record(context.run.run_id).dbt_test_failures = str(failures)
