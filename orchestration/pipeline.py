"""The main job, step by step: land extracts -> dbt build -> GX checks -> publish.

Publication withholds only the entities and periods an `error` concerns (their previous published
figures stay); an error that concerns no entity, or failing dbt tests, publish nothing. The
publication calls the same functions, in the same order, as the Dagster assets.
"""

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from orchestration.dbt_invocation import DbtInvocationError, DbtTestFailures, build_warehouse
from orchestration.landing import FileVerdict, load_extracts
from orchestration.period_control import set_requested_periods
from orchestration.publish import (
    DEFAULT_KEEP,
    PublicationBlocked,
    Withheld,
    publish_run,
)
from orchestration.quality import ValidationRun, validate_warehouse


@dataclass
class PipelineOutcome:
    run_id: str
    build_path: Path
    published_path: Path
    verdict: str = "ok"  # ok | warning | error
    # A new version became current (errors may still have withheld some scopes: see withheld).
    published: bool = False
    version: Path | None = None
    withheld: list[Withheld] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    files: list[FileVerdict] = field(default_factory=list)
    validation: ValidationRun | None = None


def run_pipeline(
    build_path: Path,
    published_path: Path,
    landing_files: list[Path] | None = None,
    dbt_vars: Mapping[str, object] | None = None,
    project_dir: Path | None = None,
    target_dir: Path | None = None,
    unit_tests: bool = True,
    reports_dir: Path | None = None,
    keep: int = DEFAULT_KEEP,
    periods: list[str] | None = None,
) -> PipelineOutcome:
    """One run: an `error` withholds the scopes it concerns (as previously published); the rest publishes.

    `periods` (validated: ValueError on anything but yyyy / yyyy-Qn) narrows the build to those
    periods, written to control.requested_periods; None computes every period.
    """
    if periods or build_path.exists():
        # Before anything else: an invalid period stops the run with nothing changed. A new
        # warehouse gets its empty control table (every period) from dbt's on-run-start.
        set_requested_periods(build_path, periods)
    outcome = PipelineOutcome(
        run_id=uuid.uuid4().hex[:12], build_path=build_path, published_path=published_path
    )
    build_path.parent.mkdir(parents=True, exist_ok=True)
    # Every run lands, even with no file: the files in force are those given now (none withdraws all).
    outcome.files = load_extracts(build_path, list(landing_files or []), outcome.run_id)
    outcome.messages += [
        verdict.message
        for verdict in outcome.files
        if verdict.status not in ("loaded", "already_loaded")
    ]
    extra = {} if project_dir is None else {"project_dir": project_dir}
    dbt_tests_failed = False
    try:
        build_warehouse(build_path, dbt_vars, target_dir=target_dir, unit_tests=unit_tests, **extra)
    except DbtTestFailures as failures:
        # The tables exist: validate them too, so the verdict names every problem.
        dbt_tests_failed = True
        outcome.messages.append(str(failures))
    except DbtInvocationError as error:
        outcome.verdict = "error"
        outcome.messages.append(str(error))
        return outcome
    cap = (dbt_vars or {}).get("achievement_cap_pct", 100)
    # GX keeps its configuration and Data Docs in <warehouse dir>/gx/.
    outcome.validation = validate_warehouse(build_path, build_path.parent, outcome.run_id, cap)
    outcome.verdict = "error" if dbt_tests_failed else outcome.validation.verdict
    outcome.messages += [failure.message for failure in outcome.validation.failures]
    if dbt_tests_failed:
        return outcome  # a broken contract or relationship: nothing tells what it concerns
    try:
        publication = publish_run(build_path, published_path, outcome.run_id, reports_dir, keep)
    except PublicationBlocked as blocked:
        outcome.messages.append(str(blocked))
        return outcome
    outcome.published = True
    outcome.version = publication.version
    outcome.withheld = publication.withheld
    return outcome
