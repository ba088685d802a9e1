"""Publishing: the checked build becomes the copy BI tools and reports read, swapped atomically."""

import os
import shutil
from pathlib import Path

import duckdb


def publish(build_path: Path, published_path: Path) -> Path:
    """Copy the build next to the published file, then rename it over it: readers see old or new, never half."""
    with duckdb.connect(str(build_path)) as connection:
        connection.execute("checkpoint")
    published_path.parent.mkdir(parents=True, exist_ok=True)
    staging_copy = published_path.with_name(f".{published_path.name}.incoming")
    shutil.copyfile(build_path, staging_copy)
    os.replace(staging_copy, published_path)
    return published_path
