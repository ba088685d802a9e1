"""What `dbt build` leaves in the warehouse for the two embedded chambers."""

import csv
import json
from collections import Counter
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
import yaml

from orchestration.italian import round_half_up
from orchestration.paths import PROJECT_DIR
from tests.conftest import REFERENCE_DIR, copy_of

REQUIRED_COLUMNS = {
    "fct_indicator_results": {
        "entity_code",
        "period",
        "node_code",
        "indicator_code",
        "weight_pct",
        "actual_value",
        "actual_unit",
        "target_operator",
        "target_value",
        "target_date",
        "achievement_pct",
        "is_evaluated",
        "not_evaluated_reason",
        "traffic_light",
        "traffic_light_label",
        "achievement_pct_reported",
        "actual_value_reported",
        "is_synthetic",
    },
    "fct_objective_results": {
        "entity_code",
        "period",
        "node_code",
        "node_level",
        "parent_code",
        "achievement_pct",
        "evaluated_weight_pct",
        "indicator_count",
        "traffic_light",
        "traffic_light_label",
        "achievement_pct_reported",
    },
    "fct_entity_results": {
        "entity_code",
        "period",
        "operational_objectives_pct",
        "overall_pct",
        "operational_objectives_pct_reported",
        "overall_pct_reported",
        "traffic_light_label",
    },
    "dim_status": {"status_kind", "code", "label_it", "colour_hex"},
    "fct_indicator_measure_values": {
        "entity_code",
        "period",
        "indicator_code",
        "term_role",
        "measure_code",
        "value_number",
        "unit",
        "source",
        "is_synthetic",
    },
    "fct_indicator_assignments": {
        "entity_code",
        "cycle",
        "node_code",
        "indicator_code",
        "weight_pct",
    },
    "fct_budget_checks": {"entity_code", "budget_year", "amount_column", "is_balanced"},
    "fct_monitoring_indicators": {"on_track_status", "on_track_status_label"},
    "fct_monitoring_objectives": {"on_track_status", "on_track_status_label"},
    "dim_entity": {"entity_code"},
    "dim_objective": {
        "entity_code",
        "cycle",
        "node_code",
        "node_level",
        "parent_code",
        "title",
        "owner",
    },
    "dim_indicator": {"entity_code", "indicator_code", "indicator_name", "formula", "unit"},
    "fct_data_quality_issues": {
        "entity_code",
        "source_table",
        "row_key",
        "field",
        "raw_value",
        "reason",
    },
}


EXPOSURES_YML = "models/exposures/_exposures__models.yml"
MARTS_YML = "models/marts/_marts__models.yml"


def test_build_ran_every_unit_and_data_test(warehouse_build: Path) -> None:
    results = json.loads((warehouse_build / "target" / "run_results.json").read_text())["results"]
    by_kind: dict[str, list[str]] = {}
    for result in results:
        by_kind.setdefault(result["unique_id"].split(".")[0], []).append(result["status"])
    assert len(by_kind["unit_test"]) >= 8
    assert len(by_kind["test"]) >= 100
    # Listed by dbt build as no-op: nothing to run.
    exposures = yaml.safe_load((PROJECT_DIR / EXPOSURES_YML).read_text(encoding="utf-8"))
    assert len(by_kind.pop("exposure")) == len(exposures["exposures"])
    assert set(by_kind.pop("saved_query")) == {"no-op"}  # the semantic layer's saved queries
    assert {status for statuses in by_kind.values() for status in statuses} <= {"pass", "success"}


def test_marts_expose_the_bi_contract(query) -> None:
    for table, required in REQUIRED_COLUMNS.items():
        columns = {
            name
            for (name,) in query(
                "select column_name from information_schema.columns where table_schema = 'marts' and table_name = ?",
                [table],
            )
        }
        assert required <= columns, (table, required - columns)


def test_the_value_domains_of_the_marts_are_enforced_on_write(
    warehouse: Path, tmp_path: Path
) -> None:
    """Every check constraint of the marts' YAML is a CHECK constraint of the built table (DuckDB
    enforces it at every insert, full build and refresh alike), and a value outside it is refused."""
    documented = {
        (model["name"], column["name"])
        for model in yaml.safe_load((PROJECT_DIR / MARTS_YML).read_text(encoding="utf-8"))["models"]
        for column in model.get("columns", [])
        for constraint in column.get("constraints", [])
        if constraint["type"] == "check"
    }
    assert len(documented) >= 30
    copy = copy_of(warehouse, tmp_path / "copy")
    with duckdb.connect(str(copy)) as connection:
        enforced = {
            (table, column)
            for table, columns in connection.execute(
                "select table_name, constraint_column_names from duckdb_constraints() "
                "where schema_name = 'marts' and constraint_type = 'CHECK'"
            ).fetchall()
            for column in columns
        }
        assert documented <= enforced, documented - enforced
        with pytest.raises(duckdb.ConstraintException, match="traffic_light"):
            connection.execute(
                "insert into marts.fct_objective_results "
                "select * replace ('blue' as traffic_light) from marts.fct_objective_results limit 1"
            )


def test_status_labels_and_the_two_reds(query) -> None:
    labels = query("select status_kind, code, label_it from marts.dim_status order by all")
    assert ("traffic_light", "red", "rosso") in labels
    assert ("on_track_status", "off_track", "Non in linea") in labels
    # Every result row carries the label of its code; no label is missing.
    for table in ("fct_indicator_results", "fct_objective_results", "fct_entity_results"):
        assert query(
            f"select count(*) from marts.{table} as r left join marts.dim_status as s "
            "on s.status_kind = 'traffic_light' and s.code = r.traffic_light "
            "where r.traffic_light_label is distinct from s.label_it"
        ) == [(0,)], table
    # The quarter's on-track status has its own name: no 'traffic_light' in the monitoring marts.
    monitoring = query(
        "select table_name, column_name from information_schema.columns where table_schema = 'marts' "
        "and table_name like 'fct_monitoring%' and column_name in ('traffic_light', 'status')"
    )
    assert monitoring == []


def test_measure_values_budget_check_and_assignments(query) -> None:
    terms = query(
        "select term_role, measure_code, value_number, unit, is_synthetic "
        "from marts.fct_indicator_measure_values where entity_code = 'FE' and period = '2017' "
        "and indicator_code = 'D1.3_1_6' "
        "order by term_role desc, term_number"
    )
    assert [(role, value, unit) for role, _, value, unit, _ in terms] == [
        ("numerator", 34985.3, "€"),
        ("denominator", 15.0, "N."),
    ]
    assert not any(synthetic for *_, synthetic in terms)
    checks = {
        column: (detail, printed, balanced, label)
        for column, detail, printed, balanced, label in query(
            "select amount_column, detail_sum_eur_reported, printed_total_eur_reported, is_balanced, "
            "explaining_row_label from marts.fct_budget_checks "
            "where entity_code = 'FE' and budget_year = 2017"
        )
    }
    assert checks["forecast"][2] is True
    assert checks["actual"][:3] == (Decimal("1141872.09"), Decimal("874963.09"), False)
    assert checks["actual"][3].startswith("Marketing territoriale e progetto 20%")
    [(assignments, results)] = query(
        "select (select count(*) from marts.fct_indicator_assignments where entity_code = 'FE'), "
        "(select count(*) from marts.fct_indicator_results where entity_code = 'FE')"
    )
    assert assignments == results == 201


def test_every_ferrara_figure_is_computed(query) -> None:
    [(rows, evaluated, with_value)] = query(
        "select count(*), count(achievement_pct), count(coalesce(actual_value, epoch(actual_date))) "
        "from marts.fct_indicator_results where entity_code = 'FE' and period = '2017'"
    )
    assert (rows, evaluated, with_value) == (201, 201, 201)
    levels = dict(
        query(
            "select node_level, count(achievement_pct) from marts.fct_objective_results "
            "where entity_code = 'FE' and period = '2017' group by node_level"
        )
    )
    assert levels == {"operational_objective": 67, "strategic_objective": 9, "area": 3}
    [(overall, method)] = query(
        "select overall_pct, overall_method from marts.fct_entity_results where entity_code = 'FE'"
    )
    # No area weights in Ferrara's plan: the entity is the plain mean of its three areas.
    areas = [
        a
        for (a,) in query(
            "select achievement_pct from marts.fct_objective_results where entity_code = 'FE' and node_level = 'area'"
        )
    ]
    assert method == "plain_mean"
    assert round_half_up(overall, 6) == round_half_up(
        sum(float(round_half_up(a)) for a in areas) / 3, 6
    )


def test_ferrara_strategic_objectives_are_plain_means_of_their_printed_objectives(query) -> None:
    rows = query(
        """
        select s.node_code, s.achievement_pct, avg(round(o.achievement_pct::decimal(38, 10), 2))
        from marts.fct_objective_results s
        join marts.fct_objective_results o
            on o.entity_code = s.entity_code and o.period = s.period and o.parent_code = s.node_code
        where s.entity_code = 'FE' and s.node_level = 'strategic_objective'
        group by s.node_code, s.achievement_pct
        """
    )
    assert len(rows) == 9
    for node, achievement, mean_of_children in rows:
        assert abs(achievement - mean_of_children) < 1e-9, node


def test_modena_plan_targets_and_baselines_are_loaded(query) -> None:
    levels = dict(
        query(
            "select node_level, count(*) from marts.dim_objective where entity_code = 'MO' group by node_level"
        )
    )
    with (REFERENCE_DIR / "modena_2022" / "tree.csv").open(newline="", encoding="utf-8") as handle:
        printed = Counter(row["level"] for row in csv.DictReader(handle))
    assert levels == {
        "area": printed["ambito"],
        "strategic_objective": printed["strategic_objective"],
        "objective_group": printed["group"],
        "operational_objective": printed["operational_objective"],
    }
    [(weights_per_area,)] = query(
        "select count(*) from marts.dim_objective where entity_code = 'MO' and node_level = 'area' "
        "and weight_pct in (33.33, 33.34)"
    )
    assert weights_per_area == 3
    assert dict(
        query(
            "select target_year, count(*) from marts.fct_indicator_targets where entity_code = 'MO' group by 1"
        )
    ) == {2022: 93, 2023: 28, 2024: 28}
    [(baselines, numbers, dates, not_available)] = query(
        "select count(*), count(value_number), count(value_date), count(*) filter (where is_not_available) "
        "from marts.fct_indicator_baselines where entity_code = 'MO'"
    )
    assert baselines == numbers + dates + not_available == 279
    # Achievements wait for Modena's measures: no result rows yet, and nothing invented.
    assert query("select count(*) from marts.fct_indicator_results where entity_code = 'MO'") == [
        (0,)
    ]


def test_duplicated_codes_get_distinct_documented_codes(query) -> None:
    assert query(
        "select node_code, node_code_as_printed from marts.dim_objective "
        "where entity_code = 'MO' and node_code_as_printed = '701.C1.1' order by source_row"
    ) == [("701.C1.1", "701.C1.1"), ("701.C1.1~2", "701.C1.1")]
    assert query(
        "select node_code from marts.dim_objective where entity_code = 'FE' and node_code_as_printed = '03.02.01' "
        "order by source_row"
    ) == [("03.02.I1",), ("03.02.O1",)]


def test_reference_anomalies_reach_the_quality_table(query) -> None:
    issues = query(
        "select entity_code, check_name, source_table, row_key, field, raw_value from marts.fct_data_quality_issues"
    )
    assert ("FE", "unit_mismatch", "raw_measure_values", "2017 | F140", "unit_raw", "N.") in issues
    assert (
        "MO",
        "duplicated_code",
        "raw_plan_nodes",
        "2022-2024 | 701.C1.1~2",
        "node_code_as_printed",
        "701.C1.1",
    ) in issues
    assert (
        "MO",
        "formula_rejected",
        "raw_indicators",
        "71.C2.3-5",
        "formula",
        "C2.3.1 + N. ispn",
    ) in issues
    assert (
        "FE",
        "amount_parse",
        "raw_budget",
        "10",
        "consuntivo_raw",
        "(SOLO RISORSE UMANE E FUNZIONAMENTO)",
    ) in issues


def test_override_is_applied_and_visible(query) -> None:
    [row] = query(
        "select actual_value, achievement_pct, is_overridden, original_actual_value, original_achievement_pct, "
        "override_justification is not null from marts.fct_indicator_results "
        "where entity_code = 'FE' and indicator_code = 'F140'"
    )
    assert row == (100.0, 100.0, True, 18.0, 20.0, True)
    assert query(
        "select has_overridden_indicator from marts.fct_objective_results where node_code = '01.02.O1.T6'"
    ) == [(True,)]
