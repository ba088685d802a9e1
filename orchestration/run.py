"""`make run`: the main job on the embedded data (plus any extract in landing/), then where to look."""

import sys

from orchestration.paths import landing_dir, published_path, warehouse_path
from orchestration.pipeline import run_pipeline
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
    print(f"Verdetto dei controlli: {VERDICT_LABELS[outcome.verdict]} ({outcome.verdict})")
    if outcome.validation and outcome.validation.data_docs_index:
        print(f"Data Docs (Great Expectations): {outcome.validation.data_docs_index}")
    if not outcome.published:
        print(
            f"Pubblicazione bloccata: la copia pubblicata resta {outcome.published_path}",
            file=sys.stderr,
        )
        return 1
    print(f"Copia pubblicata per BI e report: {outcome.published_path}")
    print(warehouse_summary(outcome.published_path))
    return 0


if __name__ == "__main__":
    sys.exit(main())
