"""A straight-line reference of the warehouse's core figures, written apart from the dbt models.

It reads the same raw extracts the benchmark feeds to dbt (the Parquet files of
scripts/generate_national.py, the external_raw source) and computes, by the rules of
docs/methodology.md and the README's formula section (not from the project's SQL or macros):

- indicator values: each distinct formula parsed once, here in Python (`parse_formula`, the
  documented grammar), into term rows; Σ numerator terms / Σ denominator terms over the period's
  measure in force (latest extraction wins; two different values in the latest extraction, an
  unparseable, N/D, empty or negative-count value leave the indicator not evaluated); a ratio whose
  unit is % in percent; a date indicator is its completion date;
- achievement per indicator and objective it scores (§4: `>=`, `<=`, bare value, `Entro`, cap 100,
  floor 0; N/D or bad targets and missing actuals neutralised);
- roll-ups (§5, §9.1): operational objectives = weighted mean of their evaluated indicators (weights
  renormalised); strategic objectives, areas and the entity = weighted mean of their evaluated
  children, each child rounded half-up to 2 decimals first; siblings without any weight count
  equally; the entity's operational_objectives_pct = plain mean of its operational objectives
  (rounded to 2 decimals each).

Plain DuckDB SQL over the inputs, one statement per step, in one in-memory connection. The results are
three tables: ref_indicator_results, ref_objective_results, ref_entity_results (`compute`). `compare`
checks them against the marts of a built warehouse row for row.

It covers what the national generator produces (no overrides, sub-objectives, objective groups or
landed files): the benchmark's data. Usage: python bench/reference.py RAW_DIR [WAREHOUSE.duckdb]
"""

from __future__ import annotations

import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas

# Tolerance of the comparison with the marts: absolute on percentages (0-100), relative on values.
TOLERANCE = 1e-6


class FormulaError(ValueError):
    """A formula outside the documented grammar."""


TOKEN = re.compile(
    r"\s*(?:(?P<bracket>\[[^\[\]]+\])|(?P<number>[0-9]+(?:,[0-9]+)?)"
    r"|(?P<code>[A-Za-z_][A-Za-z0-9_.]*)|(?P<op>[-+*/()]))"
)


@dataclass(frozen=True)
class Term:
    side: str  # numerator / denominator
    coefficient: float  # sign included
    measure: str | None  # None: a constant term


def tokens(formula: str) -> list[tuple[str, str]]:
    result, position, text = [], 0, formula.strip()
    while position < len(text):
        match = TOKEN.match(text, position)
        if not match or match.end() == position:
            raise FormulaError(f"unexpected character {text[position]!r} in {formula!r}")
        kind = match.lastgroup
        value = match.group(kind)
        if kind == "bracket":
            kind, value = "code", " ".join(value[1:-1].split())
        result.append((kind, value))
        position = match.end()
        while position < len(text) and text[position].isspace():
            position += 1
    return result


def parse_formula(formula: str) -> list[Term]:
    """Terms of `(± k·m ± …) [/ (± k·m ± …)]`; a sign before brackets applies to every term inside.

    Accepted: measure codes (bracketed when they hold spaces or start with a digit), numbers with a
    decimal comma, + - * /, one pair of parentheses around a whole side. Raises FormulaError otherwise.
    """
    items = tokens(formula)
    if not items:
        raise FormulaError("empty formula")
    position = 0

    def peek() -> tuple[str, str] | None:
        return items[position] if position < len(items) else None

    def take() -> tuple[str, str]:
        nonlocal position
        if position >= len(items):
            raise FormulaError(f"formula {formula!r} ends too early")
        position += 1
        return items[position - 1]

    def term(sign: float, side: str) -> Term:
        kind, value = take()
        if kind == "code":
            return Term(side, sign, value)
        if kind != "number":
            raise FormulaError(f"operand expected in {formula!r}, got {value!r}")
        number = float(value.replace(",", "."))
        if peek() == ("op", "*"):
            take()
            kind, code = take()
            if kind != "code":
                raise FormulaError(f"a number multiplies a measure in {formula!r}")
            return Term(side, sign * number, code)
        return Term(side, sign * number, None)

    def signed_terms(outer: float, side: str, closing: bool) -> list[Term]:
        result = []
        sign = 1.0
        if peek() in (("op", "+"), ("op", "-")):
            sign = -1.0 if take()[1] == "-" else 1.0
        while True:
            if peek() == ("op", "("):
                raise FormulaError(f"brackets inside a side of {formula!r}")
            result.append(term(outer * sign, side))
            following = peek()
            if following in (("op", "+"), ("op", "-")):
                sign = -1.0 if take()[1] == "-" else 1.0
                continue
            if (
                following is None
                or following == ("op", "/")
                or (closing and following == ("op", ")"))
            ):
                return result
            raise FormulaError(f"two operands without an operator between them in {formula!r}")

    def side(name: str) -> list[Term]:
        outer = 1.0
        if (
            peek() in (("op", "+"), ("op", "-"))
            and position + 1 < len(items)
            and items[position + 1] == ("op", "(")
        ):
            outer = -1.0 if take()[1] == "-" else 1.0
        if peek() == ("op", "("):
            take()
            result = signed_terms(outer, name, closing=True)
            if take() != ("op", ")"):
                raise FormulaError(f"unbalanced brackets in {formula!r}")
            return result
        return signed_terms(outer, name, closing=False)

    terms = side("numerator")
    if peek() == ("op", "/"):
        take()
        terms += side("denominator")
    if peek() is not None:
        raise FormulaError(f"unexpected {peek()[1]!r} in {formula!r}")
    return terms


ITALIAN_NUMBER = r"'[+-]?([0-9]{1,3}([.][0-9]{3})+|[0-9]+)(,[0-9]+)?([eE][+-]?[0-9]+)?'"


def italian_number(expression: str) -> str:
    """SQL: an Italian-format number as a double ('1.416' = 1416, '34985,3'), else null."""
    text = f"replace(trim({expression}), '−', '-')"
    number = f"try_cast(replace(replace({text}, '.', ''), ',', '.') as double)"
    return (
        f"(case when regexp_full_match({text}, {ITALIAN_NUMBER}) and abs({number}) < 1e15 "
        f"then {number} end)"
    )


def code(expression: str) -> str:
    return f"nullif(regexp_replace(trim({expression}), ' +', ' ', 'g'), '')"


def compute(raw_dir: Path, connection: duckdb.DuckDBPyConnection | None = None):
    """The reference tables in an in-memory DuckDB connection (returned)."""
    con = connection or duckdb.connect()
    con.execute("set enable_progress_bar = false")

    def raw(table: str) -> str:
        return "read_parquet('" + str(Path(raw_dir) / f"{table}.parquet").replace("'", "''") + "')"

    # The plan: nodes with their cycle years and weights; siblings without any weight count equally.
    con.execute(f"""
        create or replace temp table nodes as
        with source as (
            select {code("entity_code")} as entity_code, trim(cycle) as cycle,
                {code("node_code")} as node_code, trim(node_level) as node_level,
                {code("parent_code")} as parent_code, {italian_number("weight_raw")} as weight
            from {raw("raw_plan_nodes")}
        )
        select *,
            cast(regexp_extract(cycle, '^([0-9]{{4}})', 1) as integer) as start_year,
            cast(regexp_extract(cycle, '([0-9]{{4}})$', 1) as integer) as end_year,
            case when count(weight) over (partition by entity_code, cycle, parent_code) = 0
                then 1.0 else coalesce(weight, 0) end as rollup_weight
        from source
    """)
    con.execute(f"""
        create or replace temp table assignments as
        with source as (
            select {code("entity_code")} as entity_code, trim(cycle) as cycle,
                {code("node_code")} as node_code, {code("indicator_code")} as indicator_code,
                {italian_number("weight_raw")} as weight
            from {raw("raw_indicator_assignments")}
        )
        select source.*, nodes.start_year, nodes.end_year,
            case when count(source.weight) over (partition by source.entity_code, source.cycle, source.node_code) = 0
                then 1.0 else coalesce(source.weight, 0) end as rollup_weight
        from source
        inner join nodes using (entity_code, cycle, node_code)
    """)

    # Formulas: each distinct text parsed once, in Python.
    con.execute(f"""
        create or replace temp table indicators as
        select {code("entity_code")} as entity_code, {code("indicator_code")} as indicator_code,
            coalesce(nullif(trim(formula), ''), {code("indicator_code")}) as formula, trim(unit) as unit
        from {raw("raw_indicators")}
    """)
    rows = []
    for (formula,) in con.execute("select distinct formula from indicators").fetchall():
        try:
            parsed = parse_formula(formula)
        except FormulaError:
            rows.append((formula, None, None, None, False))
            continue
        rows += [(formula, t.side, t.coefficient, t.measure, True) for t in parsed]
    terms_frame = pandas.DataFrame(
        rows, columns=["formula", "side", "coefficient", "measure_code", "accepted"]
    ).astype({"formula": object, "side": object, "coefficient": float, "measure_code": object})
    con.register("terms_frame", terms_frame)
    con.execute("create or replace temp table formula_terms as select * from terms_frame")
    con.unregister("terms_frame")

    # Measures: the latest extraction of each entity, period and code; two different values in it
    # are ambiguous (unusable); a value that does not parse is unusable.
    con.execute(f"""
        create or replace temp table measures as
        with source as (
            select {code("entity_code")} as entity_code, trim(period) as period,
                {code("measure_code")} as measure_code, trim(value_raw) as value_text,
                nullif(trim(unit_raw), '') as unit,
                try_cast(nullif(trim(extracted_at), '') as timestamp) as extracted_at
            from {raw("raw_measure_values")}
        ),
        placed as (
            select source.*, cast(left(period, 4) as integer) as period_year
            from source
            where regexp_full_match(period, '[0-9]{{4}}(-Q[1-4])?') and extracted_at is not null
                and entity_code is not null and measure_code is not null
                and exists (
                    select 1 from nodes
                    where nodes.entity_code = source.entity_code
                        and cast(left(source.period, 4) as integer) between nodes.start_year and nodes.end_year
                )
        ),
        latest as (
            select * from placed
            qualify extracted_at = max(extracted_at) over (partition by entity_code, period, measure_code)
        ),
        distinct_values as (
            select distinct entity_code, period, period_year, measure_code,
                coalesce(value_text, '') as value_text, unit
            from latest
        ),
        parsed as (
            select *,
                count(*) over (partition by entity_code, period, measure_code) as value_count,
                case when unit = 'date' then try_strptime(value_text, '%d-%m-%Y')::date end as value_date,
                case when coalesce(unit, '') != 'date'
                    then {italian_number("replace(value_text, '%', '')")} end as value_number
            from distinct_values
        )
        select entity_code, period, period_year, measure_code, value_date,
            case when upper(value_text) not in ('N/D', 'ND', 'N.D.') and not (unit = 'N.' and value_number < 0)
                then value_number end as value_number,
            value_count = 1 and upper(value_text) not in ('', 'N/D', 'ND', 'N.D.')
                and (value_date is not null or value_number is not null)
                and not (unit = 'N.' and value_number < 0) as is_usable
        from parsed
    """)
    con.execute("""
        create or replace temp table periods as
        select distinct entity_code, period, period_year from measures
    """)

    # Indicator values per entity and period.
    con.execute("""
        create or replace temp table indicator_values as
        with terms as (
            select indicators.entity_code, indicators.indicator_code, indicators.unit, t.*
            from indicators inner join formula_terms as t using (formula)
        ),
        shape as (
            select entity_code, indicator_code, unit, bool_and(accepted) as accepted,
                bool_or(side = 'denominator') as has_denominator,
                count(*) as term_count, count(measure_code) as measure_count
            from terms group by all
        ),
        term_values as (
            select terms.entity_code, periods.period, terms.indicator_code, terms.side,
                terms.coefficient * case when terms.measure_code is null then 1 else m.value_number end as value,
                m.value_date,
                terms.measure_code is null or coalesce(m.is_usable, false) as is_present
            from terms
            inner join periods on terms.entity_code = periods.entity_code
            left join measures as m
                on m.entity_code = terms.entity_code and m.period = periods.period
                    and m.measure_code = terms.measure_code
            where terms.accepted
        ),
        sides as (
            select entity_code, period, indicator_code, bool_and(is_present) as all_present,
                sum(value) filter (where side = 'numerator') as numerator,
                sum(value) filter (where side = 'denominator') as denominator,
                max(value_date) as value_date
            from term_values group by all
        )
        select sides.entity_code, sides.period, sides.indicator_code,
            case when shape.unit != 'date' and sides.numerator is not null
                    and (not shape.has_denominator or sides.denominator != 0)
                then case when shape.has_denominator
                    then sides.numerator / sides.denominator * case when shape.unit = '%' then 100 else 1 end
                    else sides.numerator end
            end as actual_value,
            case when shape.unit = 'date' and not shape.has_denominator and shape.term_count = 1
                    and shape.measure_count = 1 then sides.value_date end as actual_date
        from sides
        inner join shape using (entity_code, indicator_code)
        where sides.all_present and shape.accepted
    """)

    # Targets: operator, value or deadline; anything else (and a duplicated key) is unusable.
    con.execute(f"""
        create or replace temp table targets as
        with source as (
            select {code("entity_code")} as entity_code, {code("indicator_code")} as indicator_code,
                try_cast(trim(target_year) as integer) as target_year, trim(target_raw) as text
            from {raw("raw_targets")}
        ),
        split as (
            select *,
                case
                    when upper(text) in ('N/D', 'ND', 'N.D.') then 'nd'
                    when lower(text) like 'entro %' then 'by_date'
                    when regexp_full_match(text, '(>=|≥).*') then '>='
                    when regexp_full_match(text, '(<=|≤).*') then '<='
                    when regexp_full_match(text, '[-+−]?[0-9].*') then '='
                end as operator,
                regexp_extract(text, '^(>=|≥|<=|≤)?[ ]*([^ ]+?)[ ]*(N[.]|%|€|gg|fte)?$', 2) as value_text
            from source
        )
        select entity_code, indicator_code, target_year, operator,
            case when operator in ('>=', '<=', '=') then {italian_number("nullif(value_text, '')")} end as value,
            case when operator = 'by_date'
                then try_strptime(trim(regexp_extract(text, '^[Ee]ntro[ ]+(.*)$', 1)), '%d-%m-%Y')::date
            end as deadline,
            count(*) over (partition by entity_code, indicator_code, target_year) = 1 as is_unique
        from split
    """)

    # Achievement (§4), capped at 100 and floored at 0; null = not evaluated (neutralised).
    con.execute("""
        create or replace temp table ref_indicator_results as
        with rows_ as (
            select a.entity_code, p.period, p.period_year, a.node_code, a.indicator_code, a.rollup_weight,
                v.actual_value, v.actual_date, t.operator, t.value as target, t.deadline
            from assignments as a
            inner join periods as p
                on a.entity_code = p.entity_code and p.period_year between a.start_year and a.end_year
            left join indicator_values as v
                on v.entity_code = a.entity_code and v.period = p.period and v.indicator_code = a.indicator_code
            left join targets as t
                on t.entity_code = a.entity_code and t.indicator_code = a.indicator_code
                    and t.target_year = p.period_year and t.is_unique
        ),
        ratio as (
            select *,
                case
                    when operator = 'by_date' and deadline is not null and actual_date is not null
                        then case when actual_date <= deadline then 1.0 else 0.0 end
                    when operator in ('>=', '<=', '=') and target is not null and actual_value is not null then
                        least(1.0, greatest(0.0, case
                            when target = 0 and operator in ('>=', '=') then (actual_value >= 0)::int
                            when target = 0 then (actual_value <= 0)::int
                            when operator = '<=' then 1.0 - (actual_value - target) / abs(target)
                            else 1.0 - (target - actual_value) / abs(target)
                        end))
                end as achievement
            from rows_
        )
        select entity_code, period, node_code, indicator_code, rollup_weight, actual_value,
            round(achievement * 100, 10) as achievement_pct
        from ratio
    """)

    # Roll-ups, bottom-up: operational objectives from their indicators (unrounded), then each
    # level from its child objectives rounded half-up to 2 decimals (§9.1).
    con.execute("""
        create or replace temp table node_periods as
        select n.entity_code, p.period, n.node_code, n.node_level, n.parent_code, n.rollup_weight
        from nodes as n
        inner join periods as p
            on n.entity_code = p.entity_code and p.period_year between n.start_year and n.end_year
    """)
    con.execute("""
        create or replace temp table ref_objective_results as
        select n.entity_code, n.period, n.node_code, n.node_level, n.parent_code, n.rollup_weight,
            round(sum(r.rollup_weight * r.achievement_pct) / nullif(sum(r.rollup_weight)
                filter (where r.achievement_pct is not null), 0), 10) as achievement_pct
        from node_periods as n
        left join ref_indicator_results as r
            on r.entity_code = n.entity_code and r.period = n.period and r.node_code = n.node_code
        where n.node_level = 'operational_objective'
        group by all
    """)
    for level in ("strategic_objective", "area"):
        con.execute(
            """
            insert into ref_objective_results
            select n.entity_code, n.period, n.node_code, n.node_level, n.parent_code, n.rollup_weight,
                round(sum(c.rollup_weight * round(c.achievement_pct::decimal(38, 10), 2)::double)
                    / nullif(sum(c.rollup_weight) filter (where c.achievement_pct is not null), 0), 10)
            from node_periods as n
            left join ref_objective_results as c
                on c.entity_code = n.entity_code and c.period = n.period and c.parent_code = n.node_code
            where n.node_level = ?
            group by all
            """,
            [level],
        )
    con.execute("""
        create or replace temp table ref_entity_results as
        select p.entity_code, p.period,
            round(sum(o.rollup_weight * round(o.achievement_pct::decimal(38, 10), 2)::double)
                filter (where o.node_level = 'area')
                / nullif(sum(o.rollup_weight) filter (where o.node_level = 'area' and o.achievement_pct is not null), 0),
                10) as overall_pct,
            round(avg(round(o.achievement_pct::decimal(38, 10), 2)::double)
                filter (where o.node_level = 'operational_objective'), 10) as operational_objectives_pct
        from periods as p
        left join ref_objective_results as o on o.entity_code = p.entity_code and o.period = p.period
        group by all
    """)
    return con


COMPARISONS = {
    # reference table, mart, key columns, compared columns (relative tolerance for values)
    "indicator": (
        "ref_indicator_results",
        "marts.fct_indicator_results",
        ["entity_code", "period", "node_code", "indicator_code"],
        ["achievement_pct", "actual_value"],
    ),
    "objective": (
        "ref_objective_results",
        "marts.fct_objective_results",
        ["entity_code", "period", "node_code"],
        ["achievement_pct"],
    ),
    "entity": (
        "ref_entity_results",
        "marts.fct_entity_results",
        ["entity_code", "period"],
        ["overall_pct", "operational_objectives_pct"],
    ),
}


def compare(con: duckdb.DuckDBPyConnection, warehouse: Path) -> dict[str, int]:
    """Row counts compared per level; raises AssertionError with the first differing rows."""
    con.execute(f"attach '{str(warehouse).replace(chr(39), chr(39) * 2)}' as built (read_only)")
    counts = {}
    try:
        for level, (ref, mart, keys, columns) in COMPARISONS.items():
            join = " and ".join(f"r.{k} = m.{k}" for k in keys)
            differs = " or ".join(
                f"(r.{c} is null) != (m.{c} is null) "
                f"or abs(r.{c} - m.{c}) > {TOLERANCE} * greatest(1, abs(m.{c}))"
                for c in columns
            )
            select_keys = ", ".join(f"coalesce(r.{k}, m.{k}) as {k}" for k in keys)
            select_values = ", ".join(f"r.{c} as ref_{c}, m.{c} as mart_{c}" for c in columns)
            missing = " or ".join(f"r.{keys[0]} is null or m.{keys[0]} is null" for _ in [0])
            sql = (
                f"select {select_keys}, r.{keys[0]} is not null as in_reference, "
                f"m.{keys[0]} is not null as in_marts, {select_values} "
                f"from {ref} as r full outer join built.{mart} as m on {join} "
                f"where {missing} or {differs} order by all"
            )
            bad = con.execute(sql).fetchall()
            total = con.execute(f"select count(*) from built.{mart}").fetchone()[0]
            if bad:
                names = [d[0] for d in con.description]
                shown = "\n".join(str(dict(zip(names, row, strict=True))) for row in bad[:5])
                raise AssertionError(
                    f"reference and {mart} differ on {len(bad)} of {total} rows; first ones:\n{shown}"
                )
            counts[level] = total
    finally:
        con.execute("detach built")
    return counts


def main(argv: list[str]) -> int:
    started = time.perf_counter()
    con = compute(Path(argv[0]))
    print(f"reference computed in {time.perf_counter() - started:.2f} s")
    if len(argv) > 1:
        print(compare(con, Path(argv[1])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
