"""The expectation suites, one per validated table, built from the check catalogue.

Each rule of seeds/catalogue/check_catalogue.csv that names a suite becomes a Check here: its
name, severity, Italian label, description, GX kind and column come from the catalogue and are
written nowhere else. This module only says how each suite reads its table: the key columns of a
failing row, and whether the suite blocks publication.

`error` blocks publication of the entities and periods of its failing rows (the previous
published figures of those stay; every other entity and period is published), `warning`
publishes with the flag. A suite's scope columns say which entity and period a failing row
concerns; an error in a table without an entity column blocks the whole run (nothing tells what
it concerns), and a suite that concerns no figure (landed files: a rejected file's rows never
enter) blocks nothing while still failing the run's verdict. Most checks read a boolean column
of an `int_checks__*` model, where False marks the failing row.
"""

from dataclasses import dataclass, field

from expectations.catalogue import Rule, load_catalogue

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Check:
    name: str
    severity: str
    description: str
    kind: (
        str  # true_column | in_set | not_in_set | null | unique | between | min_rows | rule_absent
    )
    column: str | None = None
    columns: tuple[str, ...] = ()
    min_value: float | None = None
    max_value: float | None = None
    label_it: str = ""
    rule_code: str = ""


@dataclass(frozen=True)
class Suite:
    name: str
    relation: str
    key_columns: tuple[str, ...]
    checks: tuple[Check, ...] = field(default_factory=tuple)
    # Landing audit tables exist only once a file has landed.
    optional: bool = False
    # Validate only the rows of the current run (files landed by it), not the whole history.
    current_run_only: bool = False
    # What an error concerns: the entity and period of each failing row, when the table has them
    # (no period column: the entity's every period).
    entity_column: str = "entity_code"
    period_column: str = "period"
    # False: the suite's rows are no figure (landed files); an error is reported, blocks nothing.
    blocks_publication: bool = True
    # A fact kept by period: a run that computes some periods (control.requested_periods) validates
    # those rows; the other periods' verdicts are the versions that computed them (publish.py).
    requested_periods_only: bool = False


@dataclass(frozen=True)
class SuiteLayout:
    """How a suite reads its table (what the catalogue does not say: it is about tables, not rules)."""

    key_columns: tuple[str, ...]
    optional: bool = False
    current_run_only: bool = False
    blocks_publication: bool = True
    requested_periods_only: bool = False


# In validation order; every suite of the catalogue must be here (tests/test_catalogue.py).
LAYOUTS: dict[str, SuiteLayout] = {
    "weights": SuiteLayout(("entity_code", "cycle", "parent_code", "child_kind")),
    "neutralisation": SuiteLayout(("entity_code", "period", "node_code")),
    "targets": SuiteLayout(("entity_code", "indicator_code", "target_year_raw", "source_row")),
    "target_coverage": SuiteLayout(("entity_code", "period", "node_code", "indicator_code")),
    "measures": SuiteLayout(("entity_code", "period", "measure_code", "source_file", "source_row")),
    "weight_values": SuiteLayout(
        ("entity_code", "cycle", "node_code", "indicator_code", "weight_raw")
    ),
    "indicator_evaluation": SuiteLayout(
        ("entity_code", "period", "node_code", "indicator_code", "not_evaluated_reason")
    ),
    "required_measures": SuiteLayout(("entity_code", "period", "indicator_code", "measure_code")),
    "ytd_progression": SuiteLayout(("entity_code", "period", "measure_code")),
    "tree": SuiteLayout(("entity_code", "cycle", "node_code", "source_row")),
    "operational_objectives": SuiteLayout(("entity_code", "cycle", "node_code")),
    "overrides": SuiteLayout(("entity_code", "period", "node_code", "indicator_code")),
    "marts": SuiteLayout(
        ("entity_code", "period", "node_code", "indicator_code"), requested_periods_only=True
    ),
    "objective_marts": SuiteLayout(
        ("entity_code", "period", "node_code"), requested_periods_only=True
    ),
    "result_coverage": SuiteLayout(("entity_code", "period", "node_code", "indicator_code")),
    # A closed period whose figures changed without a restatement: its publication is withheld,
    # so the figures as published stay.
    "history": SuiteLayout(("entity_code", "period", "latest_version", "changed_figure_count")),
    "source_anomalies": SuiteLayout(("entity_code", "check_name", "row_key", "reason")),
    "landing_files": SuiteLayout(
        ("file_name", "message"), optional=True, current_run_only=True, blocks_publication=False
    ),
}


def check_of(rule: Rule, achievement_cap_pct: float | None) -> Check:
    """The GX check of a catalogue rule; `cap` in its values is the achievement cap (none: no bound)."""
    assert rule.check and rule.gx_kind, rule.rule_code
    numbers = [
        (achievement_cap_pct if achievement_cap_pct is not None else 1e12)
        if value == "cap"
        else float(value)
        for value in rule.gx_values
    ] if rule.gx_kind in ("between", "min_rows") else []  # fmt: skip
    multi_column = rule.gx_kind == "unique"
    return Check(
        name=rule.check,
        severity=rule.severity,
        description=rule.description_en,
        kind=rule.gx_kind,
        column=None if multi_column else rule.column,
        columns=tuple((rule.column or "").split("|"))
        if multi_column
        else (rule.gx_values if rule.gx_kind in ("in_set", "not_in_set") else ()),
        min_value=numbers[0] if numbers else None,
        max_value=numbers[1] if len(numbers) > 1 else None,
        label_it=rule.label_it,
        rule_code=rule.rule_code,
    )


def suites(achievement_cap_pct: float | None = 100) -> tuple[Suite, ...]:
    rules = [rule for rule in load_catalogue().values() if rule.suite and rule.gx_kind]
    built = []
    for name, layout in LAYOUTS.items():
        mine = [rule for rule in rules if rule.suite == name]
        relations = {rule.model for rule in mine}
        if len(relations) != 1:
            raise ValueError(
                f"suite {name}: its catalogue rules name the tables {sorted(relations)}"
            )
        built.append(
            Suite(
                name=name,
                relation=relations.pop(),
                key_columns=layout.key_columns,
                checks=tuple(check_of(rule, achievement_cap_pct) for rule in mine),
                optional=layout.optional,
                current_run_only=layout.current_run_only,
                blocks_publication=layout.blocks_publication,
                requested_periods_only=layout.requested_periods_only,
            )
        )
    unknown = {rule.suite for rule in rules} - set(LAYOUTS)
    if unknown:
        raise ValueError(
            f"catalogue suites without a layout in expectations/suites.py: {sorted(unknown)}"
        )
    return tuple(built)
