"""The warehouse's locations as a Dagster resource, so that tests point a run at temporary files."""

from pathlib import Path

import dagster as dg

from orchestration.landing import landing_entries
from orchestration.paths import (
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

    def extract_files(self) -> list[Path]:
        """Every entry of the landing folders; landing takes the complete extracts, notes the rest."""
        folders = [Path(self.landing_dir), *(Path(folder) for folder in self.extra_extract_dirs)]
        return landing_entries(folders)
