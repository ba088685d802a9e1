"""The seeds are what the builder makes of the reference documents; Italian number formatting."""

import subprocess
import sys

import pytest

from orchestration.italian import format_number, format_percent, round_half_up
from orchestration.paths import PROJECT_DIR
from tests.conftest import REFERENCE_DIR, read_seed


def test_seeds_are_up_to_date_with_the_reference_data() -> None:
    assert REFERENCE_DIR.is_dir(), f"reference data expected at {REFERENCE_DIR}"
    completed = subprocess.run(
        [sys.executable, "scripts/build_seeds.py", "--check"],
        cwd=PROJECT_DIR,
        check=False,
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 0, completed.stderr


def test_seeds_hold_inputs_only() -> None:
    for name in (
        "raw_indicators",
        "raw_measure_values",
        "raw_targets",
        "raw_indicator_assignments",
    ):
        columns = set(read_seed(name)[0])
        assert not {
            column for column in columns if "published" in column or column.startswith("actual")
        }, name
    measures = read_seed("raw_measure_values")
    assert {row["measure_code"] for row in measures} >= {"D1.3_1_6_num", "D1.3_1_6_den", "F179"}
    assert (
        next(row for row in measures if row["measure_code"] == "A1.1_01_num")["value_raw"]
        == "1,24179e+006"
    )


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (95.015, 2, "95,02"),
        (1400000, 2, "1.400.000,00"),
        (-22.74, 2, "-22,74"),
        (874963.09, 2, "874.963,09"),
        (0.5, 0, "1"),
    ],
)
def test_italian_number_format(value: float, decimals: int, expected: str) -> None:
    assert format_number(value, decimals) == expected


def test_italian_percent_and_half_up() -> None:
    assert format_percent(95.9311940299) == "95,93%"
    assert format_percent(None) == "n.d."
    assert str(round_half_up(79.325)) == "79.33"
