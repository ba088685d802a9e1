"""A value that does not parse reaches the quality table, its indicator is neutralised, the rest flows."""

from tests.conftest import Scenario


def test_unparseable_measure_is_traced_and_siblings_renormalised(scenario: Scenario) -> None:
    scenario.edit(
        "raw_measure_values", {"entity_code": "FE", "measure_code": "F190"}, {"value_raw": "12,3,4"}
    )
    scenario.edit(
        "raw_measure_values", {"entity_code": "FE", "measure_code": "F187"}, {"value_raw": "N/D"}
    )
    scenario.build()
    issues = scenario.query(
        "select entity_code, source_table, row_key, field, raw_value, reason from marts.fct_data_quality_issues "
        "where check_name = 'measure_parse' order by row_key"
    )
    assert issues == [
        (
            "FE",
            "raw_measure_values",
            "2017 | F187",
            "value_raw",
            "N/D",
            "value not available (N/D)",
        ),
        (
            "FE",
            "raw_measure_values",
            "2017 | F190",
            "value_raw",
            "12,3,4",
            "value '12,3,4' is not an Italian-format number",
        ),
    ]
    rows = dict(
        scenario.query(
            "select indicator_code, not_evaluated_reason from marts.fct_indicator_results where node_code = '02.O1.O1.T2'"
        )
    )
    assert rows == {
        "F188": None,
        "F189": None,
        "F190": "measure 'F190': value '12,3,4' is not an Italian-format number",
    }
    # F188 (34%) and F189 (33%) are both at 100%: the objective stays at 100% on 67% of its weight.
    [(achievement, evaluated_weight)] = scenario.query(
        "select achievement_pct, evaluated_weight_pct from marts.fct_objective_results where node_code = '02.O1.O1.T2'"
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
