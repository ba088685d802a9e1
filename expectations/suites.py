"""The expectation suites, one per validated table.

Every check names its severity: `error` blocks publication of the entities and periods of its
failing rows (the previous published figures of those stay; every other entity and period is
published), `warning` publishes with the flag. A suite's scope columns say which entity and
period a failing row concerns; an error in a table without an entity column blocks the whole run
(nothing tells what it concerns), and a suite that concerns no figure (landed files: a rejected
file's rows never enter) blocks nothing while still failing the run's verdict. Most checks read a boolean column of an
`int_checks__*` model, where False marks the failing row; the model spells the rule out in SQL and
the suite gives it a name, a severity and a message.
"""

from dataclasses import dataclass, field

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Check:
    name: str
    severity: str
    description: str
    kind: str  # true_column | in_set | not_in_set | null | unique | between | min_rows
    column: str | None = None
    columns: tuple[str, ...] = ()
    min_value: float | None = None
    max_value: float | None = None


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


def true_column(name: str, severity: str, column: str, description: str) -> Check:
    return Check(
        name=name, severity=severity, description=description, kind="true_column", column=column
    )


def suites(achievement_cap_pct: float | None = 100) -> tuple[Suite, ...]:
    cap = achievement_cap_pct if achievement_cap_pct is not None else 1e12
    return (
        Suite(
            "weights",
            "intermediate.int_checks__sibling_weights",
            ("entity_code", "cycle", "parent_code", "child_kind"),
            (
                true_column(
                    "weights_sum_to_100",
                    ERROR,
                    "is_weight_sum_100",
                    "sibling weights must sum to 100% (tolerance 0,01; 0% = monitoring only)",
                ),
                true_column(
                    "weights_all_or_none",
                    ERROR,
                    "is_consistently_weighted",
                    "either every sibling carries a weight or none does",
                ),
            ),
        ),
        Suite(
            "neutralisation",
            "intermediate.int_checks__neutralisation",
            ("entity_code", "period", "node_code"),
            (
                true_column(
                    "evaluated_objectives_have_weight",
                    ERROR,
                    "is_consistently_neutralised",
                    "after neutralisation an objective rests on an evaluated weight > 0 or is marked not evaluated",
                ),
            ),
        ),
        Suite(
            "targets",
            "intermediate.int_checks__targets",
            ("entity_code", "indicator_code", "target_year_raw", "source_row"),
            (
                true_column(
                    "target_well_formed",
                    WARNING,
                    "is_well_formed",
                    "a target needs a known operator and a parseable value or deadline",
                ),
                true_column(
                    "target_unique", ERROR, "is_unique", "one target per indicator and target year"
                ),
                true_column(
                    "target_for_known_indicator",
                    WARNING,
                    "is_for_known_indicator",
                    "a target must belong to a defined indicator",
                ),
                true_column(
                    "target_unit_consistent",
                    WARNING,
                    "is_unit_consistent",
                    "the target's unit must be the indicator's",
                ),
                true_column(
                    "measure_unit_consistent",
                    WARNING,
                    "is_measure_unit_consistent",
                    "a single-measure indicator's measure must be in the indicator's unit",
                ),
                true_column(
                    "deadline_in_cycle",
                    ERROR,
                    "is_deadline_in_cycle",
                    "a deadline must fall inside the plan cycle",
                ),
                true_column(
                    "nd_only_on_monitoring",
                    WARNING,
                    "is_nd_only_on_monitoring",
                    "N/D targets are for 0%-weight (monitoring) indicators only",
                ),
            ),
        ),
        Suite(
            "target_coverage",
            "intermediate.int_checks__target_coverage",
            ("entity_code", "period", "node_code", "indicator_code"),
            (
                true_column(
                    "scored_indicator_has_target",
                    WARNING,
                    "has_usable_target",
                    "every scored indicator needs one usable target for the year computed",
                ),
            ),
        ),
        Suite(
            "measures",
            "intermediate.int_checks__measures",
            ("entity_code", "period", "measure_code", "source_file", "source_row"),
            (
                Check(
                    "extract_not_empty",
                    ERROR,
                    "the measure extracts hold at least one row",
                    "min_rows",
                    min_value=1,
                ),
                true_column(
                    "measure_unique",
                    ERROR,
                    "is_unique",
                    "one value per entity, period and measure code",
                ),
                true_column(
                    "measure_parses",
                    WARNING,
                    "is_parsed",
                    "values are Italian-format numbers or dd-mm-yyyy dates",
                ),
                true_column("measure_available", WARNING, "is_available", "values are not N/D"),
                true_column(
                    "count_not_negative",
                    ERROR,
                    "is_non_negative_count",
                    "counts (N.) are not negative",
                ),
                true_column(
                    "measure_row_placed",
                    WARNING,
                    "is_placed",
                    "a measure row is a readable line naming a known entity, a period of its plan "
                    "(yyyy or yyyy-Qn) and its extraction date-time (quarantined otherwise)",
                ),
                true_column(
                    "measure_code_used",
                    WARNING,
                    "is_used",
                    "a measure code is used by an accepted formula of its entity (not counted otherwise)",
                ),
            ),
        ),
        Suite(
            "weight_values",
            "intermediate.int_checks__weights",
            ("entity_code", "cycle", "node_code", "indicator_code", "weight_raw"),
            (
                true_column(
                    "weight_not_negative",
                    ERROR,
                    "is_weight_non_negative",
                    "a weight (of a node, or of an indicator on a node) is not negative",
                ),
            ),
        ),
        Suite(
            "indicator_evaluation",
            "intermediate.int_checks__indicator_evaluation",
            ("entity_code", "period", "node_code", "indicator_code", "not_evaluated_reason"),
            (
                true_column(
                    "scored_indicators_evaluated",
                    WARNING,
                    "is_scored_and_evaluated",
                    "every scored indicator is evaluated (otherwise it is neutralised)",
                ),
            ),
        ),
        Suite(
            "required_measures",
            "intermediate.int_checks__required_measures",
            ("entity_code", "period", "indicator_code", "measure_code"),
            (
                Check(
                    "formula_measures_present",
                    WARNING,
                    "every measure a formula needs is present for the period computed",
                    "in_set",
                    column="measure_status",
                    columns=("present",),
                ),
            ),
        ),
        Suite(
            "ytd_progression",
            "intermediate.int_checks__ytd_progression",
            ("entity_code", "period", "measure_code"),
            (
                true_column(
                    "ytd_flow_not_decreasing",
                    WARNING,
                    "is_non_decreasing",
                    "year-to-date counts and amounts do not decrease from quarter to quarter",
                ),
            ),
        ),
        Suite(
            "tree",
            "intermediate.int_checks__tree",
            ("entity_code", "cycle", "node_code", "source_row"),
            (
                true_column(
                    "node_code_unique",
                    ERROR,
                    "is_unique",
                    "node codes are unique per entity and cycle",
                ),
                true_column(
                    "parent_exists", ERROR, "has_existing_parent", "every node's parent exists"
                ),
                true_column(
                    "only_areas_are_roots", ERROR, "is_root_iff_area", "only areas have no parent"
                ),
                true_column(
                    "parent_above_node",
                    ERROR,
                    "is_parent_above",
                    "a node's parent is on a higher level",
                ),
                true_column("tree_acyclic", ERROR, "is_acyclic", "no node is its own ancestor"),
            ),
        ),
        Suite(
            "operational_objectives",
            "intermediate.int_checks__operational_objectives",
            ("entity_code", "cycle", "node_code"),
            (
                true_column(
                    "objective_has_scored_indicator",
                    WARNING,
                    "has_scored_indicator",
                    "every operational objective has an indicator weighing more than 0%",
                ),
            ),
        ),
        Suite(
            "overrides",
            "intermediate.int_overrides__checked",
            ("entity_code", "period", "node_code", "indicator_code"),
            (
                Check(
                    "override_applicable",
                    ERROR,
                    "an override needs a justification, who decided it and an existing indicator",
                    "null",
                    column="quarantine_reason",
                ),
            ),
        ),
        Suite(
            "marts",
            "marts.fct_indicator_results",
            ("entity_code", "period", "node_code", "indicator_code"),
            (
                Check(
                    "indicator_keys_unique",
                    ERROR,
                    "one result per entity, period, node and indicator",
                    "unique",
                    columns=("entity_code", "period", "node_code", "indicator_code"),
                ),
                Check(
                    "indicator_achievement_in_range",
                    ERROR,
                    "achievement within [0, cap]",
                    "between",
                    column="achievement_pct",
                    min_value=0,
                    max_value=cap,
                ),
            ),
        ),
        Suite(
            "objective_marts",
            "marts.fct_objective_results",
            ("entity_code", "period", "node_code"),
            (
                Check(
                    "objective_keys_unique",
                    ERROR,
                    "one result per entity, period and node",
                    "unique",
                    columns=("entity_code", "period", "node_code"),
                ),
                Check(
                    "objective_achievement_in_range",
                    ERROR,
                    "achievement within [0, cap]",
                    "between",
                    column="achievement_pct",
                    min_value=0,
                    max_value=cap,
                ),
            ),
        ),
        Suite(
            "result_coverage",
            "intermediate.int_checks__result_coverage",
            ("entity_code", "period", "node_code", "indicator_code"),
            (
                true_column(
                    "assignment_in_results",
                    ERROR,
                    "is_present",
                    "every assignment of a computed period has its result row",
                ),
            ),
        ),
        Suite(
            "source_anomalies",
            "intermediate.int_checks__source_anomalies",
            ("entity_code", "check_name", "row_key", "reason"),
            (
                true_column(
                    "codes_printed_once",
                    WARNING,
                    "is_code_printed_once",
                    "the source prints each node and indicator code once",
                ),
                true_column(
                    "formulas_usable",
                    WARNING,
                    "is_formula_usable",
                    "the source prints a usable measure formula for each indicator",
                ),
                true_column(
                    "measure_units_as_printed_consistent",
                    WARNING,
                    "is_unit_consistent",
                    "the source's measures and targets use the indicator's unit",
                ),
            ),
        ),
        Suite(
            "landing_files",
            "audit.landing_files",
            ("file_name", "message"),
            (
                Check(
                    "landing_file_accepted",
                    ERROR,
                    "a landed extract must be readable: format, delimiter, columns, rows",
                    "not_in_set",
                    column="status",
                    columns=("rejected",),
                ),
                Check(
                    "landing_file_clean",
                    WARNING,
                    "a landed extract should be UTF-8 with the expected columns only, every line "
                    "readable, and not a copy of another file",
                    "in_set",
                    column="status",
                    # Ignored entries, files not complete yet and withdrawn ones are noted, not flagged.
                    columns=("loaded", "already_loaded", "ignored", "pending", "withdrawn"),
                ),
            ),
            optional=True,
            current_run_only=True,
            blocks_publication=False,
        ),
    )
