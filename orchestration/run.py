"""`make run`: the main job on the embedded data (plus any extract in landing/), then where to look."""

import sys

from orchestration.paths import landing_dir, published_path, reports_dir, warehouse_path
from orchestration.pipeline import run_pipeline
from orchestration.reports import build_all_reports
from orchestration.summary import warehouse_summary

VERDICT_LABELS = {
    "ok": "nessuna segnalazione",
    "warning": "pubblicato con avvisi",
    "error": "NON pubblicato",
}


def main() -> int:
    landing = sorted(landing_dir().glob("*.csv")) if landing_dir().is_dir() else []
    outcome = run_pipeline(warehouse_path(), published_path(), landing)
    for message in outcome.messages:
        print(message)
    print()
    validation = outcome.validation
    if validation:
        print(
            f"Controlli Great Expectations: {len(validation.outcomes)} aspettative, "
            f"{len(validation.errors)} errori, {len(validation.warnings)} avvisi "
            f"(audit.validation_results, run {outcome.run_id})"
        )
        if validation.data_docs_index:
            print(f"Data Docs: {validation.data_docs_index}")
    print(f"Verdetto: {VERDICT_LABELS[outcome.verdict]} ({outcome.verdict})")
    if not outcome.published:
        print(
            f"Pubblicazione bloccata: la copia pubblicata resta {outcome.published_path}",
            file=sys.stderr,
        )
        return 1
    print(f"Copia pubblicata per BI e report: {outcome.published_path}")
    for path in build_all_reports(outcome.published_path, reports_dir()):
        print(f"Report: {path}")
    print()
    print(warehouse_summary(outcome.published_path))
    return 0


if __name__ == "__main__":
    sys.exit(main())
