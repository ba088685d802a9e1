"""The annex a director signs: the PDF beside each HTML report, baselines and trend, print set-up.

One job run (as `make run`, PDFs on) over the embedded Ferrara data and Modena's synthetic quarters;
the PDFs are read back with poppler (pdfinfo, pdftotext, pdftoppm) and the workbook printed to PDF
by LibreOffice, as a person opening and printing them would get them.
"""

import csv
import os
import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from orchestration import console
from orchestration.publish import CHROMIUM_MISSING_IT, print_report_pdfs
from orchestration.reports import pdf
from orchestration.reports.html_report import INDICATOR_COLUMNS, INDICATOR_COLUMNS_WITH_BASELINE
from tests.conftest import SEEDS_DIR, Scenario

SYNTHETIC_DIR = Path(__file__).resolve().parents[1] / "data" / "synthetic"
QUARTER_FILES = [SYNTHETIC_DIR / f"MO_2022-Q{quarter}.csv" for quarter in range(1, 5)]
A4_LANDSCAPE = (841.92, 595.28)  # points; Chromium writes 594.96 for the height
POINT_TOLERANCE = 1.0


def tool(name: str) -> str:
    binary = shutil.which(name)
    assert binary, f"{name} is missing: `make test` installs it (make browser print-tools)"
    return binary


def run(args: list[str], timeout: int = 300) -> str:
    result = subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    info = run([tool("pdfinfo"), "-f", "1", "-l", "9999", str(pdf)])
    return [
        (float(width), float(height))
        for width, height in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info)
    ]


def pages_text(pdf: Path, layout: bool = False) -> list[str]:
    """The text of each page (pdftotext separates pages with a form feed)."""
    args = [tool("pdftotext"), *(["-layout"] if layout else []), str(pdf), "-"]
    return run(args).split("\f")[:-1]


def words_by_page(pdf: Path) -> list[tuple[float, list[tuple[float, float, str]]]]:
    """(page width, [(xMin, xMax, word)]) of each page, from pdftotext -bbox."""
    markup = run([tool("pdftotext"), "-bbox", str(pdf), "-"])
    pages = []
    for width, body in re.findall(r'<page width="([\d.]+)"[^>]*>(.*?)</page>', markup, re.DOTALL):
        words = [
            (float(x_min), float(x_max), word)
            for x_min, x_max, word in re.findall(
                r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
                body,
            )
        ]
        pages.append((float(width), words))
    return pages


def header_words(label: str) -> list[str]:
    return label.replace("&shy;", "").split()


def printed(word: str, words: set[str]) -> bool:
    """The word is on the page, whole or hyphenated over two lines ("raggiungi-" "mento")."""
    return word in words or any(
        word[:cut] in words and word[cut:] in words for cut in range(2, len(word) - 1)
    )


def joined(text: str) -> str:
    """Page text with words rejoined where the print hyphenated or wrapped them."""
    return " ".join(re.sub(r"[-\u00ad\u2010]+\n", "", text).split())


@pytest.fixture(scope="module")
def published_reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    scenario = Scenario(tmp_path_factory.mktemp("annex") / "project")
    previous = os.environ.get("PIRA_REPORT_PDF")
    os.environ["PIRA_REPORT_PDF"] = "1"  # as `make run`: the tests' other job runs skip the PDFs
    try:
        outcome = scenario.run_pipeline(landing_files=QUARTER_FILES)
    finally:
        if previous is None:
            os.environ.pop("PIRA_REPORT_PDF")
        else:
            os.environ["PIRA_REPORT_PDF"] = previous
    assert outcome.published, outcome.messages
    return Path(scenario.warehouse_resource().reports_dir)


def test_a_pdf_beside_every_html_report_on_a4_landscape(published_reports: Path) -> None:
    html = sorted(path.stem for path in published_reports.glob("*.html"))
    pdfs = sorted(path.stem for path in published_reports.glob("*.pdf"))
    assert "FE_2017" in html and "MO_2022-Q4" in html
    assert pdfs == html
    for stem in pdfs:
        pdf = published_reports / f"{stem}.pdf"
        assert pdf.read_bytes()[:5] == b"%PDF-"
        sizes = page_sizes(pdf)
        assert sizes, stem
        # No page wider (or taller) than A4 landscape: nothing is cut off on paper.
        assert all(
            abs(width - A4_LANDSCAPE[0]) < POINT_TOLERANCE
            and abs(height - A4_LANDSCAPE[1]) < POINT_TOLERANCE
            for width, height in sizes
        ), (stem, set(sizes))
    texts = pages_text(published_reports / "FE_2017.pdf")
    assert len(texts) == len(page_sizes(published_reports / "FE_2017.pdf"))
    # Page numbers in Italian in the footer of every page, with the report's title.
    assert all(f"Pagina {n} di {len(texts)}" in text for n, text in enumerate(texts, 1))
    assert "Rapporto sui risultati del PIRA — Camera di commercio di Ferrara — 2017" in texts[0]


def test_the_pdf_renders(published_reports: Path, tmp_path: Path) -> None:
    run(
        [
            tool("pdftoppm"),
            "-png",
            "-r",
            "50",
            "-f",
            "1",
            "-l",
            "2",
            str(published_reports / "FE_2017.pdf"),
            str(tmp_path / "page"),
        ]
    )
    images = sorted(tmp_path.glob("page*.png"))
    assert len(images) == 2
    for image in images:
        data = image.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        assert width > height > 300  # landscape, 50 dpi: about 585 x 414
        assert len(data) > 5_000  # not a blank page


@pytest.mark.parametrize(
    ("stem", "columns"),
    [("FE_2017", INDICATOR_COLUMNS), ("MO_2022-Q4", INDICATOR_COLUMNS_WITH_BASELINE)],
)
def test_every_column_of_the_indicator_tables_is_on_the_page(
    published_reports: Path, stem: str, columns: list
) -> None:
    pdf = published_reports / f"{stem}.pdf"
    texts = pages_text(pdf)
    # The pages of the indicator tables: their header repeats on every page they run over.
    table_pages = [n for n, text in enumerate(texts) if "Valori misure" in joined(text)]
    assert len(table_pages) >= 5, stem
    pages = words_by_page(pdf)
    for n in table_pages:
        words = {re.sub("[\u00ad\u2010]", "", word).strip("-") for _, _, word in pages[n][1]}
        for label, _, _ in columns:
            assert all(printed(word, words) for word in header_words(label)), (stem, n + 1, label)
    for width, words in pages:
        assert all(0 <= x_min and x_max <= width for x_min, x_max, _ in words), stem


def test_baseline_and_trend_of_a_modena_indicator(published_reports: Path) -> None:
    # Ferrara's 2017 document prints no baselines: its tables have no such columns.
    fe = (published_reports / "FE_2017.html").read_text(encoding="utf-8")
    assert "Baseline (anno)" not in fe and "Tendenza" not in fe
    # 301.50 (Export totale della provincia): the latest baseline before 2022, as the seed holds it.
    with (SEEDS_DIR / "raw_baselines.csv").open(newline="", encoding="utf-8") as handle:
        seeded = [
            row
            for row in csv.DictReader(handle)
            if row["entity_code"] == "MO"
            and row["indicator_code"] == "301.50"
            and int(row["baseline_year"]) < 2022
        ]
    latest = max(seeded, key=lambda row: int(row["baseline_year"]))
    expected = f"{latest['value_raw']} ({latest['baseline_year']})"
    markup = (published_reports / "MO_2022-Q4.html").read_text(encoding="utf-8")
    row = re.search(r'<tr data-indicator="301\.50">(.*?)</tr>', markup, re.DOTALL).group(1)
    cells = [
        " ".join(re.sub(r"<[^>]+>", " ", cell).replace("\xa0", " ").split())
        for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.DOTALL)
    ]
    assert expected == "10.807.800.000 € (2021)"
    assert cells[7] == expected
    workbook = openpyxl.load_workbook(published_reports / "MO_2022-Q4.xlsx")
    header = [cell.value for cell in workbook["Area 1"][3]]
    [values] = [
        values
        for values in workbook["Area 1"].iter_rows(min_row=4, values_only=True)
        if values[1] == "301.50"
    ]
    assert values[header.index("Baseline (anno)")] == expected
    assert values[header.index("Tendenza")] == cells[8]


def test_workbook_print_setup_on_every_sheet(published_reports: Path) -> None:
    workbook = openpyxl.load_workbook(published_reports / "FE_2017.xlsx")
    assert len(workbook.worksheets) == 6  # summary, 3 areas, budget, quality
    for sheet in workbook.worksheets:
        setup = sheet.page_setup
        assert (setup.orientation, int(setup.paperSize)) == ("landscape", 9)  # 9: A4
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
        assert sheet.print_title_rows == ("$1:$1" if sheet.title == "Sintesi" else "$1:$3")
        assert sheet.oddFooter.right.text == "Pagina &P di &N"
        assert sheet.oddHeader.left.text == "Camera di commercio di Ferrara — 2017"


def test_workbook_prints_each_sheet_across_one_page(
    published_reports: Path, tmp_path: Path
) -> None:
    run(
        [
            tool("soffice"),
            f"-env:UserInstallation={(tmp_path / 'libreoffice').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(published_reports / "FE_2017.xlsx"),
        ]
    )
    pdf = tmp_path / "FE_2017.pdf"
    sizes = page_sizes(pdf)
    assert all(width <= A4_LANDSCAPE[0] + POINT_TOLERANCE for width, _ in sizes), set(sizes)
    assert all(width > height for width, height in sizes)
    assert 6 <= len(sizes) <= 40, len(sizes)
    # One page wide: every page of an area sheet shows its first and its last column's header.
    texts = [joined(text) for text in pages_text(pdf)]
    area_pages = [text for text in texts if "Titolo / Indicatore" in text]
    assert len(area_pages) >= 3
    assert all("Livello" in text and "Note" in text for text in area_pages)
    assert all(re.search(r"Pagina \d+ di \d+", text) for text in texts)


def test_without_chromium_the_run_says_so_and_keeps_html(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    html = tmp_path / "FE_2017.html"
    html.write_text("<!DOCTYPE html><title>Rapporto</title><p>Rapporto</p>", encoding="utf-8")
    empty_path = tmp_path / "bin"
    empty_path.mkdir()
    monkeypatch.setenv("PATH", str(empty_path))  # a machine without Chromium
    monkeypatch.setitem(console._state, "enabled", True)  # the console of `make run`
    assert print_report_pdfs([html]) == []
    [line] = capsys.readouterr().out.splitlines()  # one console line, in Italian
    assert line.endswith(CHROMIUM_MISSING_IT)
    assert "Chromium non è installato, PDF dei report non generati" in line
    assert html.is_file() and not html.with_suffix(".pdf").exists()


def test_an_unchanged_page_is_copied_and_a_changed_one_printed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "pdf_cache"
    printed: list[str] = []
    real_print = pdf._print_with_chromium

    def printing(binary: str, html_paths: list[Path]) -> list[Path]:
        printed.extend(path.parent.name + "/" + path.name for path in html_paths)
        return real_print(binary, html_paths)

    monkeypatch.setattr(pdf, "_print_with_chromium", printing)

    def publish(folder: str, pages: dict[str, str]) -> list[Path]:
        (tmp_path / folder).mkdir()
        html_paths = []
        for name, body in pages.items():
            html_path = tmp_path / folder / f"{name}.html"
            html_path.write_text(f"<!DOCTYPE html><title>{name}</title><p>{body}</p>", "utf-8")
            html_paths.append(html_path)
        return pdf.print_pdfs(html_paths, cache)

    first = publish("run1", {"FE_2017": "Ferrara", "MO_2022-Q1": "Modena uno"})
    second = publish("run2", {"FE_2017": "Ferrara", "MO_2022-Q1": "Modena due"})
    # The same page (same HTML, options, Chromium) is copied; the changed one is printed again.
    assert printed == ["run1/FE_2017.html", "run1/MO_2022-Q1.html", "run2/MO_2022-Q1.html"]
    assert second[0].read_bytes() == first[0].read_bytes()
    assert "Modena due" in pages_text(second[1])[0] and "Modena uno" in pages_text(first[1])[0]
    # The cache keeps the PDFs of the last run's pages only.
    assert len(list(cache.glob("*.pdf"))) == 2 and not list(cache.glob(".*"))
