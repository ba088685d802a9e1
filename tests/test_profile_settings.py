"""DuckDB's memory_limit and threads come from the environment through profiles.yml (dbt-duckdb `settings`)."""

import json
import os
import subprocess
import sys
from pathlib import Path

from orchestration.paths import PROJECT_DIR

SETTINGS_SQL = (
    "select current_setting('memory_limit') as memory_limit, current_setting('threads') as threads"
)


def show_settings(tmp_path: Path, environment: dict[str, str]) -> dict:
    """`dbt show` on the duckdb target: the settings of the connection dbt builds with."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PIRA_DUCKDB_MEMORY_LIMIT", "PIRA_DUCKDB_THREADS")
    }
    env.update(environment, PIRA_DUCKDB_PATH=str(tmp_path / "pira.duckdb"))
    env["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"
    completed = subprocess.run(
        [
            str(Path(sys.executable).parent / "dbt"),
            "--quiet",
            "show",
            "--inline",
            SETTINGS_SQL,
            "--output",
            "json",
            "--project-dir",
            str(PROJECT_DIR),
            "--profiles-dir",
            str(PROJECT_DIR),
            "--target-path",
            str(tmp_path / "target"),
            "--log-path",
            str(tmp_path / "logs"),
        ],
        check=False,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    [row] = json.loads(completed.stdout)["show"]
    return row


def test_memory_limit_and_threads_from_the_environment(tmp_path: Path) -> None:
    row = show_settings(
        tmp_path, {"PIRA_DUCKDB_MEMORY_LIMIT": "768MiB", "PIRA_DUCKDB_THREADS": "1"}
    )
    assert row == {"memory_limit": "768.0 MiB", "threads": 1}
