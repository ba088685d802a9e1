"""A refresh tests the periods it computes: the data tests of the period facts look at the rows of
control.requested_periods (every row when it is empty, as in a full build)."""

from pathlib import Path

import duckdb
import pytest

from orchestration.dbt_invocation import DbtTestFailures, run_dbt
from orchestration.period_control import set_requested_periods
from tests.conftest import copy_of

UNIQUE_TEST = "primary_key"


def test_fact_tests_look_at_the_requested_periods(warehouse: Path, tmp_path: Path) -> None:
    database = copy_of(warehouse, tmp_path / "copy")
    # Two copies of an FE 2017 indicator row labelled 2016: a duplicate key outside 2017.
    with duckdb.connect(str(database)) as connection:
        connection.execute(
            "insert into marts.fct_indicator_results select * replace ('2016' as period) "
            "from marts.fct_indicator_results where entity_code = 'FE' and period = '2017' "
            "and indicator_code = 'F157'"
        )
        connection.execute(
            "insert into marts.fct_indicator_results select * from marts.fct_indicator_results "
            "where period = '2016'"
        )
    test_fact = ["test", "--select", "fct_indicator_results,test_type:data"]

    # A refresh of 2017 tests 2017 only: the bad 2016 rows are not its business.
    set_requested_periods(database, ["2017"])
    outcome = run_dbt(test_fact, database, target_dir=tmp_path / "target")
    tests = [result for result in outcome.results if result.node.resource_type == "test"]
    assert len(tests) >= 5 and {result.status for result in tests} == {"pass"}

    # A full build (no requested period) tests every row and finds them; so does a 2016 refresh.
    for periods in ([], ["2016"]):
        set_requested_periods(database, periods)
        with pytest.raises(DbtTestFailures) as failure:
            run_dbt(test_fact, database, target_dir=tmp_path / "target")
        assert UNIQUE_TEST in str(failure.value)


def test_tests_of_other_models_see_every_row(warehouse: Path, tmp_path: Path) -> None:
    database = copy_of(warehouse, tmp_path / "copy")
    with duckdb.connect(str(database)) as connection:
        connection.execute(
            "insert into marts.dim_indicator select * from marts.dim_indicator "
            "where entity_code = 'FE' and indicator_code = 'F157'"
        )
    set_requested_periods(database, ["2017"])
    with pytest.raises(DbtTestFailures) as failure:
        run_dbt(
            ["test", "--select", "dim_indicator,test_type:data"],
            database,
            target_dir=tmp_path / "target",
        )
    assert UNIQUE_TEST in str(failure.value)


def test_a_refreshed_period_left_without_deviations_loses_its_old_rows(
    warehouse: Path, tmp_path: Path
) -> None:
    database = copy_of(warehouse, tmp_path / "copy")
    count = (
        "select count(*) filter (where entity_code = 'FE' and period = '2017'), "
        "count(*) filter (where not (entity_code = 'FE' and period = '2017')) "
        "from marts.fct_deviation_explanations"
    )
    with duckdb.connect(str(database)) as connection:
        # Rows of a period the refresh does not compute: they stay.
        connection.execute(
            "insert into marts.fct_deviation_explanations select * replace ('2016' as period) "
            "from marts.fct_deviation_explanations where entity_code = 'FE' and period = '2017'"
        )
        [(fe_2017, others)] = connection.execute(count).fetchall()
        # FE 2017 turns all green: its deviations must go, not linger from the last run.
        for mart in ("fct_indicator_results", "fct_objective_results"):
            connection.execute(
                f"update marts.{mart} set traffic_light = 'green' "
                "where entity_code = 'FE' and period = '2017'"
            )
    assert fe_2017 == 37 and others >= 37

    set_requested_periods(database, ["2017"])
    run_dbt(
        ["run", "--select", "int_plan__periods", "fct_deviation_explanations"],
        database,
        target_dir=tmp_path / "target",
    )
    with duckdb.connect(str(database), read_only=True) as connection:
        assert connection.execute(count).fetchall() == [(0, others)]
