"""The formula language: valid formulas evaluate, anything else is rejected with its reason, nothing runs as SQL."""

import pytest

from orchestration.dbt_invocation import run_dbt
from tests.conftest import Scenario

FORMULAS = {
    "F179": "F179 ; DROP TABLE marts.dim_entity",
    "F180": "F180 UNION SELECT 1",
    "F181": "F181 $ 2",
    "F185": "F185 + NO_SUCH_MEASURE",
    "F186": "(F186 + F185) / 2",
    "F187": "F187 / (F185 - 3)",
    "F188": "F188 * 2 - 1",
    "F189": "F189 F190",
    "F190": "((F190))",
    # Signs in front of a bracketed group apply to every term inside it (F186 = 156, F185 = 3).
    "F192": "-(F186 + F185)",
    "F193": "-(F186 + F185) / F185",
    "F194": "(F186 + F185) / -F185",
    "F195": "F186 - (F185 + F185)",
    "F197": "-F186 - F185",
    "F199": "(F186 + F185) - (F185 + F185)",
    "F200": "-(F186 - F185) / -(F185)",
}


@pytest.fixture(scope="module")
def formulas_built(tmp_path_factory) -> Scenario:
    built = Scenario(tmp_path_factory.mktemp("formulas") / "project")
    for code, formula in FORMULAS.items():
        built.edit(
            "raw_indicators", {"entity_code": "FE", "indicator_code": code}, {"formula": formula}
        )
    # A unit the methodology does not have: F206 is left out, named, and the rest flows.
    built.edit("raw_indicators", {"entity_code": "FE", "indicator_code": "F206"}, {"unit": "ore"})
    # F191's measure exists for 2016 only: in 2017 it is missing, not unknown.
    measures = built.rows("raw_measure_values")
    f191 = next(row for row in measures if row["measure_code"] == "F191")
    measures.remove(f191)
    measures.append({**f191, "period": "2016"})
    built.replace_rows("raw_measure_values", measures)
    built.build()
    return built


def results(built: Scenario) -> dict[str, tuple]:
    return {
        code: (value, reason)
        for code, value, reason in built.query(
            "select indicator_code, actual_value, not_evaluated_reason from marts.fct_indicator_results "
            "where entity_code = 'FE' and period = '2017'"
        )
    }


def test_rejected_formulas_say_why(formulas_built: Scenario) -> None:
    found = results(formulas_built)
    assert found["F179"] == (None, "formula respinta: carattere non ammesso in una formula: ';'")
    assert found["F180"] == (
        None,
        "formula respinta: parola chiave SQL non ammessa in una formula: 'UNION'",
    )
    assert found["F181"] == (None, "formula respinta: carattere non ammesso in una formula: '$'")
    assert found["F189"] == (
        None,
        "formula respinta: due operandi senza operatore tra loro: 'F189' e 'F190'",
    )
    assert found["F190"] == (None, "formula respinta: parentesi annidate non ammesse")
    assert found["F195"] == (
        None,
        "formula respinta: le parentesi devono racchiudere un intero numeratore o denominatore",
    )


def test_data_problems_give_not_evaluated_reasons(formulas_built: Scenario) -> None:
    found = results(formulas_built)
    assert found["F185"] == (None, "codice di misura 'NO_SUCH_MEASURE' sconosciuto")
    assert found["F187"] == (None, "divisione per zero: il denominatore è 0 nel periodo 2017")
    assert found["F191"] == (None, "misura 'F191' assente per il periodo 2017")


def test_valid_formulas_evaluate(formulas_built: Scenario) -> None:
    found = results(formulas_built)
    assert found["F186"] == ((156 + 3) / 2, None)
    assert found["F188"] == (6 * 2 - 1, None)
    assert found["D1.3_1_6"][0] == pytest.approx(34985.3 / 15)
    assert found["C2.5_01"][0] == pytest.approx(492 / 4334 * 100)


def test_a_sign_before_brackets_applies_to_every_term_inside(formulas_built: Scenario) -> None:
    found = results(formulas_built)
    assert found["F192"] == (-(156 + 3), None)
    assert found["F193"] == (-(156 + 3) / 3, None)
    assert found["F194"] == ((156 + 3) / -3, None)
    assert found["F197"] == (-156 - 3, None)
    assert found["F199"] == ((156 + 3) - (3 + 3), None)
    assert found["F200"] == (-(156 - 3) / -3, None)


def test_injection_attempt_ran_nothing(formulas_built: Scenario) -> None:
    assert formulas_built.query("select count(*) from marts.dim_entity") == [(2,)]
    rejected = formulas_built.query(
        "select row_key, reason from marts.fct_data_quality_issues where check_name = 'formula_rejected' "
        "and entity_code = 'FE' order by row_key"
    )
    assert [key for key, _ in rejected] == ["F179", "F180", "F181", "F189", "F190", "F195"]


def test_other_indicators_keep_flowing(formulas_built: Scenario) -> None:
    not_evaluated = formulas_built.query(
        "select indicator_code from marts.fct_indicator_results "
        "where entity_code = 'FE' and period = '2017' and not is_evaluated order by indicator_code"
    )
    assert [code for (code,) in not_evaluated] == [
        "F179",
        "F180",
        "F181",
        "F185",
        "F187",
        "F189",
        "F190",
        "F191",
        "F195",
        "F206",
    ]
    # 02.O1.I1 lost F179, F180 and F181: nothing left to score it.
    assert formulas_built.query(
        "select achievement_pct, not_evaluated_reason from marts.fct_objective_results where node_code = '02.O1.I1'"
    ) == [(None, "nulla sotto questo nodo è stato valutato")]


def test_an_unknown_unit_leaves_its_indicator_out_and_the_build_passes(
    formulas_built: Scenario,
) -> None:
    reason = "unità 'ore' non prevista: N., %, €, gg, fte o date (unit)"
    assert formulas_built.query(
        "select source_table, source_row, field, raw_value, reason from marts.fct_quarantined_rows "
        "where entity_code = 'FE' and row_key = 'F206'"
    ) == [("raw_indicators", 25, "unit", "ore", reason)]
    assert formulas_built.query(
        "select severity, label_it from marts.fct_data_quality_issues "
        "where reason_code = 'indicators.indicator_unit_known'"
    ) == [("warning", "Unità dell'indicatore non prevista")]
    # Its plan rows stay, not evaluated, and the dimension says why: BI joins lose nothing.
    assert formulas_built.query(
        "select is_evaluated, not_evaluated_reason from marts.fct_indicator_results "
        "where entity_code = 'FE' and period = '2017' and indicator_code = 'F206'"
    ) == [(False, "indicatore 'F206' non definito")]
    assert formulas_built.query(
        "select unit, is_formula_valid, formula_rejection_reason, cap_pct from marts.dim_indicator "
        "where entity_code = 'FE' and indicator_code = 'F206'"
    ) == [
        (
            None,
            False,
            "indicatore senza definizione utilizzabile in raw_indicators (fct_quarantined_rows)",
            100.0,
        )
    ]
    # The BI contract's units hold: the data tests of the indicators pass (an unknown unit used to
    # fail dim_indicator's test and with it the whole build, every chamber's).
    outcome = run_dbt(
        ["test", "--select", "stg_pira__indicators dim_indicator", "--exclude", "test_type:unit"],
        formulas_built.database_path,
        project_dir=formulas_built.root,
        target_dir=formulas_built.root / "target",
    )
    statuses = [str(r.status) for r in outcome.results if r.node.resource_type == "test"]
    assert statuses and set(statuses) <= {"pass", "warn"}
