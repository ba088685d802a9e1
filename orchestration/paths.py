"""Where the project and its warehouse live; every location can be moved with an environment variable."""

import os
import shutil
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
WAREHOUSE_ENV_VAR = "PIRA_DUCKDB_PATH"
# What a copy of the dbt project needs to build (tests and the benchmark build copies).
PROJECT_PARTS = ["dbt_project.yml", "profiles.yml", "models", "macros", "seeds"]


def copy_project(destination: Path) -> Path:
    """The dbt project copied to `destination`, with the project's partial parse: dbt then
    re-parses only what differs in the copy, not every file."""
    destination.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = PROJECT_DIR / part
        if source.is_dir():
            shutil.copytree(source, destination / part)
        else:
            shutil.copy2(source, destination / part)
    parsed = PROJECT_DIR / "target" / "partial_parse.msgpack"
    if parsed.exists():
        (destination / "target").mkdir(exist_ok=True)
        shutil.copy2(parsed, destination / "target" / parsed.name)
    return destination


def _configured(variable: str, default: Path) -> Path:
    value = os.environ.get(variable)
    # Absolute, but symlinks kept: the published paths are links into the current version.
    return Path(os.path.abspath(value)) if value else default


def warehouse_path() -> Path:
    """The DuckDB file dbt builds into: $PIRA_DUCKDB_PATH, or warehouse/pira.duckdb."""
    return _configured(WAREHOUSE_ENV_VAR, PROJECT_DIR / "warehouse" / "pira.duckdb")


def published_path() -> Path:
    """The checked copy BI tools and reports read: $PIRA_PUBLISHED_PATH, or warehouse/published/pira.duckdb.

    A stable path: a symlink into `current/` of its folder, which holds the published versions
    (see orchestration/publish.py).
    """
    return _configured(
        "PIRA_PUBLISHED_PATH", PROJECT_DIR / "warehouse" / "published" / "pira.duckdb"
    )


def published_keep() -> int:
    """How many published versions stay on disk: $PIRA_PUBLISHED_KEEP (≥ 1), default 5."""
    value = os.environ.get("PIRA_PUBLISHED_KEEP", "5").strip()
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"PIRA_PUBLISHED_KEEP must be a whole number ≥ 1, not {value!r}")
    return int(value)


def landing_dir() -> Path:
    """Where measure extract files are dropped: $PIRA_LANDING_DIR, or landing/."""
    return _configured("PIRA_LANDING_DIR", PROJECT_DIR / "landing")


def reports_dir() -> Path:
    """Where readers find the reports: $PIRA_REPORTS_DIR, or reports/ (a symlink to the current
    published version's reports/)."""
    return _configured("PIRA_REPORTS_DIR", PROJECT_DIR / "reports")
