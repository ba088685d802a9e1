"""The warehouse's locations as a Dagster resource, so that tests point a run at temporary files."""

import json
from functools import cache
from pathlib import Path

import dagster as dg
import yaml

from orchestration.landing import landing_entries
from orchestration.paths import (
    PROJECT_DIR,
    landing_dir,
    published_keep,
    published_path,
    reports_dir,
    warehouse_path,
)


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB file dbt builds (one writer), its published copy (readers), landing and reports folders.

    published_path and reports_dir are the stable reader paths (symlinks into the current published
    version); published_keep is how many versions stay on disk.
    """

    build_path: str = str(warehouse_path())
    published_path: str = str(published_path())
    landing_dir: str = str(landing_dir())
    reports_dir: str = str(reports_dir())
    published_keep: int = published_keep()
    # Embedded demonstration extracts landed with the files of landing_dir.
    extra_extract_dirs: list[str] = []  # noqa: RUF012 (pydantic copies field defaults)
    # The dbt project built (tests build a copy of it) and dbt vars for the run, as JSON.
    project_dir: str = str(PROJECT_DIR)
    dbt_vars: str = "{}"
    # The extract files in force, when given as a list (tests) instead of the landing folders.
    landing_files: list[str] | None = None

    def dbt_var_overrides(self) -> dict[str, object]:
        return json.loads(self.dbt_vars or "{}")

    def dbt_var(self, name: str) -> object:
        """A dbt var as the build sees it: the run's override, else the project's default."""
        overrides = self.dbt_var_overrides()
        if name in overrides:
            return overrides[name]
        return project_vars(str(Path(self.project_dir) / "dbt_project.yml")).get(name)

    @property
    def target_dir(self) -> Path:
        return Path(self.project_dir) / "target"

    @property
    def outbox_dir(self) -> Path:
        """Messages to the data team (orchestration/notifications.py), beside the warehouse."""
        return Path(self.build_path).parent / "outbox"

    @property
    def gx_root(self) -> Path:
        """GX keeps its configuration and Data Docs beside the warehouse, in gx/."""
        return Path(self.build_path).parent

    def extract_files(self) -> list[Path]:
        """Every entry of the landing folders; landing takes the complete extracts, notes the rest."""
        if self.landing_files is not None:
            return [Path(path) for path in self.landing_files]
        folders = [Path(self.landing_dir), *(Path(folder) for folder in self.extra_extract_dirs)]
        return landing_entries(folders)


@cache
def project_vars(dbt_project_yml: str) -> dict[str, object]:
    """The vars of a dbt_project.yml (the one owner of their defaults)."""
    with open(dbt_project_yml, encoding="utf-8") as handle:
        return dict(yaml.safe_load(handle).get("vars") or {})
