"""Publishing: the checked build becomes the copy BI tools and reports read, swapped atomically,
with Parquet exports of every mart beside it for tools that prefer files."""

import os
import shutil
from pathlib import Path

import duckdb


def publish(build_path: Path, published_path: Path) -> Path:
    """Copy the build next to the published file, then rename it over it: readers see old or new, never half."""
    with duckdb.connect(str(build_path)) as connection:
        connection.execute("checkpoint")
    published_path.parent.mkdir(parents=True, exist_ok=True)
    incoming = published_path.with_name(f".{published_path.name}.incoming")
    shutil.copyfile(build_path, incoming)
    os.replace(incoming, published_path)
    export_parquet(published_path, published_path.parent / "parquet")
    return published_path


def export_parquet(published_path: Path, export_dir: Path) -> Path:
    """Every mart as Parquet, partitioned by entity and period where it has them (hive layout)."""
    incoming = export_dir.with_name(f".{export_dir.name}.incoming")
    shutil.rmtree(incoming, ignore_errors=True)
    incoming.mkdir(parents=True)
    with duckdb.connect(str(published_path), read_only=True) as connection:
        marts = connection.execute(
            """
            select table_name, list(column_name) from information_schema.columns
            where table_schema = 'marts' group by table_name order by table_name
            """
        ).fetchall()
        for table, columns in marts:
            partitions = [column for column in ("entity_code", "period") if column in columns]
            [(rows,)] = connection.execute(f"select count(*) from marts.{table}").fetchall()
            if rows == 0:
                partitions = []  # an empty mart still gets one file that carries its schema
            target = incoming / table
            options = (
                f"format parquet, partition_by ({', '.join(partitions)})"
                if partitions
                else "format parquet"
            )
            destination = target if partitions else target.with_suffix(".parquet")
            # Table names come from the warehouse catalogue, not from user input.
            connection.execute(f"copy marts.{table} to '{destination}' ({options})")
    previous = export_dir.with_name(f".{export_dir.name}.previous")
    shutil.rmtree(previous, ignore_errors=True)
    if export_dir.exists():
        os.replace(export_dir, previous)
    os.replace(incoming, export_dir)
    shutil.rmtree(previous, ignore_errors=True)
    return export_dir
