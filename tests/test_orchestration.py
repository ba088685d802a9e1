"""Dagster: the definitions, the schedules and the sensor, and real partition runs into temporary files."""

import warnings
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg
import duckdb
import pytest

from orchestration.definitions import MAIN_JOB_NAME, build_definitions, defs
from orchestration.job import run_job
from orchestration.period_control import (
    InvalidPeriodError,
    requested_periods,
    set_requested_periods,
)
from orchestration.publish import current_manifest
from orchestration.resources import WarehouseResource

warnings.filterwarnings("ignore", category=dg.PreviewWarning)
ROME = ZoneInfo("Europe/Rome")
HEADER = "entity_code,period,measure_code,value_raw,unit_raw,source,extracted_at"
INJECTED_KEY = "2022-Q4')); create table main.pwned_by_partition_key as select 42 as x; select (('1"


def repository():
    return defs.get_repository_def()


def test_definitions_load_with_the_expected_assets_and_checks() -> None:
    graph = repository().asset_graph
    keys = {key.to_user_string() for key in graph.get_all_asset_keys()}
    assert {"landing/measure_values", "published_warehouse", "pira_reports", "publication"} <= keys
    assert {"marts/fct_indicator_results", "marts/fct_objective_results", "marts/fct_entity_results",
            "marts/dim_objective", "staging/stg_pira__targets", "raw/raw_measure_values"} <= keys  # fmt: skip
    checks = {key.to_user_string() for key in graph.asset_check_keys}
    assert "landing/measure_values:gx_landing_files" in checks
    assert "intermediate/int_checks__sibling_weights:gx_weights" in checks
    assert "marts/fct_indicator_results:gx_marts" in checks
    assert any(key.endswith("primary_key_fct_indicator_results_entity_code__period__node_code__indicator_code")
               for key in checks)  # fmt: skip
    gx_specs = [graph.get(key) for key in graph.asset_check_keys if key.name.startswith("gx_")]
    assert gx_specs and all(spec.blocking for spec in gx_specs)
    # What a period changes is partitioned by period; the plan and the measure chain are not (a run
    # over five periods records them once).
    assert graph.get(dg.AssetKey(["marts", "fct_entity_results"])).partitions_def is not None
    for unpartitioned in (["staging", "stg_pira__targets"], ["intermediate", "int_checks__tree"]):
        assert graph.get(dg.AssetKey(unpartitioned)).partitions_def is None, unpartitioned
    # The marts' dbt tests are Dagster checks; the tests of the layers below run in the build only.
    dbt_checks = [key for key in graph.asset_check_keys if not key.name.startswith("gx_")]
    assert dbt_checks and {key.asset_key.path[0] for key in dbt_checks} == {"marts"}
    groups = {graph.get(key).group_name for key in graph.get_all_asset_keys()}
    assert {"raw", "staging", "intermediate", "marts", "landing", "publish"} <= groups
    # The periods reach dbt as a table (control.requested_periods), an input of int_plan__periods.
    periods_model = graph.get(dg.AssetKey(["intermediate", "int_plan__periods"]))
    assert dg.AssetKey(["control", "requested_periods"]) in periods_model.parent_keys
    published_deps = {
        key.to_user_string() for key in graph.get(dg.AssetKey("published_warehouse")).parent_keys
    }
    assert {
        "marts/fct_entity_results",
        "intermediate/int_checks__tree",
        "landing/measure_values",
    } <= published_deps


def test_jobs_schedules_and_sensor() -> None:
    repo = repository()
    assert MAIN_JOB_NAME in {job.name for job in repo.get_all_jobs()}
    schedules = {schedule.name: schedule for schedule in repo.schedule_defs}
    assert schedules["yearly_consuntivo"].cron_schedule == "0 6 15 1 *"
    assert schedules["quarterly_monitoring"].cron_schedule == "0 6 10 1,4,7,10 *"
    assert {schedule.execution_timezone for schedule in schedules.values()} == {"Europe/Rome"}
    # The landing sensor, and the notifications to the data team (tests/test_notifications.py).
    assert {sensor.name for sensor in repo.sensor_defs} == {
        "landing_sensor",
        "notify_run_failure",
        "notify_off_track",
        "notify_check_failures",
    }


@pytest.mark.parametrize(
    ("schedule_name", "moment", "period"),
    [
        ("yearly_consuntivo", datetime(2027, 1, 15, 6, tzinfo=ROME), "2026"),
        ("quarterly_monitoring", datetime(2026, 7, 10, 6, tzinfo=ROME), "2026-Q2"),
        ("quarterly_monitoring", datetime(2027, 1, 10, 6, tzinfo=ROME), "2026-Q4"),
    ],
)
def test_schedules_request_the_closed_period(
    schedule_name: str, moment: datetime, period: str
) -> None:
    schedule = next(s for s in repository().schedule_defs if s.name == schedule_name)
    with dg.instance_for_test() as instance:
        context = dg.build_schedule_context(
            instance=instance, scheduled_execution_time=moment, repository_def=repository()
        )
        request = schedule.evaluate_tick(context).run_requests[0]
        assert request.partition_key == period
        assert period in instance.get_dynamic_partitions("period")


def test_sensor_requests_the_periods_of_new_extracts(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    landing.mkdir()
    (landing / "q3.csv").write_text(
        f"{HEADER}\nMO,2022-Q3,D1.1_10,612,N.,x,2022-10-08 09:00:00\n", encoding="utf-8"
    )
    (landing / "broken.csv").write_text("a;b\n1;2\n", encoding="utf-8")
    sensor = next(s for s in repository().sensor_defs if s.name == "landing_sensor")
    warehouse = WarehouseResource(landing_dir=str(landing))
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("period", ["2017"])
        context = dg.build_sensor_context(
            instance=instance, resources={"warehouse": warehouse}, repository_def=repository()
        )
        with dg.partition_loading_context(dynamic_partitions_store=instance):
            result = sensor.evaluate_tick(context)
        # The readable file asks for its period; the broken one for the latest known period (its check fails).
        assert sorted(request.partition_key for request in result.run_requests) == [
            "2017",
            "2022-Q3",
        ]
        assert "2022-Q3" in instance.get_dynamic_partitions("period")
        again = sensor.evaluate_tick(
            dg.build_sensor_context(
                instance=instance,
                cursor=result.cursor,
                resources={"warehouse": warehouse},
                repository_def=repository(),
            )
        )
        assert not again.run_requests


def run_partition(
    warehouse: WarehouseResource, instance, partition: str
) -> dg.ExecuteInProcessResult:
    if partition not in instance.get_dynamic_partitions("period"):
        instance.add_dynamic_partitions("period", [partition])
    job = build_definitions(warehouse).resolve_job_def(MAIN_JOB_NAME)
    return job.execute_in_process(partition_key=partition, instance=instance, raise_on_error=False)


@pytest.fixture(scope="module")
def partition_runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("dagster")
    landing = root / "landing"
    landing.mkdir()
    warehouse = WarehouseResource(
        build_path=str(root / "build" / "pira.duckdb"),
        published_path=str(root / "published" / "pira.duckdb"),
        landing_dir=str(landing),
        reports_dir=str(root / "reports"),
    )
    with dg.instance_for_test() as instance:
        yearly = run_partition(warehouse, instance, "2017")
        (landing / "MO_2022-Q2.csv").write_text(
            f"{HEADER}\n"
            "MO,2022-Q1,D1.1_10,301,N.,Controllo di gestione,2022-04-08 09:00:00\n"
            "MO,2022-Q2,D1.1_10,612,N.,Controllo di gestione,2022-07-08 09:00:00\n"
            "MO,2022-Q2,D1.1_20,41,N.,Controllo di gestione,2022-07-08 09:00:00\n",
            encoding="utf-8",
        )
        quarterly = run_partition(warehouse, instance, "2022-Q2")
        # An unreadable (tab-delimited) file (blocks nothing: its rows never enter) and a negative count for
        # Modena's quarter (an error: withholds MO 2022-Q2, which stays as published).
        (landing / "MO_2022-Q2_bad.csv").write_text(
            f"{HEADER.replace(',', chr(9))}\nMO\t2022-Q2\tD1.1_3\t5\tN.\tx\ty\n"
        )
        (landing / "MO_2022-Q2_rettifica.csv").write_text(
            f"{HEADER}\nMO,2022-Q2,D1.1_20,-41,N.,Controllo di gestione,2022-07-20 09:00:00\n",
            encoding="utf-8",
        )
        blocked_before = {
            table: published_rows(warehouse, f"select * from {table} order by all")
            for table in ("marts.fct_entity_results", "marts.fct_indicator_results")
        }
        blocked = run_partition(warehouse, instance, "2022-Q2")
        yield warehouse, yearly, quarterly, blocked, blocked_before, instance


def published_rows(warehouse: WarehouseResource, sql: str) -> list[tuple]:
    with duckdb.connect(warehouse.published_path, read_only=True) as connection:
        return connection.execute(sql).fetchall()


def test_yearly_partition_builds_the_consuntivo(partition_runs) -> None:
    warehouse, yearly, *_ = partition_runs
    assert yearly.success
    materialized = {
        event.asset_key.to_user_string() for event in yearly.get_asset_materialization_events()
    }
    assert {"marts/fct_entity_results", "published_warehouse", "pira_reports", "publication"} <= (
        materialized
    )
    # The stable reader paths lead into the version the run made current.
    manifest = current_manifest(Path(warehouse.published_path))
    assert manifest["run_id"] != yearly.run_id[:12]  # later runs published since
    assert Path(warehouse.reports_dir).is_symlink()
    assert (Path(warehouse.reports_dir) / "FE_2017.html").is_file()
    assert Path(warehouse.published_path).resolve().parent.name == manifest["version"]


def test_quarterly_partition_computes_its_quarter_and_keeps_the_year(partition_runs) -> None:
    warehouse, _, quarterly, *_ = partition_runs
    assert quarterly.success
    periods = published_rows(
        warehouse, "select entity_code, period from marts.fct_entity_results order by all"
    )
    # The Q2 run computed Q2 only (Q1 was landed too, but is another partition); 2017 stays as it was.
    assert periods == [("FE", "2017"), ("MO", "2022-Q2")]
    [(total,)] = published_rows(
        warehouse,
        "select operational_objectives_pct from marts.fct_entity_results where period = '2017'",
    )
    assert round(total, 2) == 95.93
    [(value, achievement)] = published_rows(
        warehouse,
        "select actual_value, achievement_pct from marts.fct_indicator_results "
        "where period = '2022-Q2' and indicator_code = '31.D1.1.1'",
    )
    assert (value, achievement) == (612.0, 76.5)  # 612 against the annual target >= 800


def test_errors_withhold_only_what_they_concern(partition_runs) -> None:
    warehouse, _, _, blocked, blocked_before, _ = partition_runs
    assert blocked.success
    failed = {event.event_specific_data.check_name: event.event_specific_data for event in blocked.all_events
              if event.event_type_value == "ASSET_CHECK_EVALUATION" and not event.event_specific_data.passed}  # fmt: skip
    # The rejected file is reported as an error but concerns no figure: it blocks nothing.
    landing = failed["gx_landing_files"]
    assert landing.metadata["errors"].value == 1
    assert "il separatore è una tabulazione" in landing.metadata["messages"].value
    assert landing.severity == dg.AssetCheckSeverity.WARN
    # The negative count withholds Modena's quarter only.
    measures = failed["gx_measures"]
    assert measures.metadata["errors"].value == 1
    assert measures.metadata["withheld"].value == "- MO 2022-Q2"
    assert measures.severity == dg.AssetCheckSeverity.WARN
    materialized = {
        event.asset_key.to_user_string() for event in blocked.get_asset_materialization_events()
    }
    assert {"published_warehouse", "pira_reports", "publication"} <= materialized
    manifest = current_manifest(Path(warehouse.published_path))
    assert manifest["run_id"] == blocked.run_id[:12]
    assert [(w["entity_code"], w["period"], w["check"]) for w in manifest["withheld"]] == [
        ("MO", "2022-Q2", "count_not_negative")
    ]
    for table, rows in blocked_before.items():
        assert published_rows(warehouse, f"select * from {table} order by all") == rows, table
    # ... although the build computed that quarter anew from the negative count.
    modena = (
        "select * from marts.fct_indicator_results "
        "where entity_code = 'MO' and period = '2022-Q2' order by all"
    )
    with duckdb.connect(warehouse.build_path, read_only=True) as connection:
        assert connection.execute(modena).fetchall() != published_rows(warehouse, modena)
    [(value,)] = published_rows(
        warehouse,
        "select count(*) from marts.fct_quarantined_rows where raw_value = '-41'",
    )
    assert value == 1  # the quality marts show the new run's problems


def step_failures(result: dg.ExecuteInProcessResult) -> dict[str, str]:
    return {
        event.step_key: event.event_specific_data.user_failure_data.description
        for event in result.all_events
        if event.event_type_value == "STEP_FAILURE"
        and event.event_specific_data.user_failure_data is not None
    }


def tables_named(database: str, pattern: str) -> list[tuple]:
    with duckdb.connect(database, read_only=True) as connection:
        return connection.execute(
            "select table_catalog, table_schema, table_name from information_schema.tables "
            "where table_name like ?",
            [pattern],
        ).fetchall()


def test_an_injected_partition_key_is_refused(partition_runs) -> None:
    warehouse, *_, instance = partition_runs
    build_before = Path(warehouse.build_path).read_bytes()
    # Dynamic partitions accept any text (UI, GraphQL): the run must refuse it.
    result = run_partition(warehouse, instance, INJECTED_KEY)
    assert not result.success
    failures = step_failures(result)
    # The first step stops the run: nothing landed, nothing built, nothing published.
    assert list(failures) == ["landing__measure_values"], failures
    message = failures["landing__measure_values"]
    assert message.startswith("Partition key refused: invalid period ")
    assert repr(INJECTED_KEY) in message
    assert not result.get_asset_materialization_events()
    assert Path(warehouse.build_path).read_bytes() == build_before
    # The dbt asset refuses it on its own too (a run of the models alone), before dbt starts.
    job = build_definitions(warehouse).resolve_job_def(MAIN_JOB_NAME)
    models_only = job.execute_in_process(
        partition_key=INJECTED_KEY,
        instance=instance,
        raise_on_error=False,
        asset_selection=[dg.AssetKey(["marts", "fct_entity_results"])],
    )
    assert not models_only.success
    [(step, message)] = step_failures(models_only).items()
    assert step == "pira_dbt_periods" and repr(INJECTED_KEY) in message
    assert Path(warehouse.build_path).read_bytes() == build_before
    for database in (warehouse.build_path, warehouse.published_path):
        assert tables_named(database, "%pwned%") == []


@pytest.mark.parametrize(
    "bad",
    [
        "2022-Q5",
        "22-Q1",
        "2022\n",
        "２０２２",
        "2022-Q4')); drop table x; --",
        "",
        None,
    ],
)
def test_requested_periods_are_validated_before_anything_is_written(
    tmp_path: Path, bad: str | None
) -> None:
    database = tmp_path / "pira.duckdb"
    set_requested_periods(database, ["2022-Q2", "2017"])
    before = database.read_bytes()
    with pytest.raises(InvalidPeriodError, match="invalid period"):
        set_requested_periods(database, ["2022-Q1", bad])
    assert database.read_bytes() == before
    assert requested_periods(database) == ["2017", "2022-Q2"]
    set_requested_periods(database, None)
    assert requested_periods(database) == []
    with pytest.raises(ValueError, match="invalid period"):
        run_job(
            WarehouseResource(
                build_path=str(tmp_path / "new" / "pira.duckdb"),
                published_path=str(tmp_path / "published.duckdb"),
            ),
            periods=[bad],
        )
    assert not (tmp_path / "new").exists()
