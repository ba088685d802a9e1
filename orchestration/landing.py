"""Measure extract files dropped in the landing folder, checked and appended to raw_landing.measure_values.

A file is read as UTF-8 (or, flagged, as Windows-1252/Latin-1 as Excel writes it) with a comma
delimiter and exactly the expected header; a file that cannot be read that way is rejected whole
with a message naming the file and the problem. Every file's verdict goes to audit.landing_files,
which the `landing_files` suite validates; loaded rows keep their file name and line.
"""

import csv
import hashlib
import io
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

EXPECTED_COLUMNS = (
    "entity_code",
    "period",
    "measure_code",
    "value_raw",
    "unit_raw",
    "source",
    "extracted_at",
)
LANDING_TABLE = "raw_landing.measure_values"
FILES_TABLE = "audit.landing_files"


@dataclass(frozen=True)
class FileVerdict:
    file_name: str
    status: str  # loaded | loaded_with_warnings | rejected | already_loaded
    message: str
    row_count: int
    periods: tuple[str, ...] = ()


def read_extract(path: Path) -> tuple[list[dict[str, str]], list[str], str | None]:
    """Rows, warnings, and the reason to reject the file (None when it can be loaded)."""
    data = path.read_bytes()
    warnings: list[str] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        warnings.append("not UTF-8: read as Windows-1252/Latin-1 (as Excel saves it)")
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        return [], warnings, "the file is empty"
    header_line = lines[0]
    dialect_delimiter = ","
    if ";" in header_line and "," not in header_line:
        return [], warnings, "the delimiter is ';': extracts are comma-separated"
    if "\t" in header_line and "," not in header_line:
        return [], warnings, "the delimiter is a tab: extracts are comma-separated"
    reader = csv.reader(io.StringIO(text), delimiter=dialect_delimiter)
    header = [column.strip() for column in next(reader)]
    missing = [column for column in EXPECTED_COLUMNS if column not in header]
    if missing:
        return [], warnings, f"missing column(s): {', '.join(missing)}"
    extra = [column for column in header if column not in EXPECTED_COLUMNS]
    if extra:
        warnings.append(f"extra column(s) ignored: {', '.join(extra)}")
    rows = []
    for line_number, values in enumerate(reader, start=1):
        if not any(value.strip() for value in values):
            continue
        if len(values) != len(header):
            return (
                [],
                warnings,
                f"row {line_number} has {len(values)} fields, the header {len(header)}",
            )
        record = dict(zip(header, values, strict=True))
        rows.append(
            {"source_row": line_number, **{column: record[column] for column in EXPECTED_COLUMNS}}
        )
    if not rows:
        return [], warnings, "the extract has a header but no rows"
    return rows, warnings, None


def ensure_tables(connection: duckdb.DuckDBPyConnection) -> None:
    connection.execute("create schema if not exists raw_landing")
    connection.execute("create schema if not exists audit")
    connection.execute(
        f"""
        create table if not exists {LANDING_TABLE} (
            source_file varchar, source_row integer, loaded_at timestamp, entity_code varchar, period varchar,
            measure_code varchar, value_raw varchar, unit_raw varchar, source varchar, extracted_at varchar
        )
        """
    )
    connection.execute(
        f"""
        create table if not exists {FILES_TABLE} (
            run_id varchar, file_name varchar, content_sha256 varchar, loaded_at timestamp, status varchar,
            message varchar, row_count integer, periods varchar
        )
        """
    )


def load_extracts(database_path: Path, files: list[Path], run_id: str) -> list[FileVerdict]:
    """Load every file not loaded before (same name and content); record each file's verdict."""
    verdicts = []
    loaded_at = datetime.now(UTC).replace(tzinfo=None)
    database_path.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(database_path)) as connection:
        ensure_tables(connection)
        for path in sorted(files):
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            already = connection.execute(
                f"select count(*) from {FILES_TABLE} where file_name = ? and content_sha256 = ? "
                "and status <> 'rejected'",
                [path.name, digest],
            ).fetchone()[0]
            if already:
                verdicts.append(
                    FileVerdict(path.name, "already_loaded", "loaded by an earlier run", 0)
                )
                continue
            rows, warnings, rejection = read_extract(path)
            if rejection:
                verdict = FileVerdict(path.name, "rejected", f"{path.name}: {rejection}", 0)
            else:
                connection.executemany(
                    f"insert into {LANDING_TABLE} values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        (
                            path.name,
                            row["source_row"],
                            loaded_at,
                            *(row[column] for column in EXPECTED_COLUMNS),
                        )
                        for row in rows
                    ],
                )
                periods = tuple(sorted({row["period"].strip() for row in rows}))
                status = "loaded_with_warnings" if warnings else "loaded"
                message = f"{path.name}: " + (
                    "; ".join(warnings) if warnings else f"{len(rows)} rows loaded"
                )
                verdict = FileVerdict(path.name, status, message, len(rows), periods)
            connection.execute(
                f"insert into {FILES_TABLE} values (?, ?, ?, ?, ?, ?, ?, ?)",
                [run_id, verdict.file_name, digest, loaded_at, verdict.status, verdict.message, verdict.row_count,
                 ",".join(verdict.periods)],
            )  # fmt: skip
            verdicts.append(verdict)
    return verdicts
