"""Turn the transcribed reference documents into the project's raw seeds.

The seeds hold text as the source prints it (Italian numbers, `N/D`, `dd-mm-yyyy`); only keys are
made canonical here, and every such choice is written down below so that it stays stable:

- Ferrara node codes are the reference data's canonical `code`; the printed one is kept beside it.
- Ferrara measures have no codes in the report: a single-measure indicator is its own measure
  (code = indicator code); a ratio gets `<indicator>_num` and `<indicator>_den`.
- Modena ambiti print the codes 1, 403, 1: they become `1`, `2`, `3` (their position), the printed
  code is kept. Objective groups ("Indicatori" / "Obiettivi operativi") get `<objective>.IND` and
  `<objective>.OPS`. A code printed for a second, different node or indicator gets the suffix `~2`;
  an indicator printed without a code gets `NOCODE-<row>`. The same code with the same name is one
  indicator used by several objectives.
- Formulas: measure codes that are not plain identifiers (digits first, spaces) are written in
  [brackets]; everything else is the printed measure expression.

Usage: python scripts/build_seeds.py [--reference-dir DIR] [--seeds-dir DIR] [--check]
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from pathlib import Path

from _generated_files import write_or_check

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_REFERENCE_DIR = PROJECT_DIR / "reference"
TRANSCRIBED_AT = "2026-11-21 00:00:00"
FE_SOURCE = "Relazione sulla performance 2017 - CCIAA Ferrara (transcribed)"
MO_SOURCE = "Piano della performance 2022-2024 - CCIAA Modena, Integra export (transcribed)"
PLAIN_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*$")
DUPLICATE_SUFFIX = "~2"


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def quote_measure(code: str) -> str:
    return code if PLAIN_IDENTIFIER.match(code) else f"[{code}]"


def italian_decimal(text: str) -> str:
    """'33.34' -> '33,34', '50.00' -> '50,00', '34' -> '34' (weights as a planner types them)."""
    return text.replace(".", ",") if text else ""


def split_measure(raw: str) -> tuple[str, str]:
    """'34985,3 €' -> ('34985,3', '€'); '100,00%' -> ('100,00', '%'); '30-11-2017' -> date."""
    raw = raw.strip()
    if re.fullmatch(r"\d{2}-\d{2}-\d{4}", raw):
        return raw, "date"
    match = re.fullmatch(r"(\S+?)\s*(N\.|%|€|gg|fte)", raw)
    if not match:
        raise ValueError(f"cannot split measure text {raw!r}")
    return match.group(1), match.group(2)


def ferrara(reference_dir: Path) -> dict[str, list[dict[str, str]]]:
    base = reference_dir / "ferrara_2017"
    objectives = read_csv(base / "objectives.csv")
    indicators = read_csv(base / "indicators.csv")
    budget = read_csv(base / "budget.csv")

    nodes = [
        {
            "entity_code": "FE",
            "cycle": "2017",
            "source_row": row["doc_order"],
            "node_code": row["code"],
            "node_code_as_printed": row["code_as_printed"],
            "node_level": row["level"],
            "parent_code": row["parent_code"],
            "sub_objective_of": row["sub_objective_of"],
            "title": row["title"],
            "owner": row["owner"],
            "weight_raw": "",
        }
        for row in objectives
    ]

    definitions, assignments, targets, measures = [], [], [], []
    seen: dict[str, dict[str, str]] = {}
    for row in indicators:
        code = row["indicator_code"]
        assignments.append(
            {
                "entity_code": "FE",
                "cycle": "2017",
                "source_row": row["doc_order"],
                "node_code": row["objective_code"],
                "indicator_code": code,
                "weight_raw": italian_decimal(row["weight_pct"]),
            }
        )
        if code in seen:
            if seen[code]["measures_raw"] != row["measures_raw"]:
                raise ValueError(f"indicator {code} printed twice with different measures")
            continue
        seen[code] = row
        parts = [part.strip() for part in row["measures_raw"].split(" / ")]
        if len(parts) == 1:
            measure_codes = [code]
            formula = quote_measure(code)
        else:
            measure_codes = [f"{code}_num", f"{code}_den"]
            formula = " / ".join(quote_measure(c) for c in measure_codes)
        for measure_code, part in zip(measure_codes, parts, strict=True):
            value_raw, unit_raw = split_measure(part)
            measures.append(
                {
                    "source_row": str(len(measures) + 1),
                    "entity_code": "FE",
                    "period": "2017",
                    "measure_code": measure_code,
                    "value_raw": value_raw,
                    "unit_raw": unit_raw,
                    "source": FE_SOURCE,
                    "extracted_at": TRANSCRIBED_AT,
                }
            )
        definitions.append(
            {
                "entity_code": "FE",
                "source_row": row["doc_order"],
                "indicator_code": code,
                "indicator_name": row["indicator_name"],
                "algorithm_text": row["algorithm_text"],
                "formula_as_printed": "",
                "formula": formula,
                "unit": row["target_unit"],
            }
        )
        targets.append(
            {
                "entity_code": "FE",
                "indicator_code": code,
                "target_year": "2017",
                "target_raw": row["target_raw"],
                "source_row": row["doc_order"],
            }
        )

    budget_rows = [
        {
            "entity_code": "FE",
            "budget_year": "2017",
            "source_row": str(position),
            "row_type": row["row_type"],
            "mission_code": row["mission_code"],
            "mission_name": row["mission_name"],
            "program_code": row["program_code"],
            "program_name": row["program_name"],
            "priority_area": row["priority_area"],
            "mission_statement": row["mission_statement"],
            "preventivo_raw": row["preventivo_raw"],
            "consuntivo_raw": row["consuntivo_raw"],
        }
        for position, row in enumerate(budget, start=1)
    ]
    return {
        "raw_plan_nodes": nodes,
        "raw_indicators": definitions,
        "raw_indicator_assignments": assignments,
        "raw_targets": targets,
        "raw_measure_values": measures,
        "raw_budget": budget_rows,
    }


def modena_formula(row: dict[str, str]) -> str:
    expression = row["measure_expression"].strip()
    # A whole expression that is one measure named by a number or by words is a code, not arithmetic.
    if (
        expression
        and not re.search(r"[-+*/()]", expression)
        and not PLAIN_IDENTIFIER.match(expression)
    ):
        return f"[{expression}]"
    return expression


def modena(reference_dir: Path) -> dict[str, list[dict[str, str]]]:
    rows = read_csv(reference_dir / "modena_2022" / "tree.csv")
    by_order = {row["doc_order"]: row for row in rows}
    node_codes: dict[str, str] = {}
    used_node_codes: set[str] = set()
    ambito_position = 0
    nodes, definitions, assignments, targets, baselines = [], [], [], [], []
    indicator_names: dict[str, str] = {}
    indicator_codes: dict[str, str] = {}

    for row in rows:
        order, level = row["doc_order"], row["level"]
        if level == "indicator":
            continue
        if level == "ambito":
            ambito_position += 1
            code = str(ambito_position)
        elif level == "group":
            parent = node_codes[row["parent_doc_order"]]
            code = (
                f"{parent}.IND" if row["group_kind"] == "strategic_indicators" else f"{parent}.OPS"
            )
        else:
            code = row["code"]
            if code in used_node_codes:
                code += DUPLICATE_SUFFIX
        used_node_codes.add(code)
        node_codes[order] = code
        nodes.append(
            {
                "entity_code": "MO",
                "cycle": "2022-2024",
                "source_row": order,
                "node_code": code,
                "node_code_as_printed": row["code"],
                "node_level": level,
                "parent_code": node_codes.get(row["parent_doc_order"], ""),
                "sub_objective_of": "",
                "title": row["title"],
                "owner": "",
                "weight_raw": italian_decimal(row["weight_pct"]),
            }
        )

    for row in rows:
        if row["level"] != "indicator":
            continue
        order, printed = row["doc_order"], row["code"].strip()
        code = printed or f"NOCODE-{int(order):03d}"
        if code in indicator_names and indicator_names[code] != row["title"]:
            code += DUPLICATE_SUFFIX
        is_new = code not in indicator_names
        indicator_names[code] = row["title"]
        indicator_codes[order] = code
        assignments.append(
            {
                "entity_code": "MO",
                "cycle": "2022-2024",
                "source_row": order,
                "node_code": node_codes[row["parent_doc_order"]],
                "indicator_code": code,
                "weight_raw": italian_decimal(row["weight_pct"]),
            }
        )
        if not is_new:
            continue
        definitions.append(
            {
                "entity_code": "MO",
                "source_row": order,
                "indicator_code": code,
                "indicator_name": row["title"],
                "algorithm_text": row["algorithm_text"],
                "formula_as_printed": row["measure_expression"],
                "formula": modena_formula(row),
                "unit": row["unit"],
            }
        )
        for year in ("2022", "2023", "2024"):
            if row[f"target_{year}_raw"]:
                targets.append(
                    {
                        "entity_code": "MO",
                        "indicator_code": code,
                        "target_year": year,
                        "target_raw": row[f"target_{year}_raw"],
                        "source_row": order,
                    }
                )
        for slot in ("1", "2", "3"):
            if row[f"baseline_year_{slot}"]:
                baselines.append(
                    {
                        "entity_code": "MO",
                        "indicator_code": code,
                        "baseline_year": row[f"baseline_year_{slot}"],
                        "value_raw": row[f"baseline_{slot}_raw"],
                        "source": MO_SOURCE,
                        "source_row": order,
                    }
                )
    del by_order
    return {
        "raw_plan_nodes": nodes,
        "raw_indicators": definitions,
        "raw_indicator_assignments": assignments,
        "raw_targets": targets,
        "raw_baselines": baselines,
    }


def render(rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def build(reference_dir: Path) -> dict[str, str]:
    tables: dict[str, list[dict[str, str]]] = {}
    for part in (ferrara(reference_dir), modena(reference_dir)):
        for name, rows in part.items():
            tables.setdefault(name, []).extend(rows)
    return {name: render(rows) for name, rows in sorted(tables.items())}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference-dir", type=Path, default=DEFAULT_REFERENCE_DIR)
    parser.add_argument("--seeds-dir", type=Path, default=PROJECT_DIR / "seeds" / "raw")
    parser.add_argument("--check", action="store_true", help="fail if the seeds are out of date")
    args = parser.parse_args()
    files = {
        args.seeds_dir / f"{name}.csv": text for name, text in build(args.reference_dir).items()
    }
    return write_or_check(files, args.check, "seeds out of date, run scripts/build_seeds.py")


if __name__ == "__main__":
    sys.exit(main())
