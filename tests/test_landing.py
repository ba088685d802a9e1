"""Landing (orchestration/landing.py) on a temporary DuckDB file, without dbt: which files are taken,
how every format is read, how files are tracked by name and content, and what a bad line becomes."""

import hashlib
import os
import random
import time
from datetime import datetime
from pathlib import Path

import dagster as dg
import duckdb
import openpyxl
import pytest

from orchestration import landing
from orchestration.definitions import defs
from orchestration.landing import complete_files, landing_entries, load_extracts, read_extract
from orchestration.resources import WarehouseResource

HEADER = "entity_code,period,measure_code,value_raw,unit_raw,source,extracted_at"
ROW = "MO,2022-Q4,D1.1_10,{value},N.,Controllo di gestione,2022-12-31 09:00:00"
COLUMNS = "source_file, source_row, entity_code, period, measure_code, value_raw, unit_raw, source, extracted_at, load_error"


@pytest.fixture(autouse=True)
def no_settle(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(landing.SETTLE_ENV_VAR, "0")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "landing"
    path.mkdir()
    return path


@pytest.fixture
def database(tmp_path: Path) -> Path:
    return tmp_path / "build" / "pira.duckdb"


def land(database: Path, folder: Path, run_id: str = "run") -> dict[str, landing.FileVerdict]:
    verdicts = load_extracts(database, landing_entries([folder]), run_id)
    return {verdict.file_name: verdict for verdict in verdicts}


def query(database: Path, sql: str, parameters: list | None = None) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as connection:
        return connection.execute(sql, parameters or []).fetchall()


def rows_in_force(database: Path) -> list[tuple]:
    """The landed rows staging counts: those of the files in raw_landing.current_files."""
    return query(
        database,
        f"select {', '.join('m.' + c.strip() for c in COLUMNS.split(','))} from raw_landing.measure_values m "
        "join raw_landing.current_files c using (source_file, file_sha256) order by all",
    )


def write(path: Path, *lines: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def test_semicolon_csv_with_italian_decimals_keeps_the_text(database: Path, folder: Path) -> None:
    write(
        folder / "MO_2022-Q4.csv",
        HEADER.replace(",", ";"),
        "MO;2022-Q4;D1.1_10;34985,3;N.;Controllo di gestione;2022-12-31 09:00:00",
        "MO;2022-Q4;D1.1_20;1.416;N.;Controllo di gestione;31/12/2022 09:00",
    )
    verdicts = land(database, folder)
    assert verdicts["MO_2022-Q4.csv"].status == "loaded"
    assert "separato da punto e virgola; 2 righe caricate" in verdicts["MO_2022-Q4.csv"].message
    assert [(row[4], row[5], row[8]) for row in rows_in_force(database)] == [
        ("D1.1_10", "34985,3", "2022-12-31 09:00:00"),
        ("D1.1_20", "1.416", "31/12/2022 09:00"),
    ]


def test_windows_1252_is_read_and_flagged(database: Path, folder: Path) -> None:
    write(
        folder / "excel.csv",
        HEADER,
        "MO,2022-Q4,C2.1_01,1.200,€,Attività camerale,2022-12-31 09:00:00",
        encoding="cp1252",
    )
    verdict = land(database, folder)["excel.csv"]
    assert verdict.status == "loaded_with_warnings"
    assert verdict.message.startswith("excel.csv: non UTF-8: letto come Windows-1252")
    [row] = rows_in_force(database)
    assert (row[6], row[7]) == ("€", "Attività camerale")


def test_xlsx_first_sheet_cells_as_extract_text(database: Path, folder: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    sheet.append(["MO", "2022-Q4", "D1.1_10", 34985.3, "N.", "Controllo", datetime(2023, 2, 1, 10)])
    sheet.append([None] * 7)
    sheet.append(["MO", "2022-Q4", "D1.1_20", 1416, "N.", "Controllo", "2023-02-01 10:00:00"])
    sheet.append(["MO", "2022-Q4", "D4.1_1", datetime(2022, 11, 30), "date", "Controllo", None])
    other = workbook.create_sheet("note")
    other.append(["not", "an", "extract"])
    workbook.save(folder / "MO_2022-Q4.xlsx")
    verdict = land(database, folder)["MO_2022-Q4.xlsx"]
    assert (verdict.status, verdict.row_count, verdict.periods) == ("loaded", 3, ("2022-Q4",))
    assert rows_in_force(database) == [
        ("MO_2022-Q4.xlsx", 1, "MO", "2022-Q4", "D1.1_10", "34985,3", "N.", "Controllo",
         "2023-02-01 10:00:00", None),
        ("MO_2022-Q4.xlsx", 3, "MO", "2022-Q4", "D1.1_20", "1416", "N.", "Controllo",
         "2023-02-01 10:00:00", None),
        ("MO_2022-Q4.xlsx", 4, "MO", "2022-Q4", "D4.1_1", "30-11-2022", "date", "Controllo",
         None, None),
    ]  # fmt: skip
    rows, _, rejection = read_extract(folder / "MO_2022-Q4.xlsx")
    assert rejection is None and [row["measure_code"] for row in rows] == [
        "D1.1_10",
        "D1.1_20",
        "D4.1_1",
    ]


def test_other_entries_are_ignored_with_a_note(database: Path, folder: Path) -> None:
    write(folder / "good.csv", HEADER, ROW.format(value=5))
    (folder / "folder.csv").mkdir()
    write(folder / ".hidden.csv", HEADER, ROW.format(value=6))
    write(folder / "~$MO_2022-Q4.xlsx", "lock")
    write(folder / "MO.csv.part", HEADER, ROW.format(value=7))
    write(folder / "MO.csv.crdownload", HEADER)
    write(folder / "LEGGIMI.md", "notes")
    write(folder / "old.xls", "binary")
    verdicts = land(database, folder)
    assert {name: verdict.status for name, verdict in verdicts.items()} == {
        "good.csv": "loaded",
        "folder.csv": "ignored",
        ".hidden.csv": "ignored",
        "~$MO_2022-Q4.xlsx": "ignored",
        "MO.csv.part": "ignored",
        "MO.csv.crdownload": "ignored",
        "LEGGIMI.md": "ignored",
        "old.xls": "rejected",
    }
    assert verdicts["folder.csv"].message == "folder.csv: cartella, non un file di estrazione"
    assert "nome temporaneo" in verdicts["MO.csv.part"].message
    assert "salvare l'estrazione come .csv o .xlsx" in verdicts["old.xls"].message
    assert [row[5] for row in rows_in_force(database)] == ["5"]
    audit = dict(query(database, "select file_name, status from audit.landing_files"))
    assert audit == {name: verdict.status for name, verdict in verdicts.items()}
    # What the sensor and `make run` take: complete extracts only.
    assert complete_files(landing_entries([folder])) == [folder / "good.csv"]


def test_a_file_is_taken_once_settled_or_marked(
    database: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(landing.SETTLE_ENV_VAR, "1.5")
    write(folder / "settling.csv", HEADER, ROW.format(value=1))
    write(folder / "marked.csv", HEADER, ROW.format(value=2).replace("D1.1_10", "D1.1_20"))
    first = land(database, folder, "first")
    assert first["settling.csv"].status == "pending"
    assert "sarà acquisito quando invariato da 1,5 s" in first["settling.csv"].message
    assert first["marked.csv"].status == "pending"
    write(folder / "marked.csv.done")
    second = land(database, folder, "second")
    assert "marked.csv.done" not in second
    assert (second["settling.csv"].status, second["marked.csv"].status) == ("pending", "loaded")
    time.sleep(1.6)
    third = land(database, folder, "third")
    assert (third["settling.csv"].status, third["marked.csv"].status) == (
        "loaded",
        "already_loaded",
    )
    assert [(row[0], row[5]) for row in rows_in_force(database)] == [
        ("marked.csv", "2"),
        ("settling.csv", "1"),
    ]


def test_a_file_being_rewritten_keeps_its_previous_version(
    database: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(folder / "MO.csv", HEADER, ROW.format(value=1))
    land(database, folder)
    write(path, HEADER, ROW.format(value=2), "MO,2022-Q4,D1.")  # still being written
    monkeypatch.setenv(landing.SETTLE_ENV_VAR, "3600")
    assert_previous_version_kept(database, folder, "pending")


def assert_previous_version_kept(database: Path, folder: Path, status: str) -> None:
    """The new MO.csv gets `status`; the rows in force stay those of the version loaded before."""
    verdict = land(database, folder)["MO.csv"]
    assert verdict.status == status
    assert verdict.message.endswith("resta in vigore la versione caricata in precedenza")
    assert [row[5] for row in rows_in_force(database)] == ["1"]


def test_same_content_under_two_names_counts_once(database: Path, folder: Path) -> None:
    original = write(folder / "MO_2022-Q4.csv", HEADER, ROW.format(value=5))
    os.utime(original, (time.time() - 60, time.time() - 60))
    land(database, folder, "first")
    (folder / "MO_2022-Q4 (1).csv").write_bytes(original.read_bytes())
    verdicts = land(database, folder, "second")
    assert verdicts["MO_2022-Q4.csv"].status == "already_loaded"
    assert verdicts["MO_2022-Q4 (1).csv"].status == "duplicate"
    assert verdicts["MO_2022-Q4 (1).csv"].message == (
        "MO_2022-Q4 (1).csv: stesso contenuto di MO_2022-Q4.csv, già acquisito: le sue righe non sono contate due volte"
    )
    assert [row[0] for row in rows_in_force(database)] == ["MO_2022-Q4.csv"]
    # Both new in the same run: the older file is the original.
    other = folder.parent / "other"
    other.mkdir()
    newer = write(other / "a_copy.csv", HEADER, ROW.format(value=9))
    older = write(other / "z_original.csv", HEADER, ROW.format(value=9))
    os.utime(older, (time.time() - 60, time.time() - 60))
    verdicts = {v.file_name: v.status for v in load_extracts(database, [newer, older], "third")}
    assert verdicts == {
        "z_original.csv": "loaded",
        "a_copy.csv": "duplicate",
        "MO_2022-Q4.csv": "withdrawn",  # not among the files given this time
    }


def test_replacing_or_removing_a_file_withdraws_its_rows(database: Path, folder: Path) -> None:
    path = write(folder / "MO.csv", HEADER, ROW.format(value=1))
    land(database, folder)
    write(path, HEADER, ROW.format(value=2))
    verdict = land(database, folder)["MO.csv"]
    assert verdict.status == "loaded"
    assert verdict.message.endswith("nuova versione: la precedente è ritirata")
    assert [row[5] for row in rows_in_force(database)] == ["2"]
    # Both versions stay in the history, each with its content hash.
    history = query(
        database, "select value_raw, file_sha256 from raw_landing.measure_values order by loaded_at"
    )
    assert [value for value, _ in history] == ["1", "2"]
    assert history[1][1] == hashlib.sha256(path.read_bytes()).hexdigest()
    path.unlink()
    verdicts = land(database, folder)
    assert verdicts["MO.csv"].status == "withdrawn"
    assert rows_in_force(database) == []
    assert query(database, "select count(*) from raw_landing.measure_values") == [(2,)]
    # Put back with the first content: loaded before, so taken again without a new load.
    write(path, HEADER, ROW.format(value=1))
    assert land(database, folder)["MO.csv"].status == "already_loaded"
    assert [row[5] for row in rows_in_force(database)] == ["1"]


def test_a_bad_line_becomes_a_row_with_load_error(database: Path, folder: Path) -> None:
    write(
        folder / "half.csv",
        HEADER,
        ROW.format(value=1),
        "",
        "MO,2022-Q4,D1.1_20,4",
        ROW.format(value=3).replace("D1.1_10", "D1.1_30") + ",extra",
        ",,,,,,",
        'MO,2022-Q4,D1.1_40,"5,5",N.,"Controllo, gestione",2022-12-31 09:00:00',
    )
    verdict = land(database, folder)["half.csv"]
    assert verdict.status == "loaded_with_warnings"
    assert (
        "2 righe con numero di campi o virgolette errati, conservate come righe con load_error"
        in (verdict.message)
    )
    rows = rows_in_force(database)
    assert [(row[1], row[4], row[5], row[7]) for row in rows] == [
        (1, "D1.1_10", "1", "Controllo di gestione"),
        (3, "D1.1_20", "4", None),
        (4, "D1.1_30", "3", "Controllo di gestione"),
        (6, "D1.1_40", "5,5", "Controllo, gestione"),
    ]
    errors = {row[1]: row[9] for row in rows if row[9]}
    assert errors == {
        3: "meno campi dell'intestazione (4 su 7): riga incompleta? testo della riga 'MO,2022-Q4,D1.1_20,4'",
        4: "più campi dell'intestazione (8 invece di 7): testo della riga "
        "'MO,2022-Q4,D1.1_30,3,N.,Controllo di gestione,2022-12-31 09:00:00,extra'",
    }


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "il file è vuoto"),
        (b"\n\n", "il file è vuoto"),
        (HEADER.encode() + b"\n", "l'estrazione ha l'intestazione ma nessuna riga"),
        (b"entity_code,period,measure_code,value_raw\nMO,2022,X,1\n",
         "colonne mancanti: unit_raw, source, extracted_at"),
        (HEADER.replace(",", "\t").encode() + b"\nMO\t2022\n",
         "il separatore è una tabulazione: le estrazioni sono separate da virgola o punto e virgola"),
        (b"\x00\x01\x02garbage", "colonne mancanti: entity_code"),
    ],
)  # fmt: skip
def test_an_unreadable_file_is_rejected_whole(
    database: Path, folder: Path, content: bytes, reason: str
) -> None:
    (folder / "bad.csv").write_bytes(content)
    verdict = land(database, folder)["bad.csv"]
    assert verdict.status == "rejected"
    assert verdict.message.startswith(f"bad.csv: {reason}")
    assert query(database, "select count(*) from raw_landing.measure_values") == [(0,)]


def test_a_broken_workbook_is_rejected(database: Path, folder: Path) -> None:
    (folder / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    verdict = land(database, folder)["broken.xlsx"]
    assert verdict.status == "rejected"
    assert verdict.message.startswith("broken.xlsx: non è una cartella di lavoro .xlsx leggibile")


def test_a_rejected_replacement_keeps_the_previous_version(database: Path, folder: Path) -> None:
    path = write(folder / "MO.csv", HEADER, ROW.format(value=1))
    land(database, folder)
    write(path, HEADER.replace(",", "\t"), "x")
    assert_previous_version_kept(database, folder, "rejected")


def test_an_old_landing_table_is_migrated_in_place(database: Path, folder: Path) -> None:
    path = write(folder / "MO.csv", HEADER, ROW.format(value=1))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    database.parent.mkdir(parents=True)
    with duckdb.connect(str(database)) as connection:
        # The layout before files were tracked by content, with one file landed.
        connection.execute("create schema raw_landing; create schema audit")
        connection.execute(
            "create table raw_landing.measure_values (source_file varchar, source_row integer, "
            "loaded_at timestamp, entity_code varchar, period varchar, measure_code varchar, value_raw varchar, "
            "unit_raw varchar, source varchar, extracted_at varchar)"
        )
        connection.execute(
            "create table audit.landing_files (run_id varchar, file_name varchar, content_sha256 varchar, "
            "loaded_at timestamp, status varchar, message varchar, row_count integer, periods varchar)"
        )
        loaded_at = datetime(2024, 1, 1, 10)
        connection.execute(
            "insert into raw_landing.measure_values values "
            "('MO.csv', 1, ?, 'MO', '2022-Q4', 'D1.1_10', '1', 'N.', 'Controllo di gestione', '2022-12-31 09:00:00')",
            [loaded_at],
        )
        connection.execute(
            "insert into audit.landing_files values ('old', 'MO.csv', ?, ?, 'loaded', 'MO.csv: 1 rows', 1, '2022-Q4')",
            [digest, loaded_at],
        )
    assert land(database, folder)["MO.csv"].status == "already_loaded"
    assert rows_in_force(database) == [
        ("MO.csv", 1, "MO", "2022-Q4", "D1.1_10", "1", "N.", "Controllo di gestione",
         "2022-12-31 09:00:00", None),
    ]  # fmt: skip


def test_a_50_mb_extract_lands_in_bulk(database: Path, folder: Path) -> None:
    generator = random.Random(50)
    path = folder / "national.csv"
    lines = [HEADER]
    size = len(HEADER)
    while size < 50_000_000:
        number = len(lines)
        line = (
            f"C{number % 97:02d},{2015 + number % 10}-Q{1 + number % 4},M{number}.{generator.randint(1, 99)},"
            f'"{generator.randint(0, 99_999)},{generator.randint(0, 99):02d}",N.,Estrazione,2025-01-20 08:00:00'
        )
        lines.append(line)
        size += len(line) + 1
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    verdict = land(database, folder)["national.csv"]
    assert (verdict.status, verdict.row_count) == ("loaded", len(lines) - 1)
    assert len(lines) - 1 > 600_000
    [(count, errors, last_row, first_row)] = query(
        database,
        "select count(*), count(load_error), max(source_row), min(source_row) "
        "from raw_landing.measure_values",
    )
    assert (count, errors, last_row, first_row) == (len(lines) - 1, 0, len(lines) - 1, 1)
    expected = lines[-1].split(",")
    [row] = query(
        database,
        "select entity_code, period, measure_code, value_raw from raw_landing.measure_values "
        "where source_row = ?",
        [len(lines) - 1],
    )
    assert row == (*expected[:3], f"{expected[3][1:]},{expected[4][:-1]}")


def test_the_sensor_takes_only_complete_extracts(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(folder / "MO_2022-Q3.csv", HEADER, ROW.format(value=1).replace("2022-Q4", "2022-Q3"))
    (folder / "folder.csv").mkdir()
    write(folder / ".~lock.MO.csv#", "x")
    write(folder / "MO_2022-Q2.csv.part", HEADER, ROW.format(value=1).replace("2022-Q4", "2022-Q2"))
    sensor = next(s for s in defs.get_repository_def().sensor_defs if s.name == "landing_sensor")
    warehouse = WarehouseResource(landing_dir=str(folder))
    with dg.instance_for_test() as instance:
        context = dg.build_sensor_context(
            instance=instance,
            resources={"warehouse": warehouse},
            repository_def=defs.get_repository_def(),
        )
        with dg.partition_loading_context(dynamic_partitions_store=instance):
            result = sensor.evaluate_tick(context)
        assert [request.partition_key for request in result.run_requests] == ["2022-Q3"]
        # A file still settling is not requested yet.
        monkeypatch.setenv(landing.SETTLE_ENV_VAR, "3600")
        write(folder / "MO_2022-Q1.csv", HEADER, ROW.format(value=1).replace("2022-Q4", "2022-Q1"))
        later = dg.build_sensor_context(
            instance=instance,
            cursor=result.cursor,
            resources={"warehouse": warehouse},
            repository_def=defs.get_repository_def(),
        )
        with dg.partition_loading_context(dynamic_partitions_store=instance):
            assert not sensor.evaluate_tick(later).run_requests
