"""The same project on Apache Spark (dbt-spark, local PySpark session) gives the same marts as on DuckDB.

The synthetic national data of size small (scripts/generate_national.py) replace the seeds of a copy
of the project; `dbt seed` and `dbt run` build it on both engines, then every mart is compared row by
row (numbers to 1e-9). Spark writes its tables as Parquet under $PIRA_SPARK_WAREHOUSE_DIR, which
DuckDB reads back.

dbt-spark and PySpark live in their own environment, .venv-spark (`make spark-env`, run by
`make test`): the Spark build is a subprocess of that environment's Python. The main .venv has no
PySpark, so that nothing else (Great Expectations in a Dagster run) can import it.
"""

import importlib.util
import math
import os
import shutil
import subprocess
import sys
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from orchestration.dbt_invocation import run_dbt
from orchestration.paths import PROJECT_DIR
from tests.conftest import Scenario, fetch

sys.path.insert(0, str(PROJECT_DIR / "scripts"))
import generate_national

SPARK_PYTHON = (
    Path(os.environ.get("PIRA_SPARK_VENV", PROJECT_DIR / ".venv-spark")) / "bin" / "python"
)
MISSING = [
    what
    for what, absent in (
        (
            f"the Spark environment {SPARK_PYTHON.parent.parent} (make spark-env)",
            not SPARK_PYTHON.exists(),
        ),
        ("Java 17 (scripts/ensure_java.sh)", shutil.which("java") is None),
    )
    if absent
]
# In CI the Spark build must run: a missing environment fails there instead of skipping.
needs_spark = pytest.mark.skipif(
    bool(MISSING) and os.environ.get("CI", "").lower() not in {"true", "1"},
    reason=f"Spark equality not run: missing {' and '.join(MISSING)}",
)

# One process, one JVM: seeds, then models (data tests run on DuckDB; here only the results count).
SPARK_RUNNER = """
import sys
from dbt.cli.main import dbtRunner
project, target_path = sys.argv[1], sys.argv[2]
options = ["--project-dir", project, "--profiles-dir", project, "--target", "spark",
           "--target-path", target_path]
runner = dbtRunner()
for command in (["seed"], ["run"]):
    if not runner.invoke(command + options).success:
        sys.exit(1)
"""
TOLERANCE = 1e-9


def test_the_main_environment_has_no_pyspark() -> None:
    # Great Expectations imports pyspark.sql.connect when it can, which exits a Dagster run worker.
    assert importlib.util.find_spec("pyspark") is None, sys.executable
    assert importlib.util.find_spec("dbt.adapters.spark") is None


@pytest.fixture(scope="module")
def engines(tmp_path_factory: pytest.TempPathFactory) -> dict:
    assert not MISSING, f"Spark equality cannot run: missing {' and '.join(MISSING)}"
    root = tmp_path_factory.mktemp("spark_equality")
    scenario = Scenario(root / "project")
    raw_dir = root / "raw"
    generate_national.generate("small", raw_dir, ["csv"])
    for generated in raw_dir.glob("*.csv"):
        if (scenario.seeds_dir / generated.name).exists():
            shutil.copy2(generated, scenario.seeds_dir / generated.name)

    for command in (["seed"], ["run"]):
        run_dbt(command, scenario.database_path, None, scenario.root, root / "target_duckdb")

    spark_dir = root / "spark"
    environment = {**os.environ, "PIRA_SPARK_WAREHOUSE_DIR": str(spark_dir)}
    completed = subprocess.run(
        [str(SPARK_PYTHON), "-c", SPARK_RUNNER, str(scenario.root), str(root / "target_spark")],
        check=False,
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert completed.returncode == 0, completed.stdout[-6000:] + completed.stderr[-3000:]
    return {"duckdb": scenario.database_path, "spark_tables": spark_dir / "tables"}


def marts(database: Path) -> list[str]:
    rows = fetch(
        database,
        "select table_name from information_schema.tables where table_schema = 'marts' "
        "order by table_name",
    )
    return [name for (name,) in rows]


def spark_rows(tables: Path, mart: str, columns: list[str]) -> list[tuple]:
    """The Parquet files of a Spark table (partition folders included), columns in DuckDB's order."""
    location = tables / "marts.db" / mart
    assert location.exists(), f"Spark did not build marts.{mart}"
    files = str(location / "**" / "*.parquet").replace("'", "''")
    selected = ", ".join(f'"{column}"' for column in columns)
    with duckdb.connect() as connection:
        return connection.execute(
            f"select {selected} from read_parquet('{files}', hive_partitioning = true, "
            "hive_types_autocast = false)"
        ).fetchall()


def normalised(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return value


def sort_key(row: tuple) -> tuple:
    # Floats last and rounded: rows are told apart by their keys, not by the 1e-12 digits.
    return tuple(
        (1, round(value, 6))
        if isinstance(value, float)
        else (0, "" if value is None else str(value))
        for value in row
    )


def same(left, right) -> bool:
    if isinstance(left, float) or isinstance(right, float):
        if left is None or right is None:
            return left is right
        return math.isclose(float(left), float(right), rel_tol=TOLERANCE, abs_tol=TOLERANCE)
    if isinstance(left, date) and isinstance(right, date):
        return left == right
    return left == right


@needs_spark
def test_every_mart_is_built_on_both_engines(engines: dict) -> None:
    names = marts(engines["duckdb"])
    assert "fct_indicator_results" in names and len(names) >= 10
    built = {path.name for path in (engines["spark_tables"] / "marts.db").iterdir()}
    assert set(names) <= built, sorted(set(names) - built)


@needs_spark
def test_marts_are_identical_on_spark(engines: dict) -> None:
    differences = []
    for mart in marts(engines["duckdb"]):
        columns = [
            name
            for (name,) in fetch(
                engines["duckdb"],
                "select column_name from information_schema.columns "
                "where table_schema = 'marts' and table_name = ? order by ordinal_position",
                [mart],
            )
        ]
        selected = ", ".join(f'"{column}"' for column in columns)
        on_duckdb = [
            tuple(normalised(v) for v in row)
            for row in fetch(engines["duckdb"], f"select {selected} from marts.{mart}")
        ]
        on_spark = [
            tuple(normalised(v) for v in row)
            for row in spark_rows(engines["spark_tables"], mart, columns)
        ]
        if len(on_duckdb) != len(on_spark):
            differences.append(f"{mart}: {len(on_duckdb)} rows on DuckDB, {len(on_spark)} on Spark")
            continue
        for left, right in zip(sorted(on_duckdb, key=sort_key), sorted(on_spark, key=sort_key)):
            unequal = [
                f"{column}: {a!r} != {b!r}"
                for column, a, b in zip(columns, left, right)
                if not same(a, b)
            ]
            if unequal:
                differences.append(f"{mart} {left[:4]}: " + "; ".join(unequal[:4]))
                break
    assert not differences, "\n".join(differences)


@needs_spark
def test_the_small_dataset_is_not_trivial(engines: dict) -> None:
    evaluated, total = fetch(
        engines["duckdb"],
        "select count(*) filter (where is_evaluated), count(*) from marts.fct_indicator_results",
    )[0]
    assert total > 1000 and evaluated > 0.8 * total
