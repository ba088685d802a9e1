"""`make run`: the main job through Dagster (in-process) over every period the extracts cover.

Periods come from the embedded extract (seed), the demonstration extracts in data/synthetic and the
landing folder; they are registered as partitions and computed in one run (a partition range).
"""

import csv
import os
import shutil
import sys
import warnings
from pathlib import Path

# Beta/preview notices of Dagster APIs are for the developers, not for the run's reader.
warnings.filterwarnings("ignore", message=".*(beta|preview).*", category=Warning)

import dagster as dg

from orchestration.definitions import MAIN_JOB_NAME, defs
from orchestration.landing import complete_files, read_extract
from orchestration.partitions import PERIOD_PARTITIONS, is_period
from orchestration.paths import PROJECT_DIR
from orchestration.publish import PARQUET_DIR, current_manifest
from orchestration.stale_runs import fail_stale_runs, process_tags
from orchestration.summary import warehouse_summary

SEED_EXTRACT = PROJECT_DIR / "seeds" / "raw" / "raw_measure_values.csv"
INSTANCE_CONFIG = PROJECT_DIR / "orchestration" / "dagster.yaml"


def period_sort_key(period: str) -> tuple[int, int]:
    return int(period[:4]), int(period[-1]) if "-Q" in period else 5


def extract_periods(files: list[Path]) -> list[str]:
    with SEED_EXTRACT.open(newline="", encoding="utf-8") as handle:
        periods = {row["period"].strip() for row in csv.DictReader(handle)}
    for path in complete_files(files):
        rows, _, rejection = read_extract(path)
        if not rejection:
            periods |= {row["period"].strip() for row in rows}
    return sorted((period for period in periods if is_period(period)), key=period_sort_key)


def failed_checks(result: dg.ExecuteInProcessResult) -> list[tuple[str, str]]:
    failures = []
    for event in result.all_events:
        if (
            event.event_type_value == "ASSET_CHECK_EVALUATION"
            and not event.event_specific_data.passed
        ):
            evaluation = event.event_specific_data
            messages = evaluation.metadata.get("messages")
            errors = evaluation.metadata.get("errors")
            # A scoped error fails its check as WARN (publication goes on without its scopes):
            # it is still an error of the run.
            severity = "ERROR" if errors and errors.value else evaluation.severity.value
            failures.append((severity, messages.value if messages else evaluation.check_name))
    return failures


def open_instance() -> dg.DagsterInstance:
    """$DAGSTER_HOME's instance, configured by the project's dagster.yaml (copied there if missing)."""
    home = os.environ.get("DAGSTER_HOME")
    if not home:
        return dg.DagsterInstance.ephemeral()
    config = Path(home) / "dagster.yaml"
    if not config.exists():
        config.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(INSTANCE_CONFIG, config)
    return dg.DagsterInstance.get()


def main() -> int:
    warnings.filterwarnings("ignore", category=dg.PreviewWarning)
    warehouse = defs.resources["warehouse"]
    periods = extract_periods(warehouse.extract_files())
    instance = open_instance()
    # A run killed with its process (kill -9, reboot) is still STARTED in the history: close it.
    for run_id in fail_stale_runs(instance, MAIN_JOB_NAME):
        print(f"Esecuzione {run_id} interrotta (processo terminato): segnata come fallita")
    # A key added by hand (UI, GraphQL) that is not a period would sit inside the run's range and
    # stop it: drop it, saying so.
    for key in instance.get_dynamic_partitions(PERIOD_PARTITIONS.name):
        if not is_period(key):
            instance.delete_dynamic_partition(PERIOD_PARTITIONS.name, key)
            print(f"Partizione non valida rimossa: {key!r} (un periodo è 2017 o 2022-Q2)")
    known = set(instance.get_dynamic_partitions(PERIOD_PARTITIONS.name))
    new = [period for period in periods if period not in known]
    if new:
        instance.add_dynamic_partitions(PERIOD_PARTITIONS.name, new)
    ordered = [
        key for key in instance.get_dynamic_partitions(PERIOD_PARTITIONS.name) if key in periods
    ]
    print(f"Periodi: {', '.join(ordered)}")
    result = defs.resolve_job_def(MAIN_JOB_NAME).execute_in_process(
        instance=instance,
        raise_on_error=False,
        # The step-by-step log stays in Dagster (make ui); the console gets warnings and the summary.
        run_config={"loggers": {"console": {"config": {"log_level": "WARNING"}}}},
        tags={
            "dagster/asset_partition_range_start": ordered[0],
            "dagster/asset_partition_range_end": ordered[-1],
            # This process runs the job: if it dies, the next start marks the run failed.
            **process_tags(),
        },
    )
    failures = failed_checks(result)
    for severity, message in failures:
        print(f"{severity}: {message}")
    errors = [message for severity, message in failures if severity == "ERROR"]
    print()
    print(
        f"Controlli Great Expectations: {len(errors)} suite con errori, {len(failures) - len(errors)} con avvisi "
        f"(audit.validation_results; Data Docs: {Path(warehouse.build_path).parent / 'gx' / 'uncommitted' / 'data_docs' / 'local_site' / 'index.html'})"
    )
    published_path = Path(warehouse.published_path)
    manifest = current_manifest(published_path)
    if not result.success:
        version = f" (versione {manifest['version']})" if manifest else ""
        print(
            f"Esecuzione non riuscita: la copia pubblicata resta {published_path}{version}",
            file=sys.stderr,
        )
        return 1
    print(f"Copia pubblicata per BI e report: {published_path} (versione {manifest['version']})")
    print(f"Export Parquet: {published_path.parent / PARQUET_DIR}")
    for item in manifest["withheld"]:
        period = item["period"] or "tutti i periodi"
        kept = "restano le cifre pubblicate in precedenza"
        print(
            f"Pubblicazione trattenuta: {item['entity_code']} {period} "
            f"({item['suite']}.{item['check']}): {kept}"
        )
    for path in sorted(Path(warehouse.reports_dir).glob("*.*")):
        print(f"Report: {path}")
    print()
    print(warehouse_summary(Path(warehouse.published_path)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
