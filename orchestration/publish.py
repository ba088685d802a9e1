"""Publication: the checked build becomes a new version of the published warehouse, made visible
whole (DuckDB copy, Parquet export and reports together) by one atomic switch.

    warehouse/published/
        versions/<UTC stamp>_<run id>/   pira.duckdb, parquet/<mart>/..., reports/, manifest.json
        current -> versions/<...>        the switch: a symlink replaced with os.replace
        pira.duckdb -> current/pira.duckdb, parquet -> current/parquet   stable reader paths
        pdf_cache/<fingerprint>.pdf      the last run's report PDFs, by what they were printed from
    reports/ ($PIRA_REPORTS_DIR) -> warehouse/published/current/reports

Three steps, in this order (Dagster assets published_warehouse, pira_reports, publication;
orchestration/pipeline.py calls publish_run, which calls the same three):

1. stage_version: copy the build into a new version folder. An `error` withholds the entities and
   periods of its failing rows: for those scopes every figure table keeps the rows of the previous
   published version (no previous version: the scope is absent); the quality marts show the new
   run's problems whole. What was withheld and why goes to audit.publication_withheld in the copy.
   Then the marts are exported as Parquet.
2. render_reports: the reports, from the staged copy, into the version's reports/.
3. switch_version: manifest.json (the mark of a complete version), sync to disk, switch `current`,
   create the reader links once, prune old versions (never the current one).

A kill before the switch leaves the old version current and whole (the new folder, unreferenced,
is pruned later); after it, the new one. Readers that opened a file keep reading the version they
opened: nothing is rewritten in place.
"""

import itertools
import json
import logging
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from orchestration import console
from orchestration.pause import pause_point
from orchestration.period_control import requested_periods
from orchestration.reports import build_all_reports
from orchestration.reports.pdf import ChromiumMissing, print_pdfs
from orchestration.sql_identifiers import quote_identifier

LOGGER = logging.getLogger(__name__)
VERSIONS_DIR = "versions"
CURRENT_LINK = "current"
MANIFEST = "manifest.json"
STAGING_NOTE = "staging.json"  # written while a version is staged; replaced by the manifest
PARQUET_DIR = "parquet"
REPORTS_DIR = "reports"
# The PDFs of the last run's pages by what they were printed from (reports/pdf.py): an unchanged
# page is copied, not printed again.
PDF_CACHE_DIR = "pdf_cache"
DEFAULT_KEEP = 5
# An unfinished version folder younger than this may belong to a publication in progress.
STALE_STAGING_SECONDS = 3600

# These marts describe the run's input problems: they are the new run's, whole, even where its
# figures are withheld.
QUALITY_MARTS = frozenset(
    {"fct_data_quality_issues", "fct_quarantined_rows", "fct_row_reconciliation"}
)
WITHHELD_TABLE = "audit.publication_withheld"
# The message of a scope withheld again by a run that did not compute its period (carried_scopes).
CARRIED_PREFIX = "periodo non ricalcolato da questa esecuzione, ancora trattenuto (versione"
# The figures of closed periods as published (append-only): see stage_version.
HISTORY_TABLE = ("marts", "fct_published_results_history")
SCOPES_TABLE = "audit.validation_scopes"
RESULTS_TABLE = "audit.validation_results"
RUN_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,63}$")
# Files the earlier, unversioned layout wrote into the reports folder (safe to remove on migration).
GENERATED_REPORT_SUFFIXES = (".html", ".xlsx", ".pdf")
# "0": no PDF of the reports (the tests' job runs, except tests/test_annex.py, save Chromium's time).
PDF_ENV_VAR = "PIRA_REPORT_PDF"
CHROMIUM_MISSING_IT = (
    "AVVISO: Chromium non è installato, PDF dei report non generati (HTML e XLSX pubblicati); "
    "per i PDF: make browser"
)


class PublicationBlocked(RuntimeError):
    """An error of the run concerns no identifiable entity: nothing of it may be published."""


@dataclass(frozen=True)
class Withheld:
    """A scope an error keeps out of this publication (entity_code None: the whole run)."""

    entity_code: str | None
    period: str | None  # None: every period of the entity
    suite: str
    check: str
    failing_rows: int
    message: str

    @property
    def blocks_everything(self) -> bool:
        return self.entity_code is None

    @property
    def label(self) -> str:
        return f"{self.entity_code} {self.period or '(tutti i periodi)'}"


@dataclass(frozen=True)
class StagedVersion:
    run_id: str
    folder: Path
    database_name: str

    @property
    def database(self) -> Path:
        return self.folder / self.database_name

    @property
    def parquet(self) -> Path:
        return self.folder / PARQUET_DIR

    @property
    def reports(self) -> Path:
        return self.folder / REPORTS_DIR

    @property
    def manifest(self) -> Path:
        return self.folder / MANIFEST

    @property
    def pdf_cache(self) -> Path:
        return self.folder.parent.parent / PDF_CACHE_DIR  # <root>/versions/<version>/ -> <root>/

    def note(self) -> dict:
        return json.loads((self.folder / STAGING_NOTE).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Publication:
    version: Path
    manifest: dict
    withheld: list[Withheld]


def _check_run_id(run_id: str) -> str:
    if not RUN_ID_PATTERN.fullmatch(run_id):
        raise ValueError(f"run id {run_id!r} is not a valid version name part ([A-Za-z0-9-], ≤ 64)")
    return run_id


def published_root(published_path: Path) -> Path:
    return published_path.parent


def current_version(published_path: Path) -> Path | None:
    """The version folder readers see now, or None before the first versioned publication."""
    link = published_root(published_path) / CURRENT_LINK
    if not link.is_symlink():
        return None
    folder = link.resolve()
    return folder if (folder / MANIFEST).is_file() else None


def current_manifest(published_path: Path) -> dict | None:
    folder = current_version(published_path)
    return json.loads((folder / MANIFEST).read_text(encoding="utf-8")) if folder else None


def previous_database(published_path: Path) -> tuple[Path | None, str | None]:
    """The published copy a new version starts from (its kept scopes) and that version's name.

    Before the first versioned publication the stable path may still be a plain file (the earlier
    layout): it counts as the previous version, named `legacy`.
    """
    folder = current_version(published_path)
    if folder is not None:
        database = folder / published_path.name
        return (database if database.is_file() else None), folder.name
    if published_path.is_file() and not published_path.is_symlink():
        return published_path, "legacy"
    return None, None


def withheld_scopes(build_path: Path, published_path: Path, run_id: str) -> list[Withheld]:
    """What the run's `error` checks withhold, from audit.validation_scopes of the build.

    The run must have been validated: publishing unchecked tables is refused (PublicationBlocked,
    the build's history of published figures put back first: see restore_published_history).
    """
    rows: list[tuple] = []
    with duckdb.connect(str(build_path), read_only=True) as connection:
        tables = {
            f"{schema}.{table}"
            for schema, table in connection.execute(
                "select table_schema, table_name from information_schema.tables "
                "where table_schema = 'audit'"
            ).fetchall()
        }
        validated = (
            RESULTS_TABLE in tables
            and connection.execute(
                f"select count(*) from {RESULTS_TABLE} where run_id = ? and suite <> 'landing_files'",
                [run_id],
            ).fetchone()[0]
        )
        if validated and SCOPES_TABLE in tables:
            rows = connection.execute(
                f"""
                select entity_code, period, suite, expectation, failing_rows, message
                from {SCOPES_TABLE} where run_id = ?
                order by blocks_everything desc, entity_code, period nulls first, suite, expectation
                """,
                [run_id],
            ).fetchall()
    if not validated:
        # After the read-only connection is closed: the restore writes to the build.
        restore_published_history(build_path, published_path)
        raise PublicationBlocked(
            f"run {run_id} has no Great Expectations results: the warehouse checks must run "
            "before publication"
        )
    withheld = [Withheld(*row) for row in rows]
    return withheld + carried_scopes(requested_periods(build_path), published_path, withheld)


def carried_scopes(
    computed_periods: list[str], published_path: Path, withheld: list[Withheld]
) -> list[Withheld]:
    """The current version's withheld periods that this run did not compute, withheld again.

    A run for some periods validates those (the checks of the period models and facts read the
    run's periods): another period withheld earlier still holds, in the build, the figures its
    checks refused, and stays withheld until a run computes it again (fixed or not). A run for
    every period (no period requested) validates every row: nothing is carried.
    """
    manifest = current_manifest(published_path) if computed_periods else None
    if not manifest:
        return []
    scopes = {(item.entity_code, item.period) for item in withheld}
    carried = []
    for item in (Withheld(**fields) for fields in manifest.get("withheld", [])):
        if item.period is None or item.period in computed_periods:
            continue
        if (item.entity_code, item.period) in scopes:
            continue
        message = item.message
        if not message.startswith(CARRIED_PREFIX):
            message = f"{CARRIED_PREFIX} {manifest.get('version')}): {message}"
        carried.append(replace(item, message=message))
    return carried


def _scopes(withheld: Iterable[Withheld]) -> list[tuple[str, str | None]]:
    """Distinct scopes, a period dropped when its whole entity is withheld anyway."""
    scopes = {(item.entity_code, item.period) for item in withheld}
    return sorted(
        (scope for scope in scopes if scope[1] is None or (scope[0], None) not in scopes),
        key=lambda scope: (scope[0], scope[1] or ""),
    )


def _table_columns(connection: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], list[str]]:
    rows = connection.execute(
        """
        select c.table_schema, c.table_name, list(c.column_name order by c.ordinal_position)
        from information_schema.columns as c
        join information_schema.tables as t
            on t.table_schema = c.table_schema and t.table_name = c.table_name
        where t.table_type = 'BASE TABLE' and t.table_catalog = current_database()
        group by c.table_schema, c.table_name
        """
    ).fetchall()
    return {(schema, table): columns for schema, table, columns in rows}


def figure_tables(columns: dict[tuple[str, str], list[str]]) -> list[tuple[str, str]]:
    """Tables whose rows of a withheld scope keep their previous published version."""
    marts = [key for key in columns if key[0] == "marts" and key[1] not in QUALITY_MARTS]
    return sorted(marts)


def keep_previous_rows(
    connection: duckdb.DuckDBPyConnection,
    previous: Path | None,
    withheld: list[Withheld],
    scratch: Path,
    tables: list[tuple[str, str]] | None = None,
) -> None:
    """In the staged copy, replace the rows of every withheld scope by the previous version's
    (in every figure table, or only those named)."""
    scopes = _scopes(withheld)
    if not scopes:
        return
    columns = _table_columns(connection)
    previous_connection = duckdb.connect(str(previous), read_only=True) if previous else None
    scratch.mkdir(parents=True, exist_ok=True)
    try:
        previous_columns = _table_columns(previous_connection) if previous_connection else {}
        files = itertools.count()
        for schema, table in tables or figure_tables(columns):
            if (schema, table) not in columns:
                continue
            new = columns[(schema, table)]
            old = previous_columns.get((schema, table), [])
            name = f"{quote_identifier(schema)}.{quote_identifier(table)}"
            for entity, period in scopes:
                if "entity_code" not in new or (period is not None and "period" not in new):
                    continue  # a table without the scope's columns is not about it
                where = "entity_code = ?" + ("" if period is None else " and period = ?")
                parameters = [entity] + ([] if period is None else [period])
                connection.execute(f"delete from {name} where {where}", parameters)
                if "entity_code" not in old or (period is not None and "period" not in old):
                    continue  # no previous version of these rows: the scope stays absent
                shared = ", ".join(quote_identifier(column) for column in new if column in old)
                rows_file = scratch / f"{next(files)}.parquet"
                _copy_rows(
                    previous_connection, connection, name, shared, where, parameters, rows_file
                )
    finally:
        if previous_connection is not None:
            previous_connection.close()
        shutil.rmtree(scratch, ignore_errors=True)


def _copy_rows(
    source: duckdb.DuckDBPyConnection,
    target: duckdb.DuckDBPyConnection,
    name: str,
    shared: str,
    where: str,
    parameters: list,
    rows_file: Path,
) -> None:
    """Insert the rows of `name` matching `where` from one database into the other."""
    # Rows move through a Parquet file: exact types, and no file path inside SQL text.
    source.sql(f"select {shared} from {name} where {where}", params=parameters).write_parquet(
        str(rows_file)
    )
    target.read_parquet(str(rows_file)).create_view("kept_rows", replace=True)
    target.execute(f"insert into {name} ({shared}) select {shared} from kept_rows")
    target.execute("drop view kept_rows")


def restore_published_history(build_path: Path, published_path: Path) -> None:
    """Nothing of the run is published: the build's history of published figures goes back to the
    current version's, so that versions this build appended, which no reader saw, are not kept."""
    previous, _ = previous_database(published_path)
    schema, table = HISTORY_TABLE
    name = f"{quote_identifier(schema)}.{quote_identifier(table)}"
    with duckdb.connect(str(build_path)) as connection:
        new = _table_columns(connection).get(HISTORY_TABLE)
        if new is None:
            return
        connection.execute(f"delete from {name}")
        if previous is None:
            return
        with duckdb.connect(str(previous), read_only=True) as previous_connection:
            old = _table_columns(previous_connection).get(HISTORY_TABLE, [])
            shared = ", ".join(quote_identifier(column) for column in new if column in old)
            if not shared:
                return
            with tempfile.TemporaryDirectory(dir=build_path.parent) as scratch:
                rows_file = Path(scratch) / "history.parquet"
                _copy_rows(previous_connection, connection, name, shared, "true", [], rows_file)


def record_withheld(
    connection: duckdb.DuckDBPyConnection,
    run_id: str,
    version: str,
    withheld: list[Withheld],
    kept_from: str | None,
) -> None:
    """audit.publication_withheld: this version's withheld scopes, the check and why, where from."""
    connection.execute("create schema if not exists audit")
    connection.execute(
        f"""
        create or replace table {WITHHELD_TABLE} (
            run_id varchar, version varchar, entity_code varchar, period varchar, suite varchar,
            expectation varchar, failing_rows bigint, message varchar, kept_from_version varchar
        )
        """
    )
    if withheld:
        connection.executemany(
            f"insert into {WITHHELD_TABLE} values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (run_id, version, item.entity_code, item.period, item.suite, item.check,
                 item.failing_rows, item.message, kept_from)
                for item in withheld
            ],
        )  # fmt: skip


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def stage_version(
    build_path: Path, published_path: Path, run_id: str, withheld: list[Withheld]
) -> StagedVersion:
    """Step 1: the new version's DuckDB copy (withheld scopes kept as previously published) and Parquet."""
    _check_run_id(run_id)
    if any((published_path.parent / name).exists() for name in (MANIFEST, STAGING_NOTE)):
        raise ValueError(
            f"{published_path} is inside a published version: give the stable path "
            "(warehouse/published/pira.duckdb), not the file it links to"
        )
    everything = [item for item in withheld if item.blocks_everything]
    if everything:
        restore_published_history(build_path, published_path)
        raise PublicationBlocked(
            "nothing is published: " + "; ".join(item.message for item in everything)
        )
    with duckdb.connect(str(build_path)) as connection:
        connection.execute("checkpoint")
    previous, previous_name = previous_database(published_path)
    versions = published_root(published_path) / VERSIONS_DIR
    versions.mkdir(parents=True, exist_ok=True)
    folder = versions / f"{_stamp()}_{run_id}"
    folder.mkdir()
    staged = StagedVersion(run_id=run_id, folder=folder, database_name=published_path.name)
    shutil.copyfile(build_path, staged.database)
    with duckdb.connect(str(staged.database)) as connection:
        keep_previous_rows(connection, previous, withheld, folder / ".kept")
        record_withheld(connection, run_id, folder.name, withheld, previous_name)
        connection.execute("checkpoint")
    # A history version written by this run for a withheld scope was never published: the build
    # keeps the published history, so a fixed input is compared with what readers saw.
    with duckdb.connect(str(build_path)) as connection:
        keep_previous_rows(connection, previous, withheld, folder / ".history", [HISTORY_TABLE])
    export_parquet(staged.database, staged.parquet)
    note = {
        "run_id": run_id,
        "version": folder.name,
        "staged_at": datetime.now(UTC).isoformat(),
        "previous_version": previous_name,
        "withheld": [asdict(item) for item in withheld],
    }
    _write_json(folder / STAGING_NOTE, note)
    return staged


def staged_version(published_path: Path, run_id: str) -> StagedVersion:
    """The version a run staged (step 1), for the steps that follow it in another process step."""
    _check_run_id(run_id)
    folders = sorted(
        folder
        for folder in (published_root(published_path) / VERSIONS_DIR).glob(f"*_{run_id}")
        if (folder / STAGING_NOTE).is_file()
    )
    if not folders:
        raise FileNotFoundError(
            f"run {run_id} staged no version under {published_root(published_path)}"
        )
    return StagedVersion(run_id=run_id, folder=folders[-1], database_name=published_path.name)


def export_parquet(database_path: Path, export_dir: Path) -> Path:
    """Every mart as Parquet, partitioned by entity and period where it has them (hive layout).

    Every column of the mart is in the files, partition keys included; fractions (0-1) and period
    end dates are mart columns (dbt), so the export only copies.
    """
    export_dir.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(database_path), read_only=True) as connection:
        marts = connection.execute(
            """
            select table_name, list(column_name) from information_schema.columns
            where table_schema = 'marts' and table_catalog = current_database()
            group by table_name order by table_name
            """
        ).fetchall()
        for number, (table, columns) in enumerate(marts):
            relation = connection.table(f"marts.{quote_identifier(table)}")
            partitions = [column for column in ("entity_code", "period") if column in columns]
            if (
                partitions
                and connection.execute(
                    f"select count(*) from marts.{quote_identifier(table)}"
                ).fetchone()[0]
            ):
                # The partition keys stay inside each file too: a BI tool reading one file (or
                # not decoding the folder names) still sees entity_code and period.
                relation.write_parquet(
                    str(export_dir / table), partition_by=partitions, write_partition_columns=True
                )
            else:  # an empty mart still gets one file that carries its schema
                relation.write_parquet(str(export_dir / f"{table}.parquet"))
            if number == 0:
                pause_point("parquet")
    return export_dir


def render_reports(staged: StagedVersion) -> list[Path]:
    """Step 2: the reports of every entity and period, from the staged copy, into the version.
    Chromium prints the PDFs while the workbooks are written."""
    if os.environ.get(PDF_ENV_VAR, "1") == "0":
        return build_all_reports(staged.database, staged.reports)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pdf") as printer:
        printing: list[Future] = []
        paths = build_all_reports(
            staged.database,
            staged.reports,
            after_html=lambda html_paths: printing.append(
                printer.submit(print_report_pdfs, html_paths, staged.pdf_cache)
            ),
        )
        return paths + printing[0].result()


def print_report_pdfs(paths: list[Path], cache_dir: Path | None = None) -> list[Path]:
    """The PDF beside each HTML report; without Chromium one console line says so, nothing fails."""
    try:
        return print_pdfs([path for path in paths if path.suffix == ".html"], cache_dir)
    except ChromiumMissing:
        console.say(CHROMIUM_MISSING_IT)
        LOGGER.warning("chromium is missing: no PDF of the reports (make browser installs it)")
        return []


def _write_json(path: Path, content: dict) -> None:
    incoming = path.with_name(f".{path.name}.incoming")
    incoming.write_text(json.dumps(content, indent=2, ensure_ascii=False), encoding="utf-8")
    os.replace(incoming, path)


def _replace_with_symlink(path: Path, target: str | Path) -> None:
    """Point `path` at `target` in one step: a temporary symlink renamed over it."""
    incoming = path.with_name(f".{path.name}.{os.getpid()}.link")
    if incoming.is_symlink() or incoming.exists():
        incoming.unlink()
    os.symlink(target, incoming)
    os.replace(incoming, path)


def _sync_directory(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def switch_version(
    staged: StagedVersion,
    published_path: Path,
    reports_dir: Path | None = None,
    keep: int = DEFAULT_KEEP,
) -> Publication:
    """Step 3: mark the version complete, make it current in one rename, then links and pruning."""
    note = staged.note()
    manifest = {
        **note,
        "published_at": datetime.now(UTC).isoformat(),
        "database": staged.database_name,
        "parquet": sorted(path.name for path in staged.parquet.iterdir()),
        "reports": sorted(path.name for path in staged.reports.iterdir())
        if staged.reports.is_dir()
        else [],
    }
    _write_json(staged.manifest, manifest)
    (staged.folder / STAGING_NOTE).unlink()
    # The version reaches the disk before it becomes current: a reboot cannot expose a torn one.
    os.sync()
    root = published_root(published_path)
    pause_point("switch")
    _replace_with_symlink(root / CURRENT_LINK, Path(VERSIONS_DIR) / staged.folder.name)
    _sync_directory(root)
    pause_point("switched")
    ensure_reader_links(published_path, reports_dir)
    prune_versions(published_path, keep)
    withheld = [Withheld(**item) for item in manifest["withheld"]]
    return Publication(version=staged.folder, manifest=manifest, withheld=withheld)


def _link(path: Path, target: str, migrate_dir) -> None:
    """Make `path` a symlink to `target`, migrating what the unversioned layout left there."""
    if path.is_symlink():
        if os.readlink(path) != target:
            _replace_with_symlink(path, target)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_dir():
        migrate_dir(path)
        aside = path.with_name(f".{path.name}.unversioned")
        shutil.rmtree(aside, ignore_errors=True)
        os.replace(path, aside)
        _replace_with_symlink(path, target)
        shutil.rmtree(aside)
        return
    # A plain file (the earlier published copy) or nothing: one rename either way.
    _replace_with_symlink(path, target)


def _reports_migratable(path: Path) -> None:
    others = [
        entry.name
        for entry in path.iterdir()
        if not (entry.is_file() and entry.suffix in GENERATED_REPORT_SUFFIXES)
    ]
    if others:
        raise RuntimeError(
            f"the reports folder {path} holds files that are not reports ({', '.join(sorted(others)[:5])}): "
            "move them, or point PIRA_REPORTS_DIR at a new path, and publish again"
        )


def ensure_reader_links(published_path: Path, reports_dir: Path | None) -> None:
    """The stable paths readers use, each a symlink through `current` (created once)."""
    root = published_root(published_path)
    _link(published_path, f"{CURRENT_LINK}/{published_path.name}", lambda path: None)
    _link(root / PARQUET_DIR, f"{CURRENT_LINK}/{PARQUET_DIR}", lambda path: None)
    if reports_dir is not None:
        target = os.path.relpath(root / CURRENT_LINK / REPORTS_DIR, reports_dir.parent)
        _link(reports_dir, target, _reports_migratable)


def prune_versions(published_path: Path, keep: int = DEFAULT_KEEP) -> list[Path]:
    """Remove versions beyond the `keep` newest complete ones; never the current one.

    An unfinished folder (a killed publication) goes once it is older than an hour.
    """
    if keep < 1:
        raise ValueError(f"keep must be at least 1, not {keep}")
    versions = published_root(published_path) / VERSIONS_DIR
    current = current_version(published_path)
    folders = sorted(folder for folder in versions.iterdir() if folder.is_dir())
    complete = [folder for folder in folders if (folder / MANIFEST).is_file()]
    kept = set(complete[-keep:]) | ({current} if current else set())
    removed = []
    for folder in folders:
        if folder in kept:
            continue
        if folder not in complete and time.time() - folder.stat().st_mtime < STALE_STAGING_SECONDS:
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


def publish_run(
    build_path: Path,
    published_path: Path,
    run_id: str,
    reports_dir: Path | None = None,
    keep: int = DEFAULT_KEEP,
) -> Publication:
    """The whole publication of a validated run: stage, reports, switch (the Dagster assets' order)."""
    withheld = withheld_scopes(build_path, published_path, run_id)
    staged = stage_version(build_path, published_path, run_id, withheld)
    render_reports(staged)
    return switch_version(staged, published_path, reports_dir, keep)
