"""Great Expectations (GX Core 1.x) on the tables dbt built: suites from expectations/suites.py,
one validation definition and checkpoint per suite, results stored in the warehouse and rendered
as Data Docs. The warehouse is read through a read-only connection into pandas (GX's SQL data
source returns no rows on DuckDB).

A failed `error` check carries the scope it concerns: the (entity_code, period) of every failing
row (GX's complete list of unexpected rows, indexed by the suite's scope columns), stored in
audit.validation_scopes. Publication withholds exactly those scopes (see orchestration/publish.py).
"""

import json
import logging
import re
import shutil
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pandas as pd

from expectations.suites import ERROR, Check, Suite, suites
from orchestration.period_control import TABLE as REQUESTED_PERIODS_TABLE
from orchestration.sql_identifiers import quote_identifier

SAMPLE_SIZE = 20
# Validation results (and their Data Docs pages) kept per suite on disk: GX renders every stored
# result at each Data Docs build, so an unbounded store makes every run slower. The outcomes of
# every run stay in audit.validation_results.
KEPT_VALIDATION_RUNS = 5
RUN_FOLDER = re.compile(r"\d{8}T\d{6}\.\d+Z")
RESULTS_TABLE = "audit.validation_results"
SCOPES_TABLE = "audit.validation_scopes"
SCOPE_SAMPLE_SIZE = 3

# (entity_code, period); period None: every period of the entity.
Scope = tuple[str, str | None]
GX_SEVERITY = {ERROR: "critical", "warning": "warning"}


@dataclass(frozen=True)
class CheckOutcome:
    suite: str
    check: str
    severity: str
    success: bool
    element_count: int
    unexpected_count: int
    failing_keys: list[dict]
    description: str
    # For a failed error of a suite that blocks publication: failing rows per scope, and whether
    # the failure concerns no identifiable scope (then the whole run is blocked).
    scopes: Mapping[Scope, "ScopeFailure"] = field(default_factory=dict)
    blocks_everything: bool = False
    # The rule's Italian label (check catalogue): what the console and the reports print.
    label_it: str = ""

    @property
    def label(self) -> str:
        return self.label_it or self.description

    @property
    def message(self) -> str:
        keys = "; ".join(
            " | ".join(f"{name}={value}" for name, value in key.items())
            for key in self.failing_keys[:5]
        )
        more = f" (+{self.unexpected_count - 5} altre)" if self.unexpected_count > 5 else ""
        return f"[{self.severity}] {self.suite}.{self.check}: {self.label} — righe non conformi: {keys}{more}"


@dataclass(frozen=True)
class ScopeFailure:
    failing_rows: int
    sample_keys: tuple[dict, ...]


@dataclass
class ValidationRun:
    run_id: str
    run_at: datetime
    outcomes: list[CheckOutcome] = field(default_factory=list)
    data_docs_index: Path | None = None

    @property
    def failures(self) -> list[CheckOutcome]:
        return [outcome for outcome in self.outcomes if not outcome.success]

    @property
    def errors(self) -> list[CheckOutcome]:
        return [outcome for outcome in self.failures if outcome.severity == ERROR]

    @property
    def warnings(self) -> list[CheckOutcome]:
        return [outcome for outcome in self.failures if outcome.severity != ERROR]

    @property
    def blocked_scopes(self) -> set[Scope]:
        """Every (entity_code, period or None) an error withholds from publication."""
        return {scope for outcome in self.errors for scope in outcome.scopes}

    @property
    def blocks_everything(self) -> bool:
        """An error that concerns no identifiable entity: nothing of the run may be published."""
        return any(outcome.blocks_everything for outcome in self.errors)

    @property
    def verdict(self) -> str:
        return "error" if self.errors else ("warning" if self.warnings else "ok")


def cap_in_force(database_path: Path, default_cap: float | None) -> float | None:
    """The bound of the achievement range checks: the highest cap in force. A scoring rule
    (raw_scoring_rules) may give an indicator a higher cap than the dbt var, or none (None).
    A warehouse not built yet, or built by a release without scoring rules, has the default."""
    with duckdb.connect(str(database_path), read_only=True) as connection:
        [(built,)] = connection.execute(
            "select count(*) from information_schema.columns where table_schema = 'marts'"
            " and table_name = 'dim_indicator' and column_name = 'cap_pct'"
        ).fetchall()
        if not built:
            return default_cap
        [(uncapped, highest)] = connection.execute(
            "select coalesce(bool_or(cap_pct is null), false), max(cap_pct) from marts.dim_indicator"
        ).fetchall()
    if default_cap is None or uncapped:
        return None
    return max(default_cap, highest if highest is not None else default_cap)


def checked_columns(suite: Suite) -> list[str]:
    """The columns a suite reads: its checks', and the keys and scope of a failing row."""
    names = [*suite.key_columns, suite.entity_column, suite.period_column]
    for check in suite.checks:
        names += [check.column] if check.column else []
        names += list(check.columns) if check.kind == "unique" else []
    return list(dict.fromkeys(names))


def read_tables(
    database_path: Path, selected: tuple[Suite, ...], run_id: str
) -> dict[str, pd.DataFrame | None]:
    """Every suite's table as a dataframe (the columns the suite reads), through one read-only
    connection closed before returning."""
    frames: dict[str, pd.DataFrame | None] = {}
    with duckdb.connect(str(database_path), read_only=True) as connection:
        existing = dict(
            connection.execute(
                "select table_schema || '.' || table_name, list(column_name) "
                "from information_schema.columns group by all"
            ).fetchall()
        )
        # The periods this run computed (none listed: every period).
        computes_some_periods = REQUESTED_PERIODS_TABLE in existing and bool(
            connection.execute(f"select count(*) from {REQUESTED_PERIODS_TABLE}").fetchone()[0]
        )
        for suite in selected:
            if suite.relation not in existing:
                if not suite.optional:
                    raise RuntimeError(
                        f"table {suite.relation} for suite {suite.name} is missing: run dbt build first"
                    )
                frames[suite.name] = None
                continue
            # A mart has tens of columns the suite never reads: at national scale, most of the time
            # and memory of reading it. A column a check names and the table lacks stays absent,
            # and the check fails saying so, as with every column read.
            columns = [name for name in checked_columns(suite) if name in existing[suite.relation]]
            selection = ", ".join(quote_identifier(name) for name in columns) or "*"
            # Relation and column names come from suites.py and the catalogue, never from data.
            sql = f"select {selection} from {suite.relation}"
            parameters: list = []
            if suite.current_run_only:
                sql += " where run_id = ?"
                parameters.append(run_id)
            elif suite.requested_periods_only and computes_some_periods:
                sql += f" where period in (select period from {REQUESTED_PERIODS_TABLE})"
            # A stable row order gives a stable sample of failing keys from run to run.
            sql += " order by " + ", ".join(f"{column} nulls first" for column in suite.key_columns)
            frames[suite.name] = connection.execute(sql, parameters).df()
    return frames


def expectation_for(check: Check):
    import great_expectations.expectations as gxe

    common = {"severity": GX_SEVERITY.get(check.severity, "warning"), "meta": {"check": check.name}}
    if check.kind == "true_column":
        return gxe.ExpectColumnValuesToBeInSet(column=check.column, value_set=[True], **common)
    if check.kind == "in_set":
        return gxe.ExpectColumnValuesToBeInSet(
            column=check.column, value_set=list(check.columns), **common
        )
    if check.kind == "not_in_set":
        return gxe.ExpectColumnValuesToNotBeInSet(
            column=check.column, value_set=list(check.columns), **common
        )
    if check.kind == "rule_absent":
        # Rows of the table that carry this rule's code are its failures. The row condition makes
        # each rule its own expectation (GX merges expectations of one kind on one column).
        from great_expectations.expectations.row_conditions import Column

        return gxe.ExpectColumnValuesToNotBeInSet(
            column=check.column,
            value_set=[check.rule_code],
            row_condition=Column(check.column) == check.rule_code,
            **common,
        )
    if check.kind == "null":
        return gxe.ExpectColumnValuesToBeNull(column=check.column, **common)
    if check.kind == "unique":
        return gxe.ExpectCompoundColumnsToBeUnique(column_list=list(check.columns), **common)
    if check.kind == "between":
        return gxe.ExpectColumnValuesToBeBetween(
            column=check.column, min_value=check.min_value, max_value=check.max_value, **common
        )
    if check.kind == "min_rows":
        return gxe.ExpectTableRowCountToBeBetween(min_value=int(check.min_value or 0), **common)
    raise ValueError(f"unknown check kind {check.kind!r} in {check.name}")


def failing_keys(
    result: dict, key_columns: tuple[str, ...], value_column: str | None
) -> list[dict]:
    """The keys (and the checked value, unless it is a True/False flag) of the first failing rows."""
    flag = value_column is None or value_column.startswith(("is_", "has_"))
    wanted = [*key_columns, *([] if flag else [value_column])]
    rows = result.get("unexpected_index_list") or []
    return [
        {name: _plain(row.get(name)) for name in wanted if name in row}
        for row in rows[:SAMPLE_SIZE]
        if isinstance(row, dict)
    ]


def sample_rows(details: dict, frame: pd.DataFrame, columns: list[str]) -> dict:
    """A SUMMARY result with its sample of failing rows as keys (GX gave their positions)."""
    positions = [
        position
        for position in details.get("partial_unexpected_index_list") or []
        if isinstance(position, int)
    ]
    sample = frame.loc[positions, columns].to_dict("records") if positions else []
    return {**details, "unexpected_index_list": sample}


def scope_columns(suite: Suite, columns) -> tuple[str, str | None] | None:
    """The entity and period columns a failing row is scoped by, as far as the table has them."""
    if suite.entity_column not in columns:
        return None
    return suite.entity_column, suite.period_column if suite.period_column in columns else None


def failing_scopes(
    result: dict,
    scoping: tuple[str, str | None] | None,
    key_columns: tuple[str, ...],
    value_column: str | None,
) -> tuple[dict[Scope, ScopeFailure], bool]:
    """Scopes of every failing row (not only the sample) and whether the failure blocks everything.

    Conservative: no entity column, no row-level list (a table-level check), a list shorter than
    the failure count or a failing row without an entity code blocks the whole run.
    """
    rows = [row for row in result.get("unexpected_index_list") or [] if isinstance(row, dict)]
    if scoping is None or not rows or len(rows) < int(result.get("unexpected_count") or 0):
        return {}, True
    entity_column, period_column = scoping
    counts: dict[Scope, int] = {}
    samples: dict[Scope, list[dict]] = {}
    for row in rows:
        entity = _plain(row.get(entity_column))
        if entity is None:
            return {}, True
        period = _plain(row.get(period_column)) if period_column else None
        scope = (str(entity), None if period is None else str(period))
        counts[scope] = counts.get(scope, 0) + 1
        if len(samples.setdefault(scope, [])) < SCOPE_SAMPLE_SIZE:
            samples[scope] += failing_keys(
                {"unexpected_index_list": [row]}, key_columns, value_column
            )
    return {
        scope: ScopeFailure(failing_rows=count, sample_keys=tuple(samples[scope]))
        for scope, count in counts.items()
    }, False


def _plain(value):
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


# The file data context of each GX folder, opened once per process (a run validates in steps).
_CONTEXTS: dict[Path, object] = {}
# Per GX root: suite name -> (definition signature, checkpoint), see prepared_checkpoint.
_PREPARED: dict[Path, dict[str, tuple[str, object]]] = {}
_DATASOURCES: dict[Path, object] = {}


def prune_validation_results(gx_dir: Path, kept_runs: int = KEPT_VALIDATION_RUNS) -> int:
    """Remove all but the newest `kept_runs` results of each suite from GX's validation store and
    their pages from the Data Docs site (`gx_dir`: the context's own folder, where `uncommitted/`
    is); returns how many run folders went."""
    uncommitted = Path(gx_dir) / "uncommitted"
    removed = 0
    for tree in (
        uncommitted / "validations",
        uncommitted / "data_docs" / "local_site" / "validations",
    ):
        runs_by_parent: dict[Path, list[Path]] = {}
        for folder in tree.rglob("*") if tree.is_dir() else ():
            if folder.is_dir() and RUN_FOLDER.fullmatch(folder.name):
                runs_by_parent.setdefault(folder.parent, []).append(folder)
        for runs in runs_by_parent.values():
            # The folder name is the run's UTC time in ISO basic form: sorting by name is by time.
            for folder in sorted(runs, key=lambda path: path.name)[:-kept_runs]:
                shutil.rmtree(folder, ignore_errors=True)
                removed += 1
    return removed


def gx_context(gx_root: Path):
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    gx_root = Path(gx_root).resolve()
    if gx_root not in _CONTEXTS or not gx_root.exists():
        gx_root.mkdir(parents=True, exist_ok=True)
        context = gx.get_context(mode="file", project_root_dir=str(gx_root))
        context.variables.progress_bars = ProgressBarsConfig(globally=False)
        context.variables.save()
        read_config_variables_once(context)
        _CONTEXTS[gx_root] = context
        _PREPARED.pop(gx_root, None)
        _DATASOURCES.pop(gx_root, None)
    return _CONTEXTS[gx_root]


def read_config_variables_once(context) -> None:
    """GX reads and parses uncommitted/config_variables.yml at every read of a context variable
    (about 70 per suite validated, a third of a small suite's time). The project defines none and
    nothing edits the file while the context lives: its values are read once."""
    from great_expectations.core.config_provider import (
        _ConfigurationVariablesConfigurationProvider,
    )

    provider = context.config_provider.get_provider(_ConfigurationVariablesConfigurationProvider)
    if provider is not None:
        values = provider.get_values()
        provider.get_values = lambda: dict(values)


def prepared_checkpoint(context, gx_root: Path, suite: Suite, batch, result_format: dict):
    """The suite's checkpoint, stored once per process and definition: GX's add_or_update of the
    suite, validation definition and checkpoint rewrites and re-reads their files each time."""
    import great_expectations as gx

    gx_suite = gx.ExpectationSuite(name=suite.name)
    for check in suite.checks:
        gx_suite.add_expectation_configuration(expectation_for(check).configuration)
    signature = json.dumps(
        [[e.configuration.to_json_dict() for e in gx_suite.expectations], result_format],
        sort_keys=True,
        default=str,
    )
    prepared = _PREPARED.setdefault(gx_root, {})
    if suite.name in prepared and prepared[suite.name][0] == signature:
        return prepared[suite.name][1]
    gx_suite = context.suites.add_or_update(gx_suite)
    definition = context.validation_definitions.add_or_update(
        gx.ValidationDefinition(name=suite.name, data=batch, suite=gx_suite)
    )
    checkpoint = context.checkpoints.add_or_update(
        gx.Checkpoint(
            name=f"pira_{suite.name}",
            validation_definitions=[definition],
            actions=[],
            result_format=result_format,
        )
    )
    prepared[suite.name] = (signature, checkpoint)
    return checkpoint


def validate_warehouse(
    database_path: Path,
    gx_root: Path,
    run_id: str | None = None,
    achievement_cap_pct: float | None = 100,
    suite_names: set[str] | None = None,
    build_docs: bool = True,
) -> ValidationRun:
    """Run the suites (all, or those named) against the built warehouse; store the outcomes; build
    the Data Docs (a run validating in several steps builds them at its last)."""
    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    run = ValidationRun(run_id=run_id or uuid.uuid4().hex[:12], run_at=datetime.now(UTC))
    selected = tuple(
        suite
        for suite in suites(cap_in_force(database_path, achievement_cap_pct))
        if suite_names is None or suite.name in suite_names
    )
    frames = read_tables(database_path, selected, run.run_id)

    context = gx_context(gx_root)
    gx_root_dir = Path(context.root_directory)
    # Added once per context: replacing it (add_or_update) would make every stored checkpoint stale.
    if gx_root_dir not in _DATASOURCES:
        _DATASOURCES[gx_root_dir] = context.data_sources.add_or_update_pandas("pira_warehouse")
    datasource = _DATASOURCES[gx_root_dir]
    for suite in selected:
        frame = frames[suite.name]
        if frame is None:
            continue
        asset = next(
            (a for a in datasource.assets if a.name == suite.name), None
        ) or datasource.add_dataframe_asset(suite.name)
        batch = next((b for b in asset.batch_definitions if b.name == "whole_table"), None)
        batch = batch or asset.add_batch_definition_whole_dataframe("whole_table")
        key_columns = [name for name in suite.key_columns if name in frame.columns]
        scoping = scope_columns(suite, frame.columns)
        # The scope columns join the index columns: every failing row says what it concerns.
        index_columns = [*key_columns, *(c for c in scoping or () if c and c not in key_columns)]
        # A blocking error needs every failing row (its scopes); a warning only a sample of keys.
        # GX builds a dict per failing row when index columns are named (tens of thousands of
        # uncovered targets at national scale): for warnings it lists row positions instead, and
        # the sample's keys are read from the frame.
        every_failing_row = suite.blocks_publication and any(
            check.severity == ERROR for check in suite.checks
        )
        result_format = (
            {"result_format": "COMPLETE", "unexpected_index_column_names": index_columns}
            if every_failing_row
            else {"result_format": "SUMMARY", "partial_unexpected_count": SAMPLE_SIZE}
        )
        checkpoint = prepared_checkpoint(context, gx_root_dir, suite, batch, result_format)
        result = checkpoint.run(batch_parameters={"dataframe": frame}, run_id=None)
        by_name = {check.name: check for check in suite.checks}
        for validation in result.run_results.values():
            for expectation_result in validation.results:
                check = by_name[expectation_result.expectation_config.meta["check"]]
                details = expectation_result.result or {}
                if not every_failing_row:
                    # The checked value beside the keys, as GX's own rows carry it.
                    sampled = [
                        *index_columns,
                        *([check.column] if check.column in frame.columns else []),
                    ]
                    details = sample_rows(details, frame, list(dict.fromkeys(sampled)))
                blocking = (
                    suite.blocks_publication
                    and check.severity == ERROR
                    and not expectation_result.success
                )
                scopes, everything = (
                    failing_scopes(details, scoping, tuple(key_columns), check.column)
                    if blocking
                    else ({}, False)
                )
                run.outcomes.append(
                    CheckOutcome(
                        suite=suite.name,
                        check=check.name,
                        severity=check.severity,
                        success=bool(expectation_result.success),
                        element_count=int(
                            details.get("element_count") or details.get("observed_value") or 0
                        )
                        if check.kind != "min_rows"
                        else int(details.get("observed_value") or 0),
                        unexpected_count=int(
                            details.get("unexpected_count")
                            or (0 if expectation_result.success else 1)
                        ),
                        failing_keys=failing_keys(details, tuple(key_columns), check.column),
                        description=check.description,
                        scopes=scopes,
                        blocks_everything=everything,
                        label_it=check.label_it,
                    )
                )
    if build_docs:
        # One Data Docs build (an action per checkpoint would rebuild the site each time).
        prune_validation_results(Path(context.root_directory))
        context.build_data_docs()
        sites = context.get_docs_sites_urls()
        if sites:
            run.data_docs_index = Path(sites[0]["site_url"].removeprefix("file://"))
    store_outcomes(database_path, run)
    return run


def scope_message(outcome: CheckOutcome, scope: Scope | None) -> str:
    """Why a scope (None: the whole run) is withheld: the check, its rule, the failing rows there."""
    if scope is None:
        return (
            f"[error] {outcome.suite}.{outcome.check}: {outcome.label} — "
            "the failure names no entity, so nothing of the run is published"
        )
    failure = outcome.scopes[scope]
    keys = "; ".join(
        " | ".join(f"{name}={value}" for name, value in key.items()) for key in failure.sample_keys
    )
    more = (
        f" (+{failure.failing_rows - len(failure.sample_keys)} more)"
        if (failure.failing_rows > len(failure.sample_keys))
        else ""
    )
    return (
        f"[error] {outcome.suite}.{outcome.check}: {outcome.label} — "
        f"{failure.failing_rows} failing row(s): {keys}{more}"
    )


def store_outcomes(database_path: Path, run: ValidationRun) -> None:
    """Append the run's outcomes to audit.validation_results (history of every run) and the scopes
    its errors withhold to audit.validation_scopes (entity_code null: the whole run)."""
    rows = [
        (
            run.run_id,
            run.run_at.replace(tzinfo=None),
            outcome.suite,
            outcome.check,
            outcome.severity,
            outcome.success,
            outcome.element_count,
            outcome.unexpected_count,
            json.dumps(outcome.failing_keys, default=str, ensure_ascii=False),
            outcome.description,
        )
        for outcome in run.outcomes
    ]
    with duckdb.connect(str(database_path)) as connection:
        connection.execute("create schema if not exists audit")
        connection.execute(
            f"""
            create table if not exists {RESULTS_TABLE} (
                run_id varchar, run_at timestamp, suite varchar, expectation varchar, severity varchar,
                success boolean, element_count bigint, unexpected_count bigint, failing_keys_sample varchar,
                description varchar
            )
            """
        )
        if rows:
            connection.executemany(
                f"insert into {RESULTS_TABLE} values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows
            )
        connection.execute(
            f"""
            create table if not exists {SCOPES_TABLE} (
                run_id varchar, suite varchar, expectation varchar, entity_code varchar,
                period varchar, blocks_everything boolean, failing_rows bigint, message varchar
            )
            """
        )
        scope_rows = [
            (run.run_id, outcome.suite, outcome.check, None, None, True, outcome.unexpected_count,
             scope_message(outcome, None))
            for outcome in run.errors
            if outcome.blocks_everything
        ] + [
            (run.run_id, outcome.suite, outcome.check, entity, period, False,
             failure.failing_rows, scope_message(outcome, (entity, period)))
            for outcome in run.errors
            for (entity, period), failure in sorted(
                outcome.scopes.items(), key=lambda item: (item[0][0], item[0][1] or "")
            )
        ]  # fmt: skip
        if scope_rows:
            connection.executemany(
                f"insert into {SCOPES_TABLE} values (?, ?, ?, ?, ?, ?, ?, ?)", scope_rows
            )
