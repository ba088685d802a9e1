"""Measure extract files dropped in the landing folder: which are taken, how they are read and loaded.

Only complete files are taken:
- a file under a temporary name (`*.tmp`, `*.part`, `*.partial`, `*.crdownload`) never is: a writer
  writes under such a name and renames the file when done (a rename is atomic);
- a file with a `<name>.done` marker beside it (`MO_2022-Q4.csv.done`) is taken at once;
- any other file once it has not changed for PIRA_LANDING_SETTLE_SECONDS (default 10): its
  modification and status-change times are at least that old (a copy still running keeps them fresh).
Directories, hidden files (`.x`), Office lock files (`~$x`), temporary names and other file types are
ignored with a note; a file not complete yet is `pending` (taken by a later run).

Formats: CSV delimited by `,` or `;` (sniffed from the header; `;` is Excel's Italian default, whose
decimals `34985,3` stay text: staging parses Italian numbers), UTF-8 or, flagged, Windows-1252; and
`.xlsx` (first sheet, same columns; cells as text: numbers Italian-style, dates `dd-mm-yyyy` in
value_raw, date-times `yyyy-mm-dd hh:mm:ss`). Every file is loaded in one bulk statement (DuckDB
`read_csv`, all text, with rejects): a line whose field count differs from the header's is kept as
a row with `load_error`. A file that cannot be read at all (empty, no expected header, another
delimiter) is rejected whole with a message naming it.

Files are tracked by name and content (sha256). A file already loaded with the same content is not
loaded again; the same content under another name is a `duplicate` (its rows are not counted
twice); a changed file is loaded as a new version. `raw_landing.current_files` is rewritten at every
landing step with the files present now: staging counts only their rows, so removing or replacing
a file withdraws its old rows (they stay in raw_landing.measure_values as history). A file that is
pending or rejected keeps its previously loaded version, if any, in force.
Every file's verdict of every run goes to audit.landing_files (validated by the landing_files suite).
"""

import csv
import dataclasses
import hashlib
import io
import os
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
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
CURRENT_TABLE = "raw_landing.current_files"
FILES_TABLE = "audit.landing_files"

SETTLE_ENV_VAR = "PIRA_LANDING_SETTLE_SECONDS"
DEFAULT_SETTLE_SECONDS = 10.0
DONE_SUFFIX = ".done"
EXTRACT_SUFFIXES = (".csv", ".xlsx")
TEMPORARY_SUFFIXES = (".tmp", ".part", ".partial", ".crdownload")
# Spreadsheet and text formats someone may drop by mistake: refused with a hint, not ignored.
OTHER_TABLE_SUFFIXES = (".xls", ".xlsm", ".xlsb", ".ods", ".tsv", ".txt")
DELIMITERS = (",", ";")
RAW_LINE_CHARS = 200

LANDING_COLUMNS = (
    "source_file",
    "file_sha256",
    "source_row",
    "loaded_at",
    *EXPECTED_COLUMNS,
    "load_error",
)
LANDING_DDL = """(
    source_file varchar, file_sha256 varchar, source_row integer, loaded_at timestamp,
    entity_code varchar, period varchar, measure_code varchar, value_raw varchar, unit_raw varchar,
    source varchar, extracted_at varchar, load_error varchar
)"""


@dataclass(frozen=True)
class FileVerdict:
    file_name: str
    # loaded | loaded_with_warnings | already_loaded | duplicate | rejected | pending | ignored | withdrawn
    status: str
    message: str
    row_count: int
    periods: tuple[str, ...] = ()


class Rejected(Exception):
    """The file cannot be read at all; the message says why (without the file name)."""


# --- Which files are taken ---------------------------------------------------------------------


def settle_seconds() -> float:
    text = os.environ.get(SETTLE_ENV_VAR, "").strip()
    try:
        return max(float(text), 0.0) if text else DEFAULT_SETTLE_SECONDS
    except ValueError as error:
        raise ValueError(
            f"{SETTLE_ENV_VAR} deve essere un numero di secondi, non {text!r}"
        ) from error


def number_text(value: float) -> str:
    """A number as Italian text: '.' between thousands, ',' before decimals (1.234,5)."""
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.3f}".rstrip("0")
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def seconds_text(value: float) -> str:
    return number_text(round(value, 1))


def lines_text(count: int, one: str = "", many: str = "") -> str:
    """'1 riga', '2.345 righe caricate': a count of lines in Italian, with its agreeing participle."""
    words = f"riga {one}" if count == 1 else f"righe {many}"
    return f"{number_text(count)} {words.strip()}"


def is_marker(path: Path) -> bool:
    return path.name.lower().endswith(DONE_SUFFIX)


def skip_reason(path: Path, settle: float, now: float) -> tuple[str, str] | None:
    """('ignored' | 'rejected' | 'pending', why) for an entry not taken now; None for a complete extract."""
    name, suffix = path.name, path.suffix.lower()
    if name.startswith("~$"):
        return "ignored", "file di blocco di Office, non un'estrazione"
    if name.startswith("."):
        return "ignored", "file nascosto, non un'estrazione"
    if suffix in TEMPORARY_SUFFIXES:
        return (
            "ignored",
            "nome temporaneo: il file sarà acquisito una volta rinominato in .csv o .xlsx",
        )
    if path.is_dir():
        return "ignored", "cartella, non un file di estrazione"
    if not path.is_file():
        return "ignored", "non è un file regolare"
    if suffix in OTHER_TABLE_SUFFIXES:
        return (
            "rejected",
            f"i file '{suffix}' non vengono letti: salvare l'estrazione come .csv o .xlsx",
        )
    if suffix not in EXTRACT_SUFFIXES:
        return "ignored", "non è un'estrazione (.csv o .xlsx)"
    if path.with_name(name + DONE_SUFFIX).exists():
        return None
    stat = path.stat()
    age = now - max(stat.st_mtime, stat.st_ctime)
    if settle > 0 and age < settle:
        return "pending", (
            f"modificato {number_text(round(max(age, 0)))} s fa: sarà acquisito quando invariato da "
            f"{seconds_text(settle)} s (o subito, con il marcatore {name}{DONE_SUFFIX} accanto)"
        )
    return None


def landing_entries(folders: list[Path]) -> list[Path]:
    """Every entry of the landing folders except `.done` markers, sorted (landing decides what is taken)."""
    return sorted(
        path
        for folder in folders
        if folder.is_dir()
        for path in folder.iterdir()
        if not is_marker(path)
    )


def complete_files(paths: list[Path], settle: float | None = None) -> list[Path]:
    """The entries that are complete extract files now (the sensor and `make run` take these)."""
    settle = settle_seconds() if settle is None else settle
    now = time.time()
    return [
        path for path in paths if not is_marker(path) and skip_reason(path, settle, now) is None
    ]


# --- Reading a file into numbered CSV lines ------------------------------------------------------


@dataclass
class Prepared:
    """A file as numbered CSV text: every kept line is `<line number><delimiter><original line>`."""

    header: list[str]
    delimiter: str
    numbered_text: str
    data_lines: int
    warnings: list[str]


def decode(data: bytes) -> tuple[str, list[str]]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), ["testo UTF-16: letto come tale"]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        # Excel's "CSV" on Windows; every byte decodes, undefined ones as U+FFFD.
        text = data.decode("cp1252", errors="replace")
        return text, ["non UTF-8: letto come Windows-1252/Latin-1 (come lo salva Excel)"]


def header_columns(fields: list[str]) -> tuple[list[str], list[str]]:
    """Normalised header names and the warnings they give; Rejected when an expected column is missing."""
    header = [field.strip().lstrip("\ufeff").strip().lower() for field in fields]
    missing = [column for column in EXPECTED_COLUMNS if column not in header]
    if missing:
        raise Rejected(f"colonne mancanti: {', '.join(missing)}")
    warnings = []
    extra = [column for column in header if column not in EXPECTED_COLUMNS]
    if extra:
        warnings.append(f"colonne in più ignorate: {', '.join(extra)}")
    repeated = sorted({column for column in EXPECTED_COLUMNS if header.count(column) > 1})
    if repeated:
        warnings.append(f"colonne ripetute, letta la prima: {', '.join(repeated)}")
    return header, warnings


def sniff_delimiter(header_line: str) -> str:
    """',' or ';', whichever splits the header into the expected columns; Rejected otherwise."""
    for delimiter in DELIMITERS:
        fields = next(csv.reader([header_line], delimiter=delimiter))
        names = {field.strip().lstrip("\ufeff").strip().lower() for field in fields}
        if "entity_code" in names and "measure_code" in names:
            return delimiter
    if "\t" in header_line:
        raise Rejected(
            "il separatore è una tabulazione: le estrazioni sono separate da virgola o punto e virgola"
        )
    if "|" in header_line:
        raise Rejected(
            "il separatore è '|': le estrazioni sono separate da virgola o punto e virgola"
        )
    # Neither splits it: name the columns missing from a comma-separated reading.
    header_columns(next(csv.reader([header_line])))
    raise Rejected("l'intestazione non è leggibile")  # pragma: no cover (header_columns raised)


def prepare_csv(data: bytes) -> Prepared:
    if not data.strip():
        raise Rejected("il file è vuoto")
    text, warnings = decode(data)
    text = text.replace("\r\n", "\n")
    if "\n" not in text:
        text = text.replace("\r", "\n")
    lines = text.split("\n")
    # Leading blank lines before the header are tolerated.
    start = next((index for index, line in enumerate(lines) if line.strip()), None)
    if start is None:
        raise Rejected("il file è vuoto")
    delimiter = sniff_delimiter(lines[start])
    header, header_warnings = header_columns(next(csv.reader([lines[start]], delimiter=delimiter)))
    blank = f' \t"{delimiter}'
    numbered = [
        f"{number}{delimiter}{line}"
        for number, line in enumerate(lines[start + 1 :], start=start + 2)
        if line.strip(blank)
    ]
    if not numbered:
        raise Rejected("l'estrazione ha l'intestazione ma nessuna riga")
    return Prepared(
        header, delimiter, "\n".join(numbered) + "\n", len(numbered), warnings + header_warnings
    )


def cell_text(value: object, column: str) -> str:
    """A cell as the text an extract would hold: Italian decimals, dd-mm-yyyy dates, ISO date-times."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "VERO" if value else "FALSO"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value).replace(".", ",")
    if isinstance(value, datetime):
        if column == "value_raw" and value.time() == datetime.min.time():
            return value.strftime("%d-%m-%Y")
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y") if column == "value_raw" else f"{value} 00:00:00"
    return str(value)


def prepare_xlsx(path: Path) -> Prepared:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:
        raise Rejected(
            f"non è una cartella di lavoro .xlsx leggibile ({type(error).__name__})"
        ) from error
    try:
        if not workbook.worksheets:
            raise Rejected("la cartella di lavoro non ha fogli")
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header_row = None
        for header_number, values in enumerate(rows, start=1):
            if any(value is not None and str(value).strip() for value in values):
                header_row = values
                break
        if header_row is None:
            raise Rejected("il file è vuoto")
        header, warnings = header_columns(["" if v is None else str(v) for v in header_row])
        output = io.StringIO()
        writer = csv.writer(output, lineterminator="\n")
        lines = 0
        for number, values in enumerate(rows, start=header_number + 1):
            cells = [
                cell_text(value, header[index] if index < len(header) else "")
                for index, value in enumerate(values)
            ]
            while len(cells) > len(header) and not cells[-1].strip():
                cells.pop()  # trailing empty cells beyond the header are not fields
            if not any(cell.strip() for cell in cells):
                continue
            writer.writerow([number, *cells, *([""] * (len(header) - len(cells)))])
            lines += 1
    finally:
        workbook.close()
    if not lines:
        raise Rejected("l'estrazione ha l'intestazione ma nessuna riga")
    return Prepared(header, ",", output.getvalue(), lines, warnings)


def prepare(path: Path, data: bytes) -> Prepared:
    if path.suffix.lower() == ".xlsx":
        if not data:
            raise Rejected("il file è vuoto")
        return prepare_xlsx(path)
    return prepare_csv(data)


# --- Bulk loading --------------------------------------------------------------------------------


def bulk_insert(
    connection: duckdb.DuckDBPyConnection,
    target: str,
    prepared: Prepared,
    numbered: Path,
    file_name: str,
    digest: str,
    loaded_at: datetime,
    keep_rejects: bool,
) -> tuple[int, int]:
    """Insert every line of the numbered file into `target` (a constant of this module) in one
    statement. Strict (keep_rejects false): any bad line raises. Otherwise the lines read_csv
    rejects are inserted after as rows with load_error. Rows and error rows inserted."""
    positions = {}
    for index, column in enumerate(prepared.header):
        positions.setdefault(column, index + 1)
    # Identifiers below are generated here (c1, c2, ...), never taken from the file.
    fields = ", ".join(f"c{positions[column]}" for column in EXPECTED_COLUMNS)
    columns = {"line_number": "VARCHAR"} | {
        f"c{index}": "VARCHAR" for index in range(1, len(prepared.header) + 1)
    }
    column_list = ", ".join(LANDING_COLUMNS)
    rejects = ""
    if keep_rejects:
        connection.execute("drop table if exists landing_rejects")
        connection.execute("drop table if exists landing_reject_scans")
        rejects = (
            ", store_rejects = true, rejects_table = 'landing_rejects', "
            "rejects_scan = 'landing_reject_scans'"
        )
    inserted = connection.execute(
        f"""
        insert into {target} ({column_list})
        select ?, ?, cast(line_number as integer) - 1, ?, {fields}, null
        from read_csv(
            ?, columns = ?, header = false, delim = ?, quote = '"', escape = '"',
            auto_detect = false{rejects}
        )
        """,
        [file_name, digest, loaded_at, str(numbered), columns, prepared.delimiter],
    ).fetchone()[0]
    if not keep_rejects:
        return inserted, 0
    # A rejected line keeps what can be told of it: its fields split naively, the reason, its text.
    positional = ", ".join(f"fields[{positions[column] + 1}]" for column in EXPECTED_COLUMNS)
    errors = connection.execute(
        f"""
        insert into {target} ({column_list})
        select ?, ?, coalesce(try_cast(fields[1] as integer) - 1, -line), ?, {positional},
            case error_type
                when 'MISSING COLUMNS' then 'meno campi dell''intestazione (' || found || ' su ' || ? || '): riga incompleta? '
                when 'TOO MANY COLUMNS' then 'più campi dell''intestazione (' || found || ' invece di ' || ? || '): '
                when 'UNQUOTED VALUE' then 'virgolette non valide: '
                when 'INVALID UNICODE' then 'caratteri non validi: '
                when 'LINE SIZE OVER MAXIMUM' then 'riga troppo lunga: '
                else 'riga non leggibile come CSV (' || error_type || '): '
            end || 'testo della riga ''' || left(line_text, ?) || ''''
        from (
            select
                line, error_type, error_message,
                string_split(csv_line, ?) as fields,
                substr(rtrim(csv_line, chr(10)), length(split_part(csv_line, ?, 1)) + 2) as line_text,
                try_cast(regexp_extract(error_message, 'Found: ([0-9]+)', 1) as integer) - 1 as found
            from landing_rejects
            qualify row_number() over (partition by line order by error_type) = 1
        ) as rejected
        """,
        [
            file_name,
            digest,
            loaded_at,
            len(prepared.header),
            len(prepared.header),
            RAW_LINE_CHARS,
            prepared.delimiter,
            prepared.delimiter,
        ],
    ).fetchone()[0]
    return inserted, errors


def insert_file(
    connection: duckdb.DuckDBPyConnection,
    target: str,
    prepared: Prepared,
    file_name: str,
    digest: str,
    loaded_at: datetime,
) -> tuple[int, int]:
    """The file's rows in one transaction: strictly first (the common, faster case), then, when a
    line does not read, again keeping the rejected lines as rows with load_error."""
    with tempfile.TemporaryDirectory(prefix="pira-landing-") as folder:
        numbered = Path(folder) / "numbered.csv"
        numbered.write_text(prepared.numbered_text, encoding="utf-8")
        arguments = (connection, target, prepared, numbered, file_name, digest, loaded_at)
        connection.execute("begin transaction")
        try:
            counts = bulk_insert(*arguments, keep_rejects=False)
        except duckdb.Error:
            connection.execute("rollback")
            connection.execute("begin transaction")
            try:
                counts = bulk_insert(*arguments, keep_rejects=True)
            except duckdb.Error as error:
                connection.execute("rollback")
                message = str(error).splitlines()[0]
                raise Rejected(f"non leggibile come CSV: {message}") from error
            except BaseException:
                connection.execute("rollback")
                raise
        except BaseException:
            connection.execute("rollback")
            raise
        connection.execute("commit")
        return counts


def load_file(
    connection: duckdb.DuckDBPyConnection,
    path: Path,
    data: bytes,
    digest: str,
    loaded_at: datetime,
    target: str = LANDING_TABLE,
) -> tuple[FileVerdict, list[str]]:
    """Read and load one complete file: its verdict (rejected: nothing inserted) and warnings."""
    name = path.name
    try:
        prepared = prepare(path, data)
        rows, error_rows = insert_file(connection, target, prepared, name, digest, loaded_at)
    except Rejected as rejection:
        return FileVerdict(name, "rejected", f"{name}: {rejection}", 0), []
    warnings = list(prepared.warnings)
    if error_rows:
        warnings.append(
            f"{lines_text(error_rows)} con numero di campi o virgolette errati, "
            "conservate come righe con load_error"
        )
    if rows + error_rows < prepared.data_lines:
        lost = prepared.data_lines - rows - error_rows
        warnings.append(
            f"{lines_text(lost)} unite alla riga precedente da una virgoletta non chiusa "
            "(il suo load_error ne riporta il testo)"
        )
    periods = tuple(
        period
        for (period,) in connection.execute(
            f"select distinct trim(period) from {target} where source_file = ? and file_sha256 = ? "
            "and load_error is null and period is not null order by 1",
            [name, digest],
        ).fetchall()
    )
    delimiter_note = ["separato da punto e virgola"] if prepared.delimiter == ";" else []
    message = f"{name}: " + "; ".join(
        [*warnings, *delimiter_note, f"{lines_text(rows + error_rows, 'caricata', 'caricate')}"]
    )
    status = "loaded_with_warnings" if warnings else "loaded"
    return FileVerdict(name, status, message, rows + error_rows, periods), warnings


def read_extract(path: Path) -> tuple[list[dict[str, str]], list[str], str | None]:
    """Rows (without load errors), warnings, and the reason to reject the file (None when it can be
    loaded), read exactly as landing reads it, into a throwaway in-memory database."""
    try:
        data = path.read_bytes()
    except OSError as error:
        return [], [], f"non leggibile: {error.strerror or error}"
    with duckdb.connect() as connection:
        connection.execute("set enable_progress_bar = false")
        connection.execute(f"create temp table extract {LANDING_DDL}")
        verdict, warnings = load_file(connection, path, data, "", datetime.now(), target="extract")
        if verdict.status == "rejected":
            return [], [], verdict.message.removeprefix(f"{path.name}: ")
        columns = ", ".join(f"coalesce({column}, '') as {column}" for column in EXPECTED_COLUMNS)
        result = connection.execute(
            f"select source_row, {columns} from extract where load_error is null order by source_row"
        )
        names = [column[0] for column in result.description]
        rows = [dict(zip(names, row, strict=True)) for row in result.fetchall()]
    return rows, warnings, None


# --- Tables and the landing step ------------------------------------------------------------------


def ensure_tables(connection: duckdb.DuckDBPyConnection) -> None:
    """Create the landing tables, or migrate older ones in place (columns added, history kept)."""
    connection.execute("create schema if not exists raw_landing")
    connection.execute("create schema if not exists audit")
    connection.execute(f"create table if not exists {LANDING_TABLE} {LANDING_DDL}")
    connection.execute(
        f"create table if not exists {CURRENT_TABLE} "
        "(source_file varchar, file_sha256 varchar, taken_at timestamp)"
    )
    connection.execute(
        f"""
        create table if not exists {FILES_TABLE} (
            run_id varchar, file_name varchar, content_sha256 varchar, loaded_at timestamp, status varchar,
            message varchar, row_count integer, periods varchar
        )
        """
    )
    present = {
        column
        for (column,) in connection.execute(
            "select column_name from information_schema.columns "
            "where table_schema = 'raw_landing' and table_name = 'measure_values'"
        ).fetchall()
    }
    if "file_sha256" not in present:
        connection.execute(
            f"alter table {LANDING_TABLE} add column if not exists file_sha256 varchar"
        )
        # Rows landed before files were tracked by content: their hash is in the audit of their run.
        connection.execute(
            f"""
            update {LANDING_TABLE} as landed set file_sha256 = audit.content_sha256
            from (
                select distinct file_name, loaded_at, content_sha256 from {FILES_TABLE}
                where status like 'loaded%'
            ) as audit
            where landed.file_sha256 is null and audit.file_name = landed.source_file
                and audit.loaded_at = landed.loaded_at
            """
        )
    connection.execute(f"alter table {LANDING_TABLE} add column if not exists load_error varchar")


@dataclass
class Candidate:
    path: Path
    data: bytes
    digest: str
    mtime: float


def load_extracts(database_path: Path, files: list[Path], run_id: str) -> list[FileVerdict]:
    """The landing step: classify every entry given, load the complete files not loaded before,
    rewrite raw_landing.current_files with the files in force, record every verdict."""
    loaded_at = datetime.now(UTC).replace(tzinfo=None)
    settle, now = settle_seconds(), time.time()
    database_path.parent.mkdir(parents=True, exist_ok=True)
    records: list[tuple[FileVerdict, str | None]] = []
    with duckdb.connect(str(database_path)) as connection:
        connection.execute("set enable_progress_bar = false")
        # Every row carries its line number: DuckDB may insert in any order (in parallel, faster).
        connection.execute("set preserve_insertion_order = false")
        ensure_tables(connection)
        previous = dict(
            connection.execute(f"select source_file, file_sha256 from {CURRENT_TABLE}").fetchall()
        )
        loaded_before = set(
            connection.execute(
                f"select distinct source_file, file_sha256 from {LANDING_TABLE} where file_sha256 is not null"
            ).fetchall()
        )
        current: dict[str, str] = {}
        current_path: dict[str, Path] = {}
        taken_by_digest: dict[str, str] = {}

        def keep_previous(name: str) -> str:
            if name in previous and name not in current:
                current[name] = previous[name]
                return "; resta in vigore la versione caricata in precedenza"
            return ""

        candidates: list[Candidate] = []
        for path in sorted(files):
            if is_marker(path):
                continue
            skip = skip_reason(path, settle, now)
            if skip is not None:
                status, reason = skip
                note = keep_previous(path.name) if status != "ignored" else ""
                records.append(
                    (FileVerdict(path.name, status, f"{path.name}: {reason}{note}", 0), None)
                )
                continue
            try:
                data = path.read_bytes()
                mtime = path.stat().st_mtime
            except OSError as error:
                message = f"{path.name}: non leggibile: {error.strerror or error}"
                message += keep_previous(path.name)
                records.append((FileVerdict(path.name, "rejected", message, 0), None))
                continue
            candidates.append(Candidate(path, data, hashlib.sha256(data).hexdigest(), mtime))
        # Files loaded before keep precedence over new copies; among new ones the oldest comes first.
        candidates.sort(
            key=lambda c: ((c.path.name, c.digest) not in loaded_before, c.mtime, c.path.name)
        )
        for candidate in candidates:
            name, digest = candidate.path.name, candidate.digest
            if name in current_path:
                other = current_path[name]
                if current[name] == digest:
                    verdict = FileVerdict(
                        name,
                        "duplicate",
                        f"{name}: stesso file di {other} (acquisito una volta sola)",
                        0,
                    )
                else:
                    verdict = FileVerdict(
                        name,
                        "rejected",
                        f"{name}: un file con lo stesso nome è già acquisito da {other.parent}: "
                        "i nomi dei file devono essere diversi tra le cartelle di caricamento",
                        0,
                    )
                records.append((verdict, digest))
                continue
            if digest in taken_by_digest:
                original = taken_by_digest[digest]
                records.append(
                    (
                        FileVerdict(
                            name,
                            "duplicate",
                            f"{name}: stesso contenuto di {original}, già acquisito: le sue righe non sono contate due volte",
                            0,
                        ),
                        digest,
                    )
                )
                continue
            if (name, digest) in loaded_before:
                verdict = FileVerdict(
                    name,
                    "already_loaded",
                    f"{name}: già caricato da un'esecuzione precedente (stesso contenuto)",
                    0,
                )
            else:
                verdict, _ = load_file(
                    connection, candidate.path, candidate.data, digest, loaded_at
                )
                if verdict.status == "rejected":
                    records.append(
                        (replace_message(verdict, verdict.message + keep_previous(name)), digest)
                    )
                    continue
                if name in previous and previous[name] != digest:
                    verdict = replace_message(
                        verdict, verdict.message + "; nuova versione: la precedente è ritirata"
                    )
            current[name], current_path[name] = digest, candidate.path
            taken_by_digest[digest] = name
            records.append((verdict, digest))
        seen = {verdict.file_name for verdict, _ in records}
        for name in sorted(set(previous) - set(current) - seen):
            message = f"{name}: non è più nella cartella di caricamento: le sue righe sono ritirate (conservate come storico)"
            records.append((FileVerdict(name, "withdrawn", message, 0), previous[name]))
        connection.execute("begin transaction")
        connection.execute(f"delete from {CURRENT_TABLE}")
        if current:
            connection.executemany(
                f"insert into {CURRENT_TABLE} (source_file, file_sha256, taken_at) values (?, ?, ?)",
                [(name, digest, loaded_at) for name, digest in sorted(current.items())],
            )
        if records:
            connection.executemany(
                f"insert into {FILES_TABLE} (run_id, file_name, content_sha256, loaded_at, status, message, "
                "row_count, periods) values (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (run_id, v.file_name, digest, loaded_at, v.status, v.message, v.row_count,
                     ",".join(v.periods))
                    for v, digest in records
                ],
            )  # fmt: skip
        connection.execute("commit")
    return [verdict for verdict, _ in records]


def replace_message(verdict: FileVerdict, message: str) -> FileVerdict:
    return dataclasses.replace(verdict, message=message)
