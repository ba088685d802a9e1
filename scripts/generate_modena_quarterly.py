"""Write synthetic year-to-date quarterly measure extracts for Modena 2022 (demonstration data).

The chamber of Modena has a 2022-2024 plan in the warehouse but no measures: these four files,
`data/synthetic/MO_2022-Q1.csv` ... `MO_2022-Q4.csv`, give the quarterly monitoring something to
show. They are NOT Modena's figures: the `source` column of every row says "Dati sintetici
dimostrativi", and the reports show a banner for it.

What is read: the built warehouse, read-only (default `$PIRA_DUCKDB_PATH` or `warehouse/pira.duckdb`;
`make run` builds it): the accepted formulas' term rows (`intermediate.int_formulas__terms`), the
indicator units (`marts.dim_indicator`), the 2022 targets and the baselines (`marts.fct_indicator_*`)
and the accumulation kind of each indicator (`intermediate.int_monitoring__accumulation`). Only
plan tables are read, never measures, so landing these files does not change what is generated.

How the values are made (deterministic: every random draw comes from `random.Random` seeded with
`--seed` and the indicator code, so one indicator's values do not depend on the others'):

- Every measure code of Modena's accepted formulas gets a value in each quarter (deadlines aside).
- Each indicator draws an outlook: on track (about 3 in 4), at risk (1 in 6) or off track.
- Flow indicators (counts, totals): year-to-date and non-decreasing Q1 -> Q4, reaching about the
  annual target times a pace (on track 0.97-1.20, at risk 0.68-0.86, off track 0.35-0.55) with
  uneven quarterly increments. A sum of measures is split among its measures; a measure shared
  with an indicator generated earlier keeps its values (indicators with one measure go first).
  Without a numeric target the last baseline is the annual level.
- Stock indicators (%, gg, ratios): around the last baseline when it meets the target (on track),
  otherwise around the value that scores the outlook's achievement; a small quarterly wobble. A
  ratio of two measures gets a year-to-date denominator (a plausible annual volume, below) and the
  numerator that gives the ratio. Count and amount measures never decrease from quarter to quarter
  (the ytd_progression check), so a stock held in a count only steps up.
- Deadline indicators: most are completed before their deadline, two late, one not at all; the
  completion date appears from the quarter it falls in (absent before; `N/D` once the deadline has
  passed without completion).
- `N/D` is used sparingly: EC27 (structural balance index) is not available in Q1.
- Modena's plan uses D3.1.1_1 both for the tourist presences (D3.1.1_0, >= 800.000) and the
  "Welcome to Modena" vouchers (61.D3.1.3, N/D target): the measure follows the first.

Usage: python scripts/generate_modena_quarterly.py [--warehouse PATH] [--output-dir DIR] [--seed N] [--check]
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import os
import random
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import duckdb
from _generated_files import write_or_check

# The extract format is the landing loader's (run as `python scripts/...` from anywhere).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from orchestration.landing import EXPECTED_COLUMNS

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_WAREHOUSE = PROJECT_DIR / "warehouse" / "pira.duckdb"
DEFAULT_OUTPUT_DIR = PROJECT_DIR / "data" / "synthetic"
DEFAULT_SEED = 2022
ENTITY, YEAR = "MO", 2022
SOURCE = "Dati sintetici dimostrativi - generati da scripts/generate_modena_quarterly.py"
HEADER = EXPECTED_COLUMNS  # the landing extract format
QUARTER_ENDS = {
    1: date(YEAR, 3, 31),
    2: date(YEAR, 6, 30),
    3: date(YEAR, 9, 30),
    4: date(YEAR, 12, 31),
}
# Plausible annual volumes of the denominators of Modena's ratio indicators (cases, certificates).
DENOMINATOR_VOLUMES = {
    "D1.2_2": 9000,  # certificates of origin issued
    "N_Ver_C2.4_Ric": 420,  # enforcement reports received
    "N_Canc_Prot_Evase": 950,  # protest cancellations handled
    "C2.7.2_1": 130,  # mediations started
    "C2.7.3_1": 35,  # over-indebtedness requests
}
DEFAULT_DENOMINATOR_VOLUME = 200
NOT_AVAILABLE = {("EC27", 1)}  # (indicator, quarter) reported as N/D
OUTLOOK_SHARES = (("on_track", 0.74), ("at_risk", 0.16), ("off_track", 0.10))
FLOW_PACE = {"on_track": (0.97, 1.20), "at_risk": (0.68, 0.86), "off_track": (0.35, 0.55)}
STOCK_ACHIEVEMENT = {"on_track": (1.0, 1.08), "at_risk": (0.72, 0.86), "off_track": (0.35, 0.55)}


@dataclass
class Indicator:
    code: str
    unit: str
    kind: str
    operator: str | None
    target_value: float | None
    target_date: date | None
    baseline: float | None
    numerator: list[str] = field(default_factory=list)
    denominator: list[str] = field(default_factory=list)
    denominator_constant: float | None = None

    @property
    def has_numeric_target(self) -> bool:
        return self.operator in (">=", "<=", "=") and self.target_value is not None


@dataclass
class Measure:
    unit: str
    values: dict[int, float | date | str | None]  # quarter -> value, 'N/D' or None (absent)


def italian_number(value: float, decimals: int) -> str:
    """1416 -> '1.416', 34985.3 -> '34985,3' style: thousands dots on integers, decimal comma."""
    if decimals == 0:
        return f"{round(value):,}".replace(",", ".")
    return f"{value:.{decimals}f}".replace(".", ",")


def load_plan(warehouse: Path) -> list[Indicator]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        rows = connection.execute(
            """
            select i.indicator_code, i.unit, k.accumulation_kind, t.target_operator, t.target_value,
                t.target_date, b.value_number
            from marts.dim_indicator as i
            inner join intermediate.int_monitoring__accumulation as k
                on i.entity_code = k.entity_code and i.indicator_code = k.indicator_code
            left join marts.fct_indicator_targets as t
                on i.entity_code = t.entity_code and i.indicator_code = t.indicator_code
                and t.target_year = ?
            left join (
                select entity_code, indicator_code,
                    arg_max(value_number, baseline_year) as value_number
                from marts.fct_indicator_baselines
                where value_number is not null and baseline_year < ?
                group by entity_code, indicator_code
            ) as b on i.entity_code = b.entity_code and i.indicator_code = b.indicator_code
            where i.entity_code = ? and i.is_formula_valid
            order by i.indicator_code
            """,
            [YEAR, YEAR, ENTITY],
        ).fetchall()
        terms = connection.execute(
            "select indicator_code, side, term_number, term_sign, coefficient, measure_code "
            "from intermediate.int_formulas__terms where entity_code = ? "
            "order by indicator_code, side desc, term_number",
            [ENTITY],
        ).fetchall()
    indicators = {
        code: Indicator(code, unit, kind, operator, value, target_date, baseline)
        for code, unit, kind, operator, value, target_date, baseline in rows
    }
    for code, side, _, sign, coefficient, measure in terms:
        indicator = indicators.get(code)
        if indicator is None:
            continue
        if measure is None:
            if side != "denominator":
                raise ValueError(f"{code}: a constant in the numerator is not supported")
            indicator.denominator_constant = sign * coefficient
        elif sign != 1 or coefficient != 1:
            raise ValueError(
                f"{code}: only sums of measures are supported ({sign} x {coefficient})"
            )
        else:
            (indicator.numerator if side == "numerator" else indicator.denominator).append(measure)
    return list(indicators.values())


def outlook(rng: random.Random) -> str:
    draw, cumulated = rng.random(), 0.0
    for name, share in OUTLOOK_SHARES:
        cumulated += share
        if draw < cumulated:
            return name
    return OUTLOOK_SHARES[-1][0]


def cumulative_profile(rng: random.Random) -> list[float]:
    """Shares of the year reached by Q1..Q4: uneven increments, 1.0 at Q4."""
    increments = [rng.uniform(0.75, 1.25) for _ in range(4)]
    total, running, shares = sum(increments), 0.0, []
    for increment in increments:
        running += increment
        shares.append(running / total)
    shares[-1] = 1.0
    return shares


def value_for_achievement(indicator: Indicator, achievement: float) -> float:
    """The value that scores `achievement` (1 = exactly the target) by docs/methodology.md §4."""
    target = indicator.target_value or 0.0
    scale = abs(target) or 1.0
    if indicator.operator == "<=":
        return target - (achievement - 1.0) * scale
    return target + (achievement - 1.0) * scale


def meets_target(indicator: Indicator, value: float) -> bool:
    if indicator.operator == "<=":
        return value <= indicator.target_value
    return value >= indicator.target_value


def split_increments(
    total_by_quarter: list[float], codes: list[str], rng: random.Random, step: float
):
    """Each quarter's increment of a year-to-date total shared among measures (largest remainder)."""
    weights = [rng.uniform(0.5, 1.5) for _ in codes]
    shares = [weight / sum(weights) for weight in weights]
    values = {code: [] for code in codes}
    running = [0.0] * len(codes)
    previous_units = 0
    for total in total_by_quarter:
        units = max(previous_units, round(total / step))
        increment = units - previous_units
        exact = [increment * share for share in shares]
        floors = [math.floor(value) for value in exact]
        order = sorted(range(len(codes)), key=lambda i: exact[i] - floors[i], reverse=True)
        for i in order[: increment - sum(floors)]:
            floors[i] += 1
        for i, code in enumerate(codes):
            running[i] += floors[i]
            values[code].append(running[i] * step)
        previous_units = units
    return values


def generate(indicators: list[Indicator], seed: int) -> dict[str, Measure]:
    measures: dict[str, Measure] = {}

    def rng_for(code: str) -> random.Random:
        return random.Random(f"{seed}:{code}")

    def store(code: str, unit: str, values: list) -> None:
        measures[code] = Measure(unit, dict(enumerate(values, start=1)))

    deadlines = sorted((i for i in indicators if i.kind == "deadline"), key=lambda i: i.code)
    generate_deadlines(deadlines, random.Random(f"{seed}:deadlines"), store)

    # One-measure indicators first, so that a measure shared by a sum keeps its own indicator's values.
    flows = sorted(
        (i for i in indicators if i.kind == "flow"),
        key=lambda i: (not i.has_numeric_target, len(i.numerator), i.code),
    )
    for indicator in flows:
        generate_flow(indicator, rng_for(indicator.code), measures, store)
    for indicator in sorted((i for i in indicators if i.kind == "stock"), key=lambda i: i.code):
        generate_stock(indicator, rng_for(indicator.code), measures, store)
    for indicator_code, quarter in NOT_AVAILABLE:
        for code in next(i for i in indicators if i.code == indicator_code).numerator:
            measures[code].values[quarter] = "N/D"
    return measures


def generate_deadlines(deadlines: list[Indicator], rng: random.Random, store) -> None:
    order = deadlines[:]
    rng.shuffle(order)
    late = [i for i in order if i.target_date and i.target_date <= date(YEAR, 10, 31)][:2]
    never = [
        i for i in order if i not in late and i.target_date and i.target_date <= date(YEAR, 9, 30)
    ][:1]
    for indicator in deadlines:
        [code] = indicator.numerator
        deadline = indicator.target_date or QUARTER_ENDS[4]
        if indicator in never:
            completed = None
        elif indicator in late:
            completed = deadline + timedelta(days=rng.randint(8, 40))
        else:
            completed = max(date(YEAR, 1, 20), deadline - timedelta(days=rng.randint(3, 75)))
        values = []
        for end in QUARTER_ENDS.values():
            if completed is not None and completed <= end:
                values.append(completed)
            elif completed is None and end >= deadline:
                values.append("N/D")
            else:
                values.append(None)
        store(code, "date", values)


def generate_flow(indicator: Indicator, rng: random.Random, measures: dict, store) -> None:
    free = [code for code in indicator.numerator if code not in measures]
    if not free:
        return
    state = outlook(rng)
    level = indicator.target_value if indicator.has_numeric_target else indicator.baseline
    level = abs(level) if level else 10.0
    if indicator.operator == "<=":
        pace = rng.uniform(0.80, 0.98) if state == "on_track" else rng.uniform(1.1, 1.4)
    else:
        pace = rng.uniform(*FLOW_PACE[state])
    scale = indicator.denominator_constant or 1.0
    annual = level * pace * scale  # in measure units
    profile = cumulative_profile(rng)
    fixed_q4 = sum(measures[code].values[4] for code in indicator.numerator if code in measures)
    remainder = max(annual - fixed_q4, 0.05 * annual)
    step = 100_000.0 if indicator.unit == "€" and annual > 1e8 else 1.0
    totals = [remainder * share for share in profile]
    if state == "on_track" and indicator.has_numeric_target and level * scale <= 5 and not fixed_q4:
        # A few events a year: on track means the pro-rata share is already reached.
        final = max(round(annual), math.ceil(level * scale))
        totals = [min(final, max(total, math.ceil(level * scale * q / 4))) for q, total in
                  zip(range(1, 5), totals, strict=True)]  # fmt: skip
    for code, values in split_increments(totals, free, rng, step).items():
        store(code, indicator.unit, values)


def generate_stock(indicator: Indicator, rng: random.Random, measures: dict, store) -> None:
    if all(code in measures for code in indicator.numerator + indicator.denominator):
        return
    state = outlook(rng)
    if not indicator.has_numeric_target:
        centre = indicator.baseline if indicator.baseline is not None else 50.0
    elif (
        state == "on_track"
        and indicator.baseline is not None
        and meets_target(indicator, indicator.baseline)
    ):
        centre = indicator.baseline
    else:
        centre = value_for_achievement(indicator, rng.uniform(*STOCK_ACHIEVEMENT[state]))
    wobble = 0.03 * (abs(centre) or 1.0)
    ratios = []
    for _ in range(4):
        value = centre + rng.uniform(-wobble, wobble)
        if indicator.unit == "%":
            value = min(100.0, value)
        if indicator.target_value is None or indicator.target_value >= 0:
            value = max(0.0, value)
        ratios.append(value)
    percent = 100.0 if indicator.unit == "%" else 1.0
    if indicator.denominator:
        [numerator], [denominator] = indicator.numerator, indicator.denominator
        volume = DENOMINATOR_VOLUMES.get(denominator, DEFAULT_DENOMINATOR_VOLUME)
        profile = cumulative_profile(rng)
        counts = [max(1, round(volume * share)) for share in profile]
        totals = [ratio / percent * count for ratio, count in zip(ratios, counts, strict=True)]
        store(denominator, "N.", counts)
        # Year-to-date totals (days, cases) cannot go down even when the ratio does.
        numerators = [round(max(totals[: q + 1])) for q in range(4)]
        store(numerator, "gg" if indicator.unit == "gg" else "N.", numerators)
    elif indicator.denominator_constant:
        [numerator] = indicator.numerator
        store(
            numerator, "N.", [round(r * indicator.denominator_constant / percent) for r in ratios]
        )
    else:
        [numerator] = indicator.numerator
        decimals = 0 if indicator.unit in ("N.", "€") else 2
        store(numerator, indicator.unit, [round(r, decimals) for r in ratios])


def make_non_decreasing(measures: dict[str, Measure]) -> None:
    """Counts and amounts are year-to-date: a quarter never reports less than the one before."""
    for measure in measures.values():
        if measure.unit not in ("N.", "€"):
            continue
        highest = None
        for quarter in sorted(measure.values):
            value = measure.values[quarter]
            if isinstance(value, int | float):
                highest = value if highest is None else max(highest, value)
                measure.values[quarter] = highest


def value_text(value, unit: str) -> str:
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, str):
        return value
    if unit in ("N.", "€") or float(value).is_integer() and unit != "%":
        return italian_number(value, 0)
    return italian_number(value, 2)


def render(measures: dict[str, Measure], seed: int) -> dict[str, str]:
    rng = random.Random(f"{seed}:extracted_at")
    files = {}
    for quarter, end in QUARTER_ENDS.items():
        extracted = end + timedelta(days=rng.randint(8, 20))
        extracted_at = (
            f"{extracted.isoformat()} {rng.randint(8, 17):02d}:{rng.choice((0, 15, 30, 45)):02d}:00"
        )
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(HEADER)
        for code in sorted(measures):
            measure = measures[code]
            value = measure.values.get(quarter)
            if value is None:
                continue
            writer.writerow(
                (ENTITY, f"{YEAR}-Q{quarter}", code, value_text(value, measure.unit), measure.unit,
                 SOURCE, extracted_at)
            )  # fmt: skip
        files[f"{ENTITY}_{YEAR}-Q{quarter}.csv"] = buffer.getvalue()
    return files


def build(warehouse: Path, seed: int) -> dict[str, str]:
    measures = generate(load_plan(warehouse), seed)
    make_non_decreasing(measures)
    return render(measures, seed)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--warehouse",
        type=Path,
        default=Path(os.environ.get("PIRA_DUCKDB_PATH", DEFAULT_WAREHOUSE)),
        help="built warehouse to read the plan from (read-only)",
    )
    parser.add_argument("--output-dir", type=Path, default=DEFAULT_OUTPUT_DIR)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--check", action="store_true", help="fail if the files are out of date")
    args = parser.parse_args()
    if not args.warehouse.is_file():
        print(f"no warehouse at {args.warehouse}: build it first (make run)", file=sys.stderr)
        return 2
    files = {
        args.output_dir / name: text for name, text in build(args.warehouse, args.seed).items()
    }
    return write_or_check(files, args.check, "synthetic extracts out of date")


if __name__ == "__main__":
    sys.exit(main())
