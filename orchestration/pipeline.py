"""The main job, step by step: land extracts -> dbt build -> GX checks -> publish (only if no error)."""

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from orchestration.dbt_invocation import DbtInvocationError, DbtTestFailures, build_warehouse
from orchestration.landing import FileVerdict, load_extracts
from orchestration.period_control import set_requested_periods
from orchestration.publish import publish
from orchestration.quality import ValidationRun, validate_warehouse


@dataclass
class PipelineOutcome:
    run_id: str
    build_path: Path
    published_path: Path
    verdict: str = "ok"  # ok | warning | error
    published: bool = False
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
    periods: list[str] | None = None,
) -> PipelineOutcome:
    """One run: an `error` verdict leaves the published copy exactly as it was.

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
    if landing_files:
        outcome.files = load_extracts(build_path, landing_files, outcome.run_id)
        outcome.messages += [
            verdict.message for verdict in outcome.files if verdict.status != "loaded"
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
    if outcome.verdict != "error":
        publish(build_path, published_path)
        outcome.published = True
    return outcome
