"""Everything a report shows, read from the published marts (schema `marts`) into plain objects.

The reports compute nothing: values, figures as printed (`*_reported`, DECIMAL half-up), status
labels (marts.dim_status), measure values in force (marts.fct_indicator_measure_values), the
budget check (marts.fct_budget_checks) and the benchmark all come from the marts. The exposure
`rapporto_risultati_pira` declares what they read; tests/test_exposures.py derives the reads from
the queries a real report run executes and compares.
"""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import duckdb


@dataclass
class StatusLabel:
    label: str
    colour: str


@dataclass
class Term:
    """One term of an indicator's formula with the measure value in force (fct_indicator_measure_values)."""

    role: str  # numerator / denominator
    sign: int
    coefficient: float
    measure_code: str | None
    found: bool
    value_number: Decimal | None = None
    value_date: dt.date | None = None
    value_raw: str | None = None
    unit: str | None = None
    is_not_available: bool = False
    source: str | None = None


@dataclass
class Explanation:
    """fct_deviation_explanations: the explanation of an amber or red indicator or objective."""

    text: str | None  # None: no explanation written (flagged, commentary.deviation_explained)
    author: str | None = None
    written_on: dt.date | None = None


@dataclass
class Approval:
    """fct_period_approvals: one stage of the sign-off of the period's figures."""

    stage: str
    approved_by: str | None
    approved_on: dt.date | None
    act_reference: str | None


@dataclass
class PublishedVersion:
    """fct_published_results_history: the latest published version of a closed period."""

    version: int
    published_at: dt.datetime
    restatement_reason: str | None


@dataclass
class Baseline:
    """fct_indicator_baselines: a past value of the indicator printed in the plan."""

    year: int
    value_raw: str | None
    value_number: float | None
    value_date: dt.date | None
    unit: str | None
    is_not_available: bool


@dataclass
class IndicatorLine:
    node_code: str
    indicator_code: str
    name: str | None
    algorithm: str | None
    formula: str | None
    unit: str | None
    weight_pct: Decimal | None
    actual_value: Decimal | None = None
    actual_unit: str | None = None
    actual_date: dt.date | None = None
    target_raw: str | None = None
    achievement_pct: Decimal | None = None
    is_evaluated: bool = False
    not_evaluated_reason: str | None = None
    evaluation_note: str | None = None
    traffic_light: str = "grey"
    traffic_light_label: str | None = None
    is_overridden: bool = False
    override_field: str | None = None
    override_justification: str | None = None
    override_decided_by: str | None = None
    original_actual_value: float | None = None
    original_achievement_pct: Decimal | None = None
    # The scoring rule in force where it differs from the defaults (dim_indicator, Italian).
    scoring_rule_note: str | None = None
    explanation: Explanation | None = (
        None  # amber/red: the owner's explanation (text None: missing)
    )
    terms: list[Term] = field(default_factory=list)
    targets: dict[int, str] = field(default_factory=dict)  # plan report: year -> target text
    baselines: dict[int, str] = field(default_factory=dict)  # plan report: year -> value text
    target_operator: str | None = None  # >=, <=, =, by_date, nd: which way is better
    baseline: Baseline | None = None  # result report: the latest baseline before the period


# Levels the budget grouping lists (areas and Modena's objective groups are not objectives).
OBJECTIVE_LEVELS = ("strategic_objective", "operational_objective")
NO_BUDGET_GROUP = "Senza missione/programma"


@dataclass
class Node:
    code: str
    level: str
    parent_code: str | None
    title: str | None
    owner: str | None
    weight_pct: Decimal | None
    source_row: int
    code_as_printed: str | None = None
    sub_objective_of: str | None = None
    achievement_pct: Decimal | None = None
    is_evaluated: bool = False
    not_evaluated_reason: str | None = None
    traffic_light: str = "grey"
    traffic_light_label: str | None = None
    has_overridden_indicator: bool = False
    # The budget mission and programme the plan links the node to (dim_objective; None: no link).
    mission_code: str | None = None
    mission_name: str | None = None
    program_code: str | None = None
    program_name: str | None = None
    explanation: Explanation | None = (
        None  # amber/red: the owner's explanation (text None: missing)
    )
    children: list["Node"] = field(default_factory=list)
    indicators: list[IndicatorLine] = field(default_factory=list)

    def walk(self) -> Iterator["Node"]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class BudgetLine:
    budget_year: int
    source_row: int
    row_type: str
    mission_code: str | None
    mission_name: str | None
    program_code: str | None
    program_name: str | None
    priority_area: str | None
    mission_statement: str | None
    forecast_raw: str | None
    forecast_eur: Decimal | None
    actual_raw: str | None
    actual_eur: Decimal | None


@dataclass
class BudgetCheck:
    """fct_budget_checks: do the detail rows of a year's amount column add up to the printed total?"""

    budget_year: int
    amount_column: str  # forecast / actual
    detail_sum_eur: Decimal | None
    printed_total_eur: Decimal | None
    difference_eur: Decimal | None
    is_balanced: bool | None
    explaining_row_label: str | None


@dataclass
class QualityIssue:
    severity: str
    check_name: str
    label: str | None  # the catalogue's Italian label, when the mart carries it
    source_table: str
    row_key: str
    field: str | None
    raw_value: str | None
    reason: str


@dataclass
class Report:
    """One report: the results of an entity for a period, or (period None) its plan only."""

    entity_code: str
    entity_name: str
    province: str | None
    region: str | None
    plan_cycle: str | None
    plan_style: str | None
    cycle: str | None
    period: str | None = None
    period_type: str | None = None
    period_year: int | None = None
    period_quarter: int | None = None
    overall_pct: Decimal | None = None
    overall_method: str | None = None
    operational_objectives_pct: Decimal | None = None
    operational_objective_count: int | None = None
    evaluated_operational_objective_count: int | None = None
    indicator_count: int | None = None
    evaluated_indicator_count: int | None = None
    overridden_indicator_count: int | None = None
    traffic_light: str = "grey"
    traffic_light_label: str | None = None
    areas: list[Node] = field(default_factory=list)
    budget: list[BudgetLine] = field(default_factory=list)
    budget_checks: list[BudgetCheck] = field(default_factory=list)
    quality: list[QualityIssue] = field(default_factory=list)
    info_issue_count: int = 0
    synthetic_sources: list[str] = field(default_factory=list)
    approvals: list[Approval] = field(default_factory=list)  # empty on a period: a draft (bozza)
    published_version: PublishedVersion | None = None  # None: the period is open (periodo aperto)
    target_years: list[int] = field(default_factory=list)
    statuses: dict[tuple[str, str], StatusLabel] = field(default_factory=dict)

    @property
    def is_plan(self) -> bool:
        return self.period is None

    @property
    def has_baselines(self) -> bool:
        """A result report whose plan prints baselines: its indicator tables show them."""
        return not self.is_plan and any(line.baseline for line in self.indicators())

    @property
    def covers_full_year(self) -> bool:
        """A year, or the fourth quarter (year to date = the year): comparable with a baseline."""
        return self.period_type != "quarter" or self.period_quarter == 4

    def nodes(self) -> Iterator[Node]:
        for area in self.areas:
            yield from area.walk()

    def indicators(self) -> Iterator[IndicatorLine]:
        for node in self.nodes():
            yield from node.indicators

    def budget_groups(self) -> list[tuple[str, list[Node]]]:
        """The objectives grouped by the budget programme the plan links them to, as
        (heading, objectives in document order), programmes in code order and the unlinked last;
        empty when no objective carries a link (the report then prints no grouping)."""
        objectives = [node for node in self.nodes() if node.level in OBJECTIVE_LEVELS]
        if not any(node.program_code for node in objectives):
            return []
        groups: dict[tuple[str, str] | None, list[Node]] = {}
        for node in objectives:
            key = (node.mission_code, node.program_code) if node.program_code else None
            groups.setdefault(key, []).append(node)
        headings = {
            key: f"Missione {key[0]} – {nodes[0].mission_name or ''} / "
            f"Programma {key[1]} – {nodes[0].program_name or ''}"
            for key, nodes in groups.items()
            if key is not None
        }
        ordered = [(headings[key], groups[key]) for key in sorted(headings)]
        if None in groups:
            ordered.append((NO_BUDGET_GROUP, groups[None]))
        return ordered

    def status(self, kind: str, code: str | None) -> StatusLabel:
        """Label and colour of a status code (dim_status); an unknown code shows itself in grey."""
        return self.statuses.get((kind, code or "")) or self.statuses.get(
            (kind, "grey" if kind == "traffic_light" else "not_evaluable"),
            StatusLabel(code or "", "#8a8f98"),
        )


@contextmanager
def open_warehouse(database_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """Read-only connection to the DuckDB file, closed on exit (the marts are tables: any copy reads)."""
    connection = duckdb.connect(str(database_path), read_only=True)
    try:
        yield connection
    finally:
        connection.close()


def table_exists(connection: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return bool(
        connection.execute(
            "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
            [schema, table],
        ).fetchone()[0]
    )


def table_columns(connection: duckdb.DuckDBPyConnection, schema: str, table: str) -> set[str]:
    return {
        row[0]
        for row in connection.execute(
            "select column_name from information_schema.columns "
            "where table_schema = ? and table_name = ?",
            [schema, table],
        ).fetchall()
    }


def rows(connection: duckdb.DuckDBPyConnection, sql: str, parameters: list) -> list[dict]:
    cursor = connection.execute(sql, parameters)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def status_labels(connection: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], StatusLabel]:
    return {
        (kind, code): StatusLabel(label, colour)
        for kind, code, label, colour in connection.execute(
            "select status_kind, code, label_it, colour_hex from marts.dim_status order by sort_order"
        ).fetchall()
    }


def result_periods(connection: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    return connection.execute(
        "select entity_code, period from marts.fct_entity_results order by entity_code, period"
    ).fetchall()


def entities_without_results(connection: duckdb.DuckDBPyConnection) -> list[str]:
    return [
        row[0]
        for row in connection.execute(
            """
            select entity_code from marts.dim_entity
            where entity_code not in (select entity_code from marts.fct_entity_results)
            order by entity_code
            """
        ).fetchall()
    ]


def load_report(
    connection: duckdb.DuckDBPyConnection, entity_code: str, period: str | None
) -> Report:
    """The report of an entity for a period; period None: its plan (tree, weights, targets, baselines)."""
    entities = rows(
        connection, "select * from marts.dim_entity where entity_code = ?", [entity_code]
    )
    if not entities:
        raise ValueError(f"entity {entity_code!r} is not in marts.dim_entity")
    entity = entities[0]
    report = Report(
        entity_code=entity["entity_code"],
        entity_name=entity["entity_name"],
        province=entity["province"],
        region=entity["region"],
        plan_cycle=entity["plan_cycle"],
        plan_style=entity["plan_style"],
        cycle=entity["plan_cycle"],
        statuses=status_labels(connection),
    )
    years = list(range(entity["plan_start_year"] or 0, (entity["plan_end_year"] or -1) + 1))
    if period is not None:
        _load_totals(connection, report, period)
        years = [report.period_year]
    nodes = rows(
        connection,
        """
        select o.node_code, o.node_level, o.parent_code, o.title, o.owner, o.weight_pct,
            o.source_row, o.node_code_as_printed, o.sub_objective_of,
            o.mission_code, o.mission_name, o.program_code, o.program_name,
            r.achievement_pct_reported as achievement_pct,
            coalesce(r.is_evaluated, false) as is_evaluated, r.not_evaluated_reason,
            coalesce(r.traffic_light, 'grey') as traffic_light, r.traffic_light_label,
            coalesce(r.has_overridden_indicator, false) as has_overridden_indicator
        from marts.dim_objective as o
        left join marts.fct_objective_results as r
            on r.entity_code = o.entity_code and r.cycle = o.cycle and r.node_code = o.node_code
            and r.period = ?
        where o.entity_code = ? and o.cycle = ?
        order by o.source_row, o.node_code
        """,
        [period, entity_code, report.cycle],
    )
    lines = _plan_lines(connection, report) if period is None else _result_lines(connection, report)
    report.areas = _tree(nodes, lines)
    if period is not None:
        _load_signoff(connection, report)
    report.budget = [
        BudgetLine(**row)
        for row in rows(
            connection,
            """
            select budget_year, source_row, row_type, mission_code, mission_name, program_code,
                program_name, priority_area, mission_statement, forecast_raw,
                forecast_eur_reported as forecast_eur, actual_raw, actual_eur_reported as actual_eur
            from marts.fct_budget
            where entity_code = ? and list_contains(?, budget_year)
            order by budget_year, source_row
            """,
            [entity_code, years],
        )
    ]
    report.budget_checks = [
        BudgetCheck(**row)
        for row in rows(
            connection,
            """
            select budget_year, amount_column, detail_sum_eur_reported as detail_sum_eur,
                printed_total_eur_reported as printed_total_eur,
                difference_eur_reported as difference_eur, is_balanced, explaining_row_label
            from marts.fct_budget_checks
            where entity_code = ? and list_contains(?, budget_year)
            order by budget_year, amount_column desc
            """,
            [entity_code, years],
        )
    ]
    _load_quality(connection, report)
    return report


def _load_totals(connection: duckdb.DuckDBPyConnection, report: Report, period: str) -> None:
    totals = rows(
        connection,
        """
        select period, period_type, period_year, period_quarter,
            overall_pct_reported as overall_pct, overall_method,
            operational_objectives_pct_reported as operational_objectives_pct,
            operational_objective_count, evaluated_operational_objective_count, indicator_count,
            evaluated_indicator_count, overridden_indicator_count, traffic_light,
            traffic_light_label,
            (select min(cycle) from marts.fct_objective_results as o
             where o.entity_code = e.entity_code and o.period = e.period) as cycle
        from marts.fct_entity_results as e
        where entity_code = ? and period = ?
        """,
        [report.entity_code, period],
    )
    if not totals:
        raise ValueError(
            f"no results for {report.entity_code} {period} in marts.fct_entity_results"
        )
    for name, value in totals[0].items():
        if name != "cycle" or value is not None:
            setattr(report, name, value)
    report.synthetic_sources = [
        source
        for (source,) in connection.execute(
            """
            select distinct source from marts.fct_indicator_measure_values
            where entity_code = ? and period = ? and is_synthetic order by source
            """,
            [report.entity_code, period],
        ).fetchall()
    ]


def _result_lines(connection: duckdb.DuckDBPyConnection, report: Report) -> list[IndicatorLine]:
    terms: dict[str, list[Term]] = {}
    for row in rows(
        connection,
        """
        select indicator_code, term_role as role, term_sign as sign, coefficient, measure_code,
            is_value_found as found, value_number_reported as value_number, value_date, value_raw,
            unit, is_not_available, source
        from marts.fct_indicator_measure_values
        where entity_code = ? and period = ?
        order by indicator_code, term_role desc, term_number
        """,
        [report.entity_code, report.period],
    ):
        terms.setdefault(row.pop("indicator_code"), []).append(Term(**row))
    lines = rows(
        connection,
        """
        select r.node_code, r.indicator_code, i.indicator_name as name,
            i.algorithm_text as algorithm, i.formula, i.unit,
            r.weight_pct_reported as weight_pct, r.actual_value_reported as actual_value,
            r.actual_unit, r.actual_date, r.target_raw, r.target_operator,
            r.achievement_pct_reported as achievement_pct,
            r.is_evaluated, r.not_evaluated_reason, r.evaluation_note, r.traffic_light,
            r.traffic_light_label, r.is_overridden, r.override_field, r.override_justification,
            r.override_decided_by, r.original_actual_value,
            r.original_achievement_pct_reported as original_achievement_pct, i.scoring_rule_note
        from marts.fct_indicator_results as r
        left join marts.dim_indicator as i
            on i.entity_code = r.entity_code and i.indicator_code = r.indicator_code
        where r.entity_code = ? and r.period = ?
        order by r.source_row, r.node_code, r.indicator_code
        """,
        [report.entity_code, report.period],
    )
    baselines = _latest_baselines(connection, report)
    return [
        IndicatorLine(
            **row,
            terms=terms.get(row["indicator_code"], []),
            baseline=baselines.get(row["indicator_code"]),
        )
        for row in lines
    ]


def _latest_baselines(connection: duckdb.DuckDBPyConnection, report: Report) -> dict[str, Baseline]:
    """Each indicator's latest baseline from a year before the period's (fct_indicator_baselines)."""
    latest: dict[str, Baseline] = {}
    for row in rows(
        connection,
        """
        select indicator_code, baseline_year as year, value_raw, value_number, value_date, unit,
            coalesce(is_not_available, false) as is_not_available
        from marts.fct_indicator_baselines
        where entity_code = ? and baseline_year < ?
        order by indicator_code, baseline_year
        """,
        [report.entity_code, report.period_year],
    ):
        code = row.pop("indicator_code")
        latest[code] = Baseline(**row)
    return latest


def _plan_lines(connection: duckdb.DuckDBPyConnection, report: Report) -> list[IndicatorLine]:
    by_year: dict[str, dict[str, dict[int, str]]] = {"target": {}, "baseline": {}}
    for kind, code, year, text in connection.execute(
        """
        select 'target', indicator_code, target_year, target_raw from marts.fct_indicator_targets
        where entity_code = ?
        union all
        select 'baseline', indicator_code, baseline_year, value_raw from marts.fct_indicator_baselines
        where entity_code = ?
        order by 1, 3
        """,
        [report.entity_code, report.entity_code],
    ).fetchall():
        by_year[kind].setdefault(code, {})[year] = text
    lines = [
        IndicatorLine(
            **row,
            targets=by_year["target"].get(row["indicator_code"], {}),
            baselines=by_year["baseline"].get(row["indicator_code"], {}),
        )
        for row in rows(
            connection,
            """
            select a.node_code, a.indicator_code, i.indicator_name as name,
                i.algorithm_text as algorithm, i.formula, i.unit, a.weight_pct_reported as weight_pct
            from marts.fct_indicator_assignments as a
            left join marts.dim_indicator as i
                on i.entity_code = a.entity_code and i.indicator_code = a.indicator_code
            where a.entity_code = ? and a.cycle = ?
            order by a.source_row, a.node_code, a.indicator_code
            """,
            [report.entity_code, report.cycle],
        )
    ]
    report.target_years = sorted({year for line in lines for year in line.targets})
    return lines


def _tree(node_rows: list[dict], lines: list[IndicatorLine]) -> list[Node]:
    nodes = {
        row["node_code"]: Node(
            code=row["node_code"],
            level=row["node_level"],
            parent_code=row["parent_code"],
            title=row["title"],
            owner=row["owner"],
            weight_pct=row["weight_pct"],
            source_row=row["source_row"] or 0,
            code_as_printed=row["node_code_as_printed"],
            sub_objective_of=row["sub_objective_of"],
            achievement_pct=row["achievement_pct"],
            is_evaluated=bool(row["is_evaluated"]),
            not_evaluated_reason=row["not_evaluated_reason"],
            traffic_light=row["traffic_light"] or "grey",
            traffic_light_label=row["traffic_light_label"],
            has_overridden_indicator=bool(row["has_overridden_indicator"]),
            mission_code=row["mission_code"],
            mission_name=row["mission_name"],
            program_code=row["program_code"],
            program_name=row["program_name"],
        )
        for row in node_rows
    }
    roots = []
    for node in nodes.values():  # already in document order
        parent = nodes.get(node.parent_code) if node.parent_code else None
        if parent is None:
            roots.append(node)
        else:
            parent.children.append(node)
    for line in lines:
        if line.node_code in nodes:
            nodes[line.node_code].indicators.append(line)
    return roots


def _load_signoff(connection: duckdb.DuckDBPyConnection, report: Report) -> None:
    """The explanations of amber and red rows, and the approvals of the period."""
    explanations = {
        (row["node_code"], row["indicator_code"]): Explanation(
            row["explanation_text"], row["explanation_author"], row["explanation_written_on"]
        )
        for row in rows(
            connection,
            """
            select node_code, indicator_code, explanation_text, explanation_author,
                explanation_written_on
            from marts.fct_deviation_explanations
            where entity_code = ? and period = ?
            """,
            [report.entity_code, report.period],
        )
    }
    for node in report.nodes():
        node.explanation = explanations.get((node.code, None))
        for line in node.indicators:
            line.explanation = explanations.get((line.node_code, line.indicator_code))
    report.approvals = [
        Approval(**row)
        for row in rows(
            connection,
            """
            select approval_stage as stage, approved_by, approved_on, act_reference
            from marts.fct_period_approvals
            where entity_code = ? and period = ?
            order by stage_order
            """,
            [report.entity_code, report.period],
        )
    ]
    versions = rows(
        connection,
        """
        select version, max(published_at) as published_at, max(restatement_reason) as restatement_reason
        from marts.fct_published_results_history
        where entity_code = ? and period = ?
        group by version
        order by version desc
        limit 1
        """,
        [report.entity_code, report.period],
    )
    report.published_version = PublishedVersion(**versions[0]) if versions else None


def _load_quality(connection: duckdb.DuckDBPyConnection, report: Report) -> None:
    issues = rows(
        connection,
        """
        select issues.severity, issues.check_name, issues.label_it as label,
            issues.source_table, issues.row_key, issues.field, issues.raw_value, issues.reason
        from marts.fct_data_quality_issues as issues
        left join marts.dim_status as severities
            on severities.status_kind = 'severity' and severities.code = issues.severity
        where issues.entity_code = ?
        order by severities.sort_order, issues.check_name, issues.source_table, issues.row_key,
            issues.field
        """,
        [report.entity_code],
    )
    report.quality = [
        QualityIssue(**row) for row in issues if row["severity"] in ("error", "warning")
    ]
    report.info_issue_count = sum(1 for row in issues if row["severity"] == "info")
