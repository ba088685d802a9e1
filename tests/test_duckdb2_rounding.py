"""Every client rounds the reported figures as the report prints them, on DuckDB 1.5 and on DuckDB 2.x.

DuckDB 2 rounds a DOUBLE by its binary value: Ferrara's area 02 (the double 95.835, i.e.
95.8349999...) becomes 95,83 where DuckDB 1.5 and the report say 95,84. The `*_reported` columns
are DECIMAL(38,2), half-up on the decimal value: `round(x, 2)` is the report's figure everywhere.

DuckDB 2.x runs in its own virtual environment (pytest's cache dir), installed from the package
registry with pip; PyPI has no `duckdb-cli` 2.x yet, so the `duckdb` 2.x package is used. The test
skips only when the registry cannot be reached.
"""

import json
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from orchestration.reports.formatting import percent

DUCKDB2 = "duckdb>=2,<3"
# Every figure as reported in the result marts, beside the double it comes from.
FIGURES = {
    "fct_indicator_results": ("achievement_pct", "achievement_pct_reported"),
    "fct_objective_results": ("achievement_pct", "achievement_pct_reported"),
    "fct_entity_results": ("operational_objectives_pct", "operational_objectives_pct_reported"),
}
QUERY = (
    "select {key}, cast(round({reported}, 2) as varchar), cast(round({double}, 2) as varchar), {double} "
    "from marts.{table} where entity_code = 'FE' and period = '2017' and {double} is not null "
    "order by all"
)
KEYS = {
    "fct_indicator_results": "node_code || '/' || indicator_code",
    "fct_objective_results": "node_code",
    "fct_entity_results": "period",
}
RUNNER = """
import json, sys
import duckdb
connection = duckdb.connect(sys.argv[1], read_only=True)
queries = json.loads(sys.stdin.read())
print(json.dumps({"version": duckdb.__version__,
                  "rows": {name: connection.execute(sql).fetchall() for name, sql in queries.items()}}))
"""


def _pip(python: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(python), "-m", "pip", "--disable-pip-version-check", *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.fixture(scope="module")
def duckdb2_python(pytestconfig: pytest.Config) -> Path:
    venv = pytestconfig.cache.mkdir("duckdb2-venv")
    python = venv / "bin" / "python"
    probe = [str(python), "-c", "import duckdb, sys; sys.exit(duckdb.__version__[0] != '2')"]
    if python.exists() and subprocess.run(probe, check=False).returncode == 0:
        return python
    shutil.rmtree(venv)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    installed = _pip(python, "install", "--quiet", DUCKDB2)
    if installed.returncode != 0:
        reachable = _pip(python, "index", "versions", "duckdb")
        if reachable.returncode != 0:
            pytest.skip(
                f"package registry unreachable, cannot install {DUCKDB2}: {reachable.stderr[-300:]}"
            )
        pytest.fail(f"pip could not install {DUCKDB2}: {installed.stderr[-2000:]}")
    assert subprocess.run(probe, check=False).returncode == 0
    return python


def _queries() -> dict[str, str]:
    return {
        table: QUERY.format(key=KEYS[table], reported=reported, double=double, table=table)
        for table, (double, reported) in FIGURES.items()
    }


def test_reported_figures_round_alike_on_duckdb_1_and_2(
    warehouse: Path, duckdb2_python: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "pira.duckdb"  # DuckDB 2 reads a copy: the session's file stays untouched
    shutil.copy2(warehouse, copy)
    with duckdb.connect(str(copy), read_only=True) as connection:
        assert duckdb.__version__.startswith("1.5")
        here = {name: connection.execute(sql).fetchall() for name, sql in _queries().items()}
    result = subprocess.run(
        [str(duckdb2_python), "-c", RUNNER, str(copy)],
        input=json.dumps(_queries()),
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    there = json.loads(result.stdout)
    assert there["version"].startswith("2.")
    for table in FIGURES:
        rows_1, rows_2 = here[table], there["rows"][table]
        assert len(rows_1) == len(rows_2) > 0, table
        for (key, reported_1, _, double), (key_2, reported_2, _, _) in zip(
            rows_1, rows_2, strict=True
        ):
            assert key == key_2
            # round(x_reported, 2) is the report's figure, on either version.
            assert reported_1 == reported_2, (table, key)
            assert percent(Decimal(reported_1)) == percent(double), (table, key)
    area_02 = {key: row for key, *row in here["fct_objective_results"]}["02"]
    area_02_v2 = {key: row for key, *row in there["rows"]["fct_objective_results"]}["02"]
    assert area_02[0] == area_02_v2[0] == "95.84"
    assert percent(area_02[2]) == "95,84%"
    # What a BI user rounding the double gets on DuckDB 2 (95.83 on 2.0): why the column exists.
    print(f"DuckDB {there['version']}: round(achievement_pct, 2) of area 02 = {area_02_v2[1]}")
