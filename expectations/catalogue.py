"""The check catalogue: every data rule declared once (seeds/catalogue/check_catalogue.csv).

A rule has a stable code (`<suite>.<check>` when Great Expectations validates it), the model and
column where it is judged, its severity, an Italian label (what a person reads in reports, the
console and the Dagster UI) and an English description. dbt loads the same file as the seed
`check_catalogue` (schema `catalogue`): int_quality__issues joins it for the severity and label of
every issue row, so that a severity is written nowhere else. expectations/suites.py builds the GX
suites from the rules that name a suite.
"""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

CATALOGUE_PATH = (
    Path(__file__).resolve().parent.parent / "seeds" / "catalogue" / "check_catalogue.csv"
)
SEVERITIES = ("error", "warning", "info")
# How GX judges a rule (the expectation built from it in orchestration/quality.py).
GX_KINDS = (
    "true_column",
    "in_set",
    "not_in_set",
    "null",
    "unique",
    "between",
    "min_rows",
    "rule_absent",
)
LABEL_MAX_CHARS = 90


@dataclass(frozen=True)
class Rule:
    rule_code: str
    suite: str | None
    check: str | None
    model: str
    column: str | None
    gx_kind: str | None
    gx_values: tuple[str, ...]
    severity: str
    label_it: str
    description_en: str


def _optional(value: str) -> str | None:
    return value.strip() or None


def parse_catalogue(path: Path = CATALOGUE_PATH) -> dict[str, Rule]:
    """Every rule of the file by code; a malformed row raises naming the file, row and field."""
    rules: dict[str, Rule] = {}
    with path.open(newline="", encoding="utf-8") as handle:
        for row_number, row in enumerate(csv.DictReader(handle), start=2):
            where = f"{path.name}, row {row_number}"
            rule = Rule(
                rule_code=row["rule_code"].strip(),
                suite=_optional(row["suite"]),
                check=_optional(row["check"]),
                model=row["model"].strip(),
                column=_optional(row["column"]),
                gx_kind=_optional(row["gx_kind"]),
                gx_values=tuple(v for v in row["gx_values"].split("|") if v.strip()),
                severity=row["severity"].strip(),
                label_it=row["label_it"].strip(),
                description_en=row["description_en"].strip(),
            )
            problems = [
                ("rule_code", "is empty") if not rule.rule_code else None,
                ("rule_code", f"{rule.rule_code!r} is declared twice")
                if rule.rule_code in rules
                else None,
                ("severity", f"{rule.severity!r} is not one of {SEVERITIES}")
                if rule.severity not in SEVERITIES
                else None,
                ("label_it", f"is empty or longer than {LABEL_MAX_CHARS} characters")
                if not rule.label_it or len(rule.label_it) > LABEL_MAX_CHARS
                else None,
                ("gx_kind", f"{rule.gx_kind!r} is not one of {GX_KINDS}")
                if rule.gx_kind is not None and rule.gx_kind not in GX_KINDS
                else None,
                ("suite", "a rule GX validates needs a suite and a check")
                if rule.gx_kind is not None and not (rule.suite and rule.check)
                else None,
                ("rule_code", f"must be '{rule.suite}.{rule.check}'")
                if rule.suite and rule.rule_code != f"{rule.suite}.{rule.check}"
                else None,
            ]
            for field_name, problem in filter(None, problems):
                raise ValueError(f"{where}, field {field_name}: {problem}")
            rules[rule.rule_code] = rule
    return rules


@cache
def load_catalogue() -> dict[str, Rule]:
    """The project's catalogue, read once per process."""
    return parse_catalogue(CATALOGUE_PATH)


def label_it(rule_code: str) -> str:
    """The Italian label of a rule; an unknown code shows itself."""
    rule = load_catalogue().get(rule_code)
    return rule.label_it if rule else rule_code
