"""Where the project and its warehouse live."""

import os
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_WAREHOUSE_PATH = PROJECT_DIR / "warehouse" / "pira.duckdb"
WAREHOUSE_ENV_VAR = "PIRA_DUCKDB_PATH"


def warehouse_path() -> Path:
    """The DuckDB file: $PIRA_DUCKDB_PATH, or warehouse/pira.duckdb in the project."""
    configured = os.environ.get(WAREHOUSE_ENV_VAR)
    return Path(configured).resolve() if configured else DEFAULT_WAREHOUSE_PATH
