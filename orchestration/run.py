"""`make run`: the main job through Dagster (in-process) over every period the extracts cover.

Periods come from the embedded extract (seed), the demonstration extracts in data/synthetic and the
landing folder; they are registered as partitions and computed in one run (a partition range).
The console gets one line per stage (orchestration/console.py), one line per failed check, where
everything is and the summary; Dagster's own log stays in its run history (make ui).
"""

import time

STARTED = time.monotonic()  # before the heavy imports: the console counts from here

import gc
import os
import shutil
import sys
import warnings
from pathlib import Path

# Beta/preview notices of Dagster APIs are for the developers, not for the run's reader.
warnings.filterwarnings("ignore", message=".*(beta|preview).*", category=Warning)

import dagster as dg

from orchestration import console
from orchestration.definitions import MAIN_JOB_NAME, defs
from orchestration.italian import format_number
from orchestration.job import RunOutcome, extract_periods, run_job
from orchestration.partitions import PERIOD_PARTITIONS, is_period
from orchestration.paths import PROJECT_DIR
from orchestration.publish import PARQUET_DIR, current_manifest
from orchestration.quality import CheckOutcome
from orchestration.stale_runs import fail_stale_runs, process_tags
from orchestration.summary import warehouse_summary

INSTANCE_CONFIG = PROJECT_DIR / "orchestration" / "dagster.yaml"
SEVERITY_WORDS = {"error": "ERRORE", "warning": "AVVISO"}


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


def check_line(outcome: CheckOutcome) -> str:
    """`AVVISO measures.measure_available (4 righe): <label>`, at most console.LINE_WIDTH characters."""
    code = f"{outcome.suite}.{outcome.check}"
    rows = outcome.unexpected_count
    count = f" ({format_number(rows, 0)} {'riga' if rows == 1 else 'righe'})" if rows else ""
    head = f"{SEVERITY_WORDS.get(outcome.severity, outcome.severity.upper())} {code}{count}: "
    return console.clip(head + outcome.label)


def print_outcome(outcome: RunOutcome, warehouse) -> int:
    published_path = Path(warehouse.published_path)
    failures = outcome.validation.failures if outcome.validation else []
    for verdict in outcome.files:
        if verdict.status not in ("loaded", "already_loaded"):
            print(console.clip(f"FILE {verdict.file_name}: {verdict.status}: {verdict.message}"))
    for failure in failures:
        print(check_line(failure))
    errors = [failure for failure in failures if failure.severity == "error"]
    gx_dir = Path(warehouse.build_path).parent / "gx" / "uncommitted" / "data_docs" / "local_site"
    print(
        f"Controlli Great Expectations: {len(errors)} con errori, {len(failures) - len(errors)} con "
        "avvisi (righe e chiavi in audit.validation_results)"
    )
    print(f"Data Docs: {gx_dir / 'index.html'}")
    manifest = current_manifest(published_path)
    if not outcome.result.success or not outcome.published:
        for message in outcome.messages:
            if message.startswith(
                ("pira_dbt_plan:", "pira_dbt_periods:", "published_warehouse:", "dbt ")
            ):
                print(message, file=sys.stderr)
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
        print(
            f"Pubblicazione trattenuta: {item['entity_code']} {period} "
            f"({item['suite']}.{item['check']}): restano le cifre pubblicate in precedenza"
        )
    reports = sorted(Path(warehouse.reports_dir).glob("*.*"))
    if reports:
        print(f"Report: {len(reports)} file in {Path(warehouse.reports_dir)} ({reports[0].name} …)")
    print()
    print(warehouse_summary(published_path))
    return 0


def main() -> int:
    console.enable(STARTED)
    console.say("Avvio: Dagster, dbt e le definizioni del progetto caricati")
    warehouse = defs.resources["warehouse"]
    periods = extract_periods(warehouse)
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
    print(f"Periodi: {', '.join(periods)}", flush=True)
    console.say("Esecuzione del job Dagster (pira_main_job)…")
    outcome = run_job(
        warehouse,
        instance,
        periods,
        # This process runs the job: if it dies, the next start marks the run failed.
        tags=process_tags(),
    )
    return print_outcome(outcome, warehouse)


if __name__ == "__main__":
    exit_code = main()
    # Python's last garbage collection at exit walked every object of the run (Dagster, dbt, GX):
    # about 2 s for nothing, the process ends anyway. Frozen objects are left to the OS.
    gc.freeze()
    sys.exit(exit_code)
