"""Everything a report shows, read from the warehouse marts (and the staged measures) into plain objects."""

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

# Measure codes inside a formula: [bracketed codes] or plain identifiers (numbers are not codes).
MEASURE_CODE_PATTERN = re.compile(r"\[([^\]]*)\]|([A-Za-z_][A-Za-z0-9_.]*)")
SYNTHETIC_SOURCE_PATTERN = re.compile(r"sintetic|synthetic", re.IGNORECASE)
THREE_PART_NAME = re.compile(r'\b"?(\w+)"?\."?(\w+)"?\."?(\w+)"?')


@dataclass
class Measure:
    code: str
    found: bool
    value_number: float | None = None
    value_date: dt.date | None = None
    value_raw: str | None = None
    unit: str | None = None
    is_not_available: bool = False
    source: str | None = None


@dataclass
class IndicatorLine:
    node_code: str
    indicator_code: str
    name: str | None
    algorithm: str | None
    formula: str | None
    unit: str | None
    weight_pct: float | None
    actual_value: float | None = None
    actual_unit: str | None = None
    actual_date: dt.date | None = None
    target_raw: str | None = None
    achievement_pct: float | None = None
    is_evaluated: bool = False
    not_evaluated_reason: str | None = None
    evaluation_note: str | None = None
    traffic_light: str = "grey"
    is_overridden: bool = False
    override_field: str | None = None
    override_justification: str | None = None
    override_decided_by: str | None = None
    original_actual_value: float | None = None
    original_achievement_pct: float | None = None
    measures: list[Measure] = field(default_factory=list)
    targets: dict[int, str] = field(default_factory=dict)  # plan report: year -> target text
    baselines: dict[int, str] = field(default_factory=dict)  # plan report: year -> value text


@dataclass
class Node:
    code: str
    level: str
    parent_code: str | None
    title: str | None
    owner: str | None
    weight_pct: float | None
    source_row: int
    code_as_printed: str | None = None
    sub_objective_of: str | None = None
    achievement_pct: float | None = None
    is_evaluated: bool = False
    not_evaluated_reason: str | None = None
    traffic_light: str = "grey"
    has_overridden_indicator: bool = False
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
    forecast_eur: float | None
    actual_raw: str | None
    actual_eur: float | None


@dataclass
class QualityIssue:
    severity: str
    check_name: str
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
    overall_pct: float | None = None
    overall_method: str | None = None
    operational_objectives_pct: float | None = None
    operational_objective_count: int | None = None
    evaluated_operational_objective_count: int | None = None
    indicator_count: int | None = None
    evaluated_indicator_count: int | None = None
    overridden_indicator_count: int | None = None
    traffic_light: str = "grey"
    areas: list[Node] = field(default_factory=list)
    budget: list[BudgetLine] = field(default_factory=list)
    quality: list[QualityIssue] = field(default_factory=list)
    info_issue_count: int = 0
    synthetic_sources: list[str] = field(default_factory=list)
    target_years: list[int] = field(default_factory=list)

    @property
    def is_plan(self) -> bool:
        return self.period is None

    def nodes(self) -> Iterator[Node]:
        for area in self.areas:
            yield from area.walk()

    def indicators(self) -> Iterator[IndicatorLine]:
        for node in self.nodes():
            yield from node.indicators


@contextmanager
def open_warehouse(database_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """Read-only connection to the DuckDB file, closed on exit."""
    connection = duckdb.connect(str(database_path), read_only=True)
    try:
        _alias_build_catalog(connection)
        yield connection
    finally:
        connection.close()


def _alias_build_catalog(connection: duckdb.DuckDBPyConnection) -> None:
    """Let the views run on a copy of the file saved under another name.

    dbt writes views with three-part names, `<catalog>.raw.<table>`, the catalog named after the
    file it built (pira.duckdb -> pira); a copy named otherwise would fail to bind them. The alias
    is an in-memory catalog of views onto this file's base tables (what the staging views read):
    the file itself stays read-only.
    """
    current = connection.execute("select current_database()").fetchone()[0]
    attached = {
        row[0]
        for row in connection.execute("select database_name from duckdb_databases()").fetchall()
    }
    existing = set(
        connection.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_type = 'BASE TABLE'"
        ).fetchall()
    )
    missing: dict[str, set[tuple[str, str]]] = {}
    for (sql,) in connection.execute(
        "select sql from duckdb_views() where not internal"
    ).fetchall():
        for catalog, schema, table in THREE_PART_NAME.findall(sql or ""):
            if catalog not in attached and (schema, table) in existing:
                missing.setdefault(catalog, set()).add((schema, table))
    for catalog, relations in missing.items():
        connection.execute(f"attach ':memory:' as \"{catalog}\" (read_write)")
        for schema in sorted({schema for schema, _ in relations}):
            connection.execute(f'create schema "{catalog}"."{schema}"')
        for schema, table in sorted(relations):
            connection.execute(
                f'create view "{catalog}"."{schema}"."{table}" as '
                f'select * from "{current}"."{schema}"."{table}"'
            )


def measure_codes(formula: str | None) -> list[str]:
    """Measure codes a formula names, in order, without repeats."""
    codes: list[str] = []
    for bracketed, plain in MEASURE_CODE_PATTERN.findall(formula or ""):
        code = " ".join((bracketed or plain).split())
        if code and code not in codes:
            codes.append(code)
    return codes


def table_exists(connection: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return bool(
        connection.execute(
            "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
            [schema, table],
        ).fetchone()[0]
    )


def _rows(connection: duckdb.DuckDBPyConnection, sql: str, parameters: list) -> list[dict]:
    cursor = connection.execute(sql, parameters)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


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


def _entity(connection: duckdb.DuckDBPyConnection, entity_code: str) -> dict:
    rows = _rows(connection, "select * from marts.dim_entity where entity_code = ?", [entity_code])
    if not rows:
        raise ValueError(f"entity {entity_code!r} is not in marts.dim_entity")
    return rows[0]


def _base_report(entity: dict, cycle: str | None) -> Report:
    return Report(
        entity_code=entity["entity_code"],
        entity_name=entity["entity_name"],
        province=entity["province"],
        region=entity["region"],
        plan_cycle=entity["plan_cycle"],
        plan_style=entity["plan_style"],
        cycle=cycle,
    )


def load_result_report(
    connection: duckdb.DuckDBPyConnection, entity_code: str, period: str
) -> Report:
    entity = _entity(connection, entity_code)
    totals = _rows(
        connection,
        "select * from marts.fct_entity_results where entity_code = ? and period = ?",
        [entity_code, period],
    )
    if not totals:
        raise ValueError(f"no results for {entity_code} {period} in marts.fct_entity_results")
    total = totals[0]
    cycle_row = connection.execute(
        "select min(cycle) from marts.fct_objective_results where entity_code = ? and period = ?",
        [entity_code, period],
    ).fetchone()
    report = _base_report(entity, cycle_row[0] if cycle_row else entity["plan_cycle"])
    for name in (
        "period",
        "period_type",
        "period_year",
        "period_quarter",
        "overall_pct",
        "overall_method",
        "operational_objectives_pct",
        "operational_objective_count",
        "evaluated_operational_objective_count",
        "indicator_count",
        "evaluated_indicator_count",
        "overridden_indicator_count",
    ):
        setattr(report, name, total[name])
    report.traffic_light = total["traffic_light"] or "grey"

    nodes = _rows(
        connection,
        """
        select o.node_code, o.node_level, o.parent_code, o.title, o.owner, o.weight_pct,
            o.source_row, o.node_code_as_printed, o.sub_objective_of,
            r.achievement_pct, coalesce(r.is_evaluated, false) as is_evaluated,
            r.not_evaluated_reason, coalesce(r.traffic_light, 'grey') as traffic_light,
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
    indicators = _rows(
        connection,
        """
        select r.*, i.indicator_name, i.algorithm_text, i.formula, i.unit
        from marts.fct_indicator_results as r
        left join marts.dim_indicator as i
            on i.entity_code = r.entity_code and i.indicator_code = r.indicator_code
        where r.entity_code = ? and r.period = ?
        order by r.source_row, r.node_code, r.indicator_code
        """,
        [entity_code, period],
    )
    measures = _measure_values(connection, entity_code, period)
    lines = []
    for row in indicators:
        line = IndicatorLine(
            node_code=row["node_code"],
            indicator_code=row["indicator_code"],
            name=row["indicator_name"],
            algorithm=row["algorithm_text"],
            formula=row["formula"],
            unit=row["unit"],
            weight_pct=row["weight_pct"],
            actual_value=row["actual_value"],
            actual_unit=row["actual_unit"],
            actual_date=row["actual_date"],
            target_raw=row["target_raw"],
            achievement_pct=row["achievement_pct"],
            is_evaluated=bool(row["is_evaluated"]),
            not_evaluated_reason=row["not_evaluated_reason"],
            evaluation_note=row["evaluation_note"],
            traffic_light=row["traffic_light"] or "grey",
            is_overridden=bool(row["is_overridden"]),
            override_field=row["override_field"],
            override_justification=row["override_justification"],
            override_decided_by=row["override_decided_by"],
            original_actual_value=row["original_actual_value"],
            original_achievement_pct=row["original_achievement_pct"],
        )
        line.measures = [
            measures.get(code) or Measure(code=code, found=False)
            for code in measure_codes(line.formula)
        ]
        lines.append(line)
    report.areas = _tree(nodes, lines)
    report.synthetic_sources = sorted(
        {
            measure.source
            for line in lines
            for measure in line.measures
            if measure.source and SYNTHETIC_SOURCE_PATTERN.search(measure.source)
        }
    )
    report.budget = _budget(connection, entity_code, [report.period_year])
    _load_quality(connection, report)
    return report


def load_plan_report(connection: duckdb.DuckDBPyConnection, entity_code: str) -> Report:
    """The plan of an entity with no results yet: tree, weights, targets per year, baselines."""
    entity = _entity(connection, entity_code)
    report = _base_report(entity, entity["plan_cycle"])
    nodes = _rows(
        connection,
        """
        select node_code, node_level, parent_code, title, owner, weight_pct, source_row,
            node_code_as_printed, sub_objective_of, null as achievement_pct,
            false as is_evaluated, null as not_evaluated_reason, 'grey' as traffic_light,
            false as has_overridden_indicator
        from marts.dim_objective
        where entity_code = ? and cycle = ?
        order by source_row, node_code
        """,
        [entity_code, report.cycle],
    )
    # The plan's assignments (which node an indicator scores, with which weight) are not a
    # mart before there are results: staging holds them.
    assignments = _rows(
        connection,
        """
        select a.node_code, a.indicator_code, a.weight_pct, i.indicator_name, i.algorithm_text,
            i.formula, i.unit
        from staging.stg_pira__indicator_assignments as a
        left join marts.dim_indicator as i
            on i.entity_code = a.entity_code and i.indicator_code = a.indicator_code
        where a.entity_code = ? and a.cycle = ?
        order by a.source_row, a.node_code, a.indicator_code
        """,
        [entity_code, report.cycle],
    )
    targets: dict[str, dict[int, str]] = {}
    for code, year, text in connection.execute(
        """
        select indicator_code, target_year, target_raw from marts.fct_indicator_targets
        where entity_code = ? order by target_year
        """,
        [entity_code],
    ).fetchall():
        targets.setdefault(code, {})[year] = text
    baselines: dict[str, dict[int, str]] = {}
    for code, year, text in connection.execute(
        """
        select indicator_code, baseline_year, value_raw from marts.fct_indicator_baselines
        where entity_code = ? order by baseline_year
        """,
        [entity_code],
    ).fetchall():
        baselines.setdefault(code, {})[year] = text
    lines = [
        IndicatorLine(
            node_code=row["node_code"],
            indicator_code=row["indicator_code"],
            name=row["indicator_name"],
            algorithm=row["algorithm_text"],
            formula=row["formula"],
            unit=row["unit"],
            weight_pct=row["weight_pct"],
            targets=targets.get(row["indicator_code"], {}),
            baselines=baselines.get(row["indicator_code"], {}),
        )
        for row in assignments
    ]
    report.areas = _tree(nodes, lines)
    report.target_years = sorted({year for line in lines for year in line.targets})
    years = _cycle_years(report.cycle)
    report.budget = _budget(connection, entity_code, years)
    _load_quality(connection, report)
    return report


def _cycle_years(cycle: str | None) -> list[int]:
    bounds = [int(part) for part in re.findall(r"\d{4}", cycle or "")]
    return list(range(min(bounds), max(bounds) + 1)) if bounds else []


def _measure_values(
    connection: duckdb.DuckDBPyConnection, entity_code: str, period: str
) -> dict[str, Measure]:
    """The value in force per measure: the latest extraction wins (a restatement replaces it)."""
    columns = {
        row[0]
        for row in connection.execute(
            "select column_name from information_schema.columns "
            "where table_schema = 'staging' and table_name = 'stg_pira__measure_values'"
        ).fetchall()
    }
    reported_at = "coalesce(extracted_at, loaded_at)" if "loaded_at" in columns else "extracted_at"
    rows = _rows(
        connection,
        f"""
        select measure_code, value_number, value_date, value_raw, unit, is_not_available, source
        from staging.stg_pira__measure_values
        where entity_code = ? and period = ?
        qualify row_number() over (
            partition by measure_code order by {reported_at} desc nulls last
        ) = 1
        """,
        [entity_code, period],
    )
    return {
        row["measure_code"]: Measure(
            code=row["measure_code"],
            found=True,
            value_number=row["value_number"],
            value_date=row["value_date"],
            value_raw=row["value_raw"],
            unit=row["unit"],
            is_not_available=bool(row["is_not_available"]),
            source=row["source"],
        )
        for row in rows
    }


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
            has_overridden_indicator=bool(row["has_overridden_indicator"]),
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


def _budget(
    connection: duckdb.DuckDBPyConnection, entity_code: str, years: list[int | None]
) -> list[BudgetLine]:
    wanted = [year for year in years if year is not None]
    if not wanted:
        return []
    rows = _rows(
        connection,
        """
        select budget_year, source_row, row_type, mission_code, mission_name, program_code,
            program_name, priority_area, mission_statement, forecast_raw, forecast_eur,
            actual_raw, actual_eur
        from marts.fct_budget
        where entity_code = ? and list_contains(?, budget_year)
        order by budget_year, source_row
        """,
        [entity_code, wanted],
    )
    return [BudgetLine(**row) for row in rows]


def _load_quality(connection: duckdb.DuckDBPyConnection, report: Report) -> None:
    rows = _rows(
        connection,
        """
        select severity, check_name, source_table, row_key, field, raw_value, reason
        from marts.fct_data_quality_issues
        where entity_code = ?
        order by case severity when 'error' then 0 when 'warning' then 1 else 2 end,
            check_name, source_table, row_key, field
        """,
        [report.entity_code],
    )
    report.quality = [
        QualityIssue(**row) for row in rows if row["severity"] in ("error", "warning")
    ]
    report.info_issue_count = sum(1 for row in rows if row["severity"] == "info")
