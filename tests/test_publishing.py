"""The published copy: atomically swapped while readers read it, with Parquet exports of every mart."""

import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb

from orchestration.publish import publish

READER = textwrap.dedent(
    """
    import sys, time, duckdb
    path, seconds = sys.argv[1], float(sys.argv[2])
    end = time.time() + seconds
    while time.time() < end:
        try:
            with duckdb.connect(path, read_only=True) as connection:
                state = connection.execute(
                    "select (select round(overall_pct, 6) from marts.fct_entity_results where entity_code = 'FE'),"
                    " (select count(*) from marts.fct_indicator_results)"
                ).fetchone()
            print(f"{state[0]}|{state[1]}", flush=True)
        except Exception as error:
            print(f"ERROR|{type(error).__name__}: {error}", flush=True)
        time.sleep(0.02)
    """
)


def state_of(path: Path) -> str:
    with duckdb.connect(str(path), read_only=True) as connection:
        overall, rows = connection.execute(
            "select (select round(overall_pct, 6) from marts.fct_entity_results where entity_code = 'FE'),"
            " (select count(*) from marts.fct_indicator_results)"
        ).fetchone()
    return f"{overall}|{rows}"


def test_readers_see_the_old_or_the_new_state_never_a_half(warehouse: Path, tmp_path: Path) -> None:
    before_build = tmp_path / "before" / "pira.duckdb"
    after_build = tmp_path / "after" / "pira.duckdb"
    for build in (before_build, after_build):
        build.parent.mkdir()
        shutil.copyfile(warehouse, build)
    with duckdb.connect(str(after_build)) as connection:
        connection.execute(
            "update marts.fct_entity_results set overall_pct = 50 where entity_code = 'FE'"
        )
        connection.execute("delete from marts.fct_indicator_results where node_code like '01.%'")
    published = tmp_path / "published" / "pira.duckdb"
    publish(before_build, published)
    before, after = state_of(published), state_of(after_build)
    assert before != after

    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(published), "6"], stdout=subprocess.PIPE, text=True
    )
    time.sleep(1.5)
    for build in (after_build, before_build, after_build):  # three swaps while the reader reads
        publish(build, published)
        time.sleep(0.8)
    output, _ = reader.communicate(timeout=30)
    observed = output.split()
    assert len(observed) > 20
    assert set(observed) <= {before, after}, sorted(set(observed) - {before, after})
    assert observed[0] == before and observed[-1] == after
    assert state_of(published) == after


def test_parquet_exports_every_mart_by_entity_and_period(warehouse: Path, tmp_path: Path) -> None:
    published = publish(warehouse, tmp_path / "published" / "pira.duckdb")
    export = published.parent / "parquet"
    with duckdb.connect(str(published), read_only=True) as connection:
        marts = [name for (name,) in connection.execute(
            "select table_name from information_schema.tables where table_schema = 'marts'"
        ).fetchall()]  # fmt: skip
        for mart in marts:
            location = export / mart
            pattern = f"{location}/**/*.parquet" if location.is_dir() else f"{location}.parquet"
            [(exported,)] = connection.execute(
                f"select count(*) from read_parquet('{pattern}')"
            ).fetchall()
            [(stored,)] = connection.execute(f"select count(*) from marts.{mart}").fetchall()
            assert exported == stored, mart
    assert (export / "fct_indicator_results" / "entity_code=FE" / "period=2017").is_dir()
    assert (export / "dim_entity" / "entity_code=MO").is_dir()
