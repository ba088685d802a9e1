"""A test hook: stop a publication at a named stage so that a test can kill it there.

With `PIRA_PAUSE_AT=<stage>` the process writes `$PIRA_PAUSE_MARKER` (its PID and the stage) on
reaching that stage and sleeps `$PIRA_PAUSE_SECONDS` (default 300) before going on. Unset, it does
nothing. Stages: `parquet` (after the first mart's export), `reports` (after the first report),
`switch` (the version is complete, `current` not yet switched), `switched` (switched, links and
pruning not yet done).
"""

import os
import time
from pathlib import Path

PAUSE_ENV = "PIRA_PAUSE_AT"
MARKER_ENV = "PIRA_PAUSE_MARKER"
SECONDS_ENV = "PIRA_PAUSE_SECONDS"


def pause_point(stage: str) -> None:
    if os.environ.get(PAUSE_ENV) != stage:
        return
    marker = os.environ.get(MARKER_ENV)
    if marker:
        # Written whole then renamed: a watcher polling for the file never reads it empty.
        partial = Path(f"{marker}.partial")
        partial.write_text(f"{os.getpid()} {stage}\n", encoding="utf-8")
        partial.replace(marker)
    time.sleep(float(os.environ.get(SECONDS_ENV, "300")))
