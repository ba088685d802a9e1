"""What the steps of a run tell each other and its caller, in the run's process.

Every step of a run executes in one process (in_process_executor: one writer on the DuckDB file),
so a record per run id is enough: the landing verdicts, the validation runs, the failing dbt tests
and the publication. `orchestration.job.run_job` turns it into the run's outcome.
"""

from dataclasses import dataclass, field


@dataclass
class RunRecord:
    files: list = field(default_factory=list)  # landing.FileVerdict
    validations: list = field(default_factory=list)  # quality.ValidationRun
    dbt_test_failures: str | None = None
    blocked: str | None = None
    publication: object | None = None  # publish.Publication


_records: dict[str, RunRecord] = {}


def record(run_id: str) -> RunRecord:
    return _records.setdefault(run_id, RunRecord())


def pop(run_id: str) -> RunRecord:
    return _records.pop(run_id, RunRecord())
