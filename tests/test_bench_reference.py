"""The benchmark's straight-line reference (bench/reference.py): its own formula parser."""

import importlib.util
import sys

import pytest

from orchestration.paths import PROJECT_DIR

spec = importlib.util.spec_from_file_location(
    "bench_reference", PROJECT_DIR / "bench" / "reference.py"
)
reference = importlib.util.module_from_spec(spec)
# Registered before it runs: its dataclasses look their module up.
sys.modules["bench_reference"] = reference
spec.loader.exec_module(reference)


def terms(formula: str) -> list[tuple[str, float, str | None]]:
    return [(t.side, t.coefficient, t.measure) for t in reference.parse_formula(formula)]


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("A + B + C", [("numerator", 1, "A"), ("numerator", 1, "B"), ("numerator", 1, "C")]),
        ("-(A + B)", [("numerator", -1, "A"), ("numerator", -1, "B")]),
        (
            "-(A + B) / C",
            [("numerator", -1, "A"), ("numerator", -1, "B"), ("denominator", 1, "C")],
        ),
        (
            "(A + B) / -C",
            [("numerator", 1, "A"), ("numerator", 1, "B"), ("denominator", -1, "C")],
        ),
        ("-A - B", [("numerator", -1, "A"), ("numerator", -1, "B")]),
        (
            "100 * D1.1_3_num / [N_Vis  Metr]",
            [("numerator", 100, "D1.1_3_num"), ("denominator", 1, "N_Vis Metr")],
        ),
        ("[401.50]", [("numerator", 1, "401.50")]),
        ("D2.1_31 / 2,5", [("numerator", 1, "D2.1_31"), ("denominator", 2.5, None)]),
    ],
)
def test_accepted_formulas(formula: str, expected: list) -> None:
    assert terms(formula) == expected


@pytest.mark.parametrize(
    "formula", ["A - (B + C)", "A; B", "A B", "(A + B", "A / B / C", "A * 2", "", "A UNION B"]
)
def test_rejected_formulas(formula: str) -> None:
    with pytest.raises(reference.FormulaError):
        reference.parse_formula(formula)
