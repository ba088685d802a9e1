"""A value that does not parse is quarantined with its file and row, its indicator is neutralised, the rest flows."""

from tests.conftest import Scenario

SEED_FILE = "seeds/raw/raw_measure_values.csv"


def test_unparseable_measure_is_traced_and_siblings_renormalised(scenario: Scenario) -> None:
    scenario.edit(
        "raw_measure_values", {"entity_code": "FE", "measure_code": "F190"}, {"value_raw": "12,3,4"}
    )
    scenario.edit(
        "raw_measure_values", {"entity_code": "FE", "measure_code": "F187"}, {"value_raw": "N/D"}
    )
    scenario.build()
    line = {
        row["measure_code"]: int(row["source_row"]) for row in scenario.rows("raw_measure_values")
    }
    quarantined = scenario.query(
        "select entity_code, source_table, source_file, source_row, row_key, field, raw_value, reason "
        "from marts.fct_quarantined_rows order by row_key"
    )
    assert quarantined == [
        ("FE", "raw_measure_values", SEED_FILE, line["F187"], "2017 | F187", "value_raw", "N/D",
         "valore non disponibile (N/D)"),
        ("FE", "raw_measure_values", SEED_FILE, line["F190"], "2017 | F190", "value_raw", "12,3,4",
         "valore '12,3,4' non è un numero in formato italiano"),
    ]  # fmt: skip
    assert scenario.query(
        "select rows_in, rows_used, rows_quarantined, is_balanced from marts.fct_row_reconciliation "
        "where source_table = 'raw_measure_values'"
    ) == [(226, 224, 2, True)]
    rows = dict(
        scenario.query(
            "select indicator_code, not_evaluated_reason from marts.fct_indicator_results "
            "where node_code = '02.O1.O1.T2'"
        )
    )
    assert rows == {
        "F188": None,
        "F189": None,
        "F190": "misura 'F190' esclusa (Valore della misura non interpretabile): '12,3,4'",
    }
    # F188 (34%) and F189 (33%) are both at 100%: the objective stays at 100% on 67% of its weight.
    [(achievement, evaluated_weight)] = scenario.query(
        "select achievement_pct, evaluated_weight_pct from marts.fct_objective_results "
        "where node_code = '02.O1.O1.T2'"
    )
    assert achievement == 100.0
    assert round(evaluated_weight, 6) == 67.0
    # 02.O1.O1.T1: F185 (33%) 100, F186 (34%) 100, F187 N/D left out.
    [(achievement_t1,)] = scenario.query(
        "select achievement_pct from marts.fct_objective_results where node_code = '02.O1.O1.T1'"
    )
    assert achievement_t1 == 100.0
    assert scenario.query(
        "select count(*) from marts.fct_indicator_results where entity_code = 'FE' and is_evaluated"
    ) == [(199,)]
