"""PIRA reports built from the real warehouse, rendered by headless Chromium and read back with openpyxl."""

import csv
import os
import re
import shutil
import subprocess
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import openpyxl
import pytest

from orchestration.italian import format_number, format_percent
from orchestration.paths import PROJECT_DIR
from orchestration.reports import build_all_reports, build_report
from orchestration.reports.monitoring import render_monitoring_section
from tests.conftest import REFERENCE_DIR, Scenario, fetch

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOT_ENV_VAR = "PIRA_KEEP_SCREENSHOTS"
VOID_TAGS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "wbr",
}


def chromium(args: list[str], profile_dir: Path) -> str:
    binary = shutil.which("chromium")
    assert binary, "chromium is missing: `make test` installs it (scripts/ensure_chromium.sh)"
    result = subprocess.run(
        [binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile_dir}", *args],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def rendered_dom(html_path: Path, profile_dir: Path) -> str:
    dom = chromium(["--dump-dom", html_path.as_uri()], profile_dir)
    assert "</html>" in dom
    return dom


def plain(markup: str) -> str:
    """Serialised markup with non-breaking spaces (kept between numbers and units) as spaces."""
    return markup.replace("&nbsp;", " ").replace("\xa0", " ")


class Elements(HTMLParser):
    """Text of the elements carrying an id or a data-summary attribute in a serialised DOM."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.by_id: dict[str, str] = {}
        self.by_summary: dict[str, str] = {}
        self._stack: list[tuple[str, dict[str, str | None], list[str]]] = []
        self.feed(markup)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID_TAGS:
            self._stack.append((tag, dict(attrs), []))

    def handle_data(self, data: str) -> None:
        for _, _, parts in self._stack:
            parts.append(data)

    def handle_endtag(self, tag: str) -> None:
        while self._stack:
            open_tag, attrs, parts = self._stack.pop()
            text = " ".join("".join(parts).split())
            if attrs.get("id"):
                self.by_id[attrs["id"]] = text
            if attrs.get("data-summary"):
                self.by_summary[attrs["data-summary"]] = text
            if open_tag == tag:
                break


@pytest.fixture(scope="module")
def reports(warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    written = build_all_reports(warehouse, tmp_path_factory.mktemp("reports"))
    return {path.name: path for path in written}


@pytest.fixture(scope="module")
def fe_dom(reports: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> str:
    return rendered_dom(reports["FE_2017.html"], tmp_path_factory.mktemp("chromium-fe"))


@pytest.fixture(scope="module")
def mo_plan_dom(reports: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> str:
    return rendered_dom(reports["MO_plan.html"], tmp_path_factory.mktemp("chromium-mo"))


def test_every_period_and_every_plan_without_results_gets_a_report(query, reports) -> None:
    periods = query("select entity_code, period from marts.fct_entity_results")
    plans = query(
        "select entity_code from marts.dim_entity "
        "where entity_code not in (select entity_code from marts.fct_entity_results)"
    )
    expected = {
        f"{entity}_{period}{suffix}" for entity, period in periods for suffix in (".html", ".xlsx")
    }
    expected |= {f"{entity}_plan{suffix}" for (entity,) in plans for suffix in (".html", ".xlsx")}
    assert set(reports) == expected
    assert {"FE_2017.html", "FE_2017.xlsx", "MO_plan.html", "MO_plan.xlsx"} <= set(reports)
    assert all(path.stat().st_size > 0 for path in reports.values())


def test_html_is_self_contained(reports) -> None:
    for name in ("FE_2017.html", "MO_plan.html"):
        markup = reports[name].read_text(encoding="utf-8")
        assert "<script" not in markup.lower()
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", markup)
        assert "@import" not in markup and "url(" not in markup
        assert "<style>" in markup
    assert "<svg" in reports["FE_2017.html"].read_text(encoding="utf-8")  # charts are inline SVG


def test_rendered_totals_equal_the_marts(query, fe_dom) -> None:
    elements = Elements(fe_dom)
    [(overall, operational)] = query(
        "select overall_pct, operational_objectives_pct from marts.fct_entity_results "
        "where entity_code = 'FE' and period = '2017'"
    )
    assert elements.by_id["totale-obiettivi-operativi"] == format_percent(operational) == "95,93%"
    assert elements.by_id["raggiungimento-complessivo"] == format_percent(overall)
    assert elements.by_id["ente"] == "Camera di commercio di Ferrara"
    assert elements.by_id["periodo"] == "Anno 2017"
    objectives = dict(
        query(
            "select node_code, achievement_pct from marts.fct_objective_results "
            "where entity_code = 'FE' and period = '2017' "
            "and node_level in ('area', 'strategic_objective')"
        )
    )
    assert len(objectives) == 12  # 3 areas, 9 strategic objectives
    assert elements.by_summary == {code: format_percent(pct) for code, pct in objectives.items()}
    assert elements.by_summary["02.O2"] == "95,02%"  # the figure Ferrara printed


def test_rendered_budget_shows_the_printed_total_and_the_gap(query, fe_dom) -> None:
    elements = Elements(fe_dom)
    [(forecast_total, actual_total)] = query(
        "select forecast_eur, actual_eur from marts.fct_budget "
        "where entity_code = 'FE' and budget_year = 2017 and row_type = 'total'"
    )
    [(actual_sum,)] = query(
        "select sum(actual_eur) from marts.fct_budget "
        "where entity_code = 'FE' and budget_year = 2017 and row_type = 'detail'"
    )
    assert (
        elements.by_id["bilancio-totale-consuntivo"] == format_number(actual_total) == "874.963,09"
    )
    assert (
        elements.by_id["bilancio-totale-preventivo"]
        == format_number(forecast_total)
        == "1.400.000,00"
    )
    assert (
        elements.by_id["bilancio-somma-consuntivo"] == format_number(actual_sum) == "1.141.872,09"
    )
    assert "bilancio-somma-preventivo" not in elements.by_id  # that column adds up
    assert "Marketing territoriale e progetto 20%»" in fe_dom


def test_rendered_indicators_carry_their_traffic_lights_and_flags(query, fe_dom) -> None:
    rows = re.findall(r'<tr data-indicator="([^"]+)">(.*?)</tr>', fe_dom, flags=re.DOTALL)
    lights = [
        re.search(r'class="tl tl-(\w+)"><i></i>(\w+)</span>', row).groups() for _, row in rows
    ]
    # Labels come from marts.dim_status, as BI reads them beside the code.
    labels = dict(
        query("select code, label_it from marts.dim_status where status_kind = 'traffic_light'")
    )
    assert labels == {"green": "verde", "amber": "giallo", "red": "rosso", "grey": "grigio"}
    assert all(labels[colour] == word for colour, word in lights)
    expected = Counter(
        query(
            "select traffic_light, traffic_light_label from marts.fct_indicator_results "
            "where entity_code = 'FE' and period = '2017'"
        )
    )
    assert Counter(lights) == expected
    assert len(rows) == sum(expected.values()) == 201

    [(justification, original)] = query(
        "select override_justification, original_actual_value from marts.fct_indicator_results "
        "where entity_code = 'FE' and period = '2017' and is_overridden"
    )
    elements = Elements(fe_dom)
    f140_objective = elements.by_id["obj-01.02.O1.T6"]
    assert "Rettifica" in f140_objective
    assert f"valore originale {format_number(original, 0)} N." in f140_objective
    assert " ".join(justification.split()).rstrip(".") in f140_objective
    # Valori misure: the formula with each staged measure value in Italian format.
    assert "34.985,30 € / 15 N." in elements.by_id["obj-02.O1.O1"].replace("\xa0", " ")
    assert 'id="dati-sintetici"' not in fe_dom  # Ferrara's measures are the published ones


def test_rendered_quality_section_lists_the_entity_warnings(query, fe_dom) -> None:
    elements = Elements(fe_dom)
    issues = query(
        "select reason from marts.fct_data_quality_issues "
        "where entity_code = 'FE' and severity in ('error', 'warning')"
    )
    section = elements.by_id["qualita"]
    assert section.startswith("Segnalazioni sulla qualità dei dati")
    assert len(re.findall(r'<tr class="severity-(error|warning)">', fe_dom)) == len(issues) > 0
    assert all(" ".join(reason.split()) in section for (reason,) in issues)


def test_plan_report_shows_tree_weights_targets_and_baselines(query, mo_plan_dom) -> None:
    elements = Elements(mo_plan_dom)
    assert elements.by_id["ente"] == "Camera di commercio di Modena"
    summary = plain(mo_plan_dom.split('id="sintesi"')[1].split("</table>")[0])
    weights = dict(
        re.findall(
            r'<a href="#(?:area|obj)-([^"]+)">[^<]*</a></td><td>[^<]*</td><td class="num">([^<]+)</td>',
            summary,
        )
    )
    nodes = query(
        "select node_code, weight_pct from marts.dim_objective "
        "where entity_code = 'MO' and node_level in ('area', 'strategic_objective')"
    )
    assert weights == {code: format_percent(weight) for code, weight in nodes}
    assert "Grado di raggiungimento" not in summary  # nothing measured yet
    assert elements.by_id["obj-301.IND"].startswith("Indicatori — Peso 50,00%")
    assert elements.by_id["obj-301.OPS"].startswith("Obiettivi operativi — Peso 50,00%")

    targets = query(
        "select target_year, target_raw from marts.fct_indicator_targets "
        "where entity_code = 'MO' and indicator_code = '301.50' order by target_year"
    )
    baselines = query(
        "select baseline_year, value_raw from marts.fct_indicator_baselines "
        "where entity_code = 'MO' and indicator_code = '301.50' order by baseline_year"
    )
    row = re.search(r'<tr data-indicator="301\.50">(.*?)</tr>', mo_plan_dom, re.DOTALL).group(1)
    row = plain(row)
    assert [year for year, _ in targets] == [2022, 2023, 2024]
    assert all(f'<td class="target">{target}</td>' in row for _, target in targets)
    assert baselines and all(f"{year}: {value}" in row for year, value in baselines)


@pytest.mark.parametrize("name", ["FE_2017", "MO_plan"])
def test_screenshot_of_the_rendered_page(reports, name, tmp_path: Path) -> None:
    screenshot = tmp_path / f"{name}.png"
    chromium(
        [f"--screenshot={screenshot}", "--window-size=1280,3000", reports[f"{name}.html"].as_uri()],
        tmp_path / "chromium-profile",
    )
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert screenshot.stat().st_size > 10_000
    if os.environ.get(SCREENSHOT_ENV_VAR):
        kept = PROJECT_DIR / "reports" / "screenshots"
        kept.mkdir(parents=True, exist_ok=True)
        shutil.copy2(screenshot, kept / screenshot.name)


def test_workbook_sheets_and_numbers(query, reports) -> None:
    workbook = openpyxl.load_workbook(reports["FE_2017.xlsx"])
    areas = [
        code
        for (code,) in query(
            "select node_code from marts.dim_objective "
            "where entity_code = 'FE' and node_level = 'area' order by source_row"
        )
    ]
    assert workbook.sheetnames[0] == "Sintesi"
    assert [name for name in workbook.sheetnames if name.startswith("Area ")] == [
        f"Area {code}" for code in areas
    ]
    assert len(areas) == 3 and "Bilancio" in workbook.sheetnames

    summary = {
        row[0].value: row[1] for row in workbook["Sintesi"].iter_rows(max_col=2) if row[0].value
    }
    [(overall, operational, indicators)] = query(
        "select overall_pct, operational_objectives_pct, indicator_count from marts.fct_entity_results "
        "where entity_code = 'FE' and period = '2017'"
    )
    total = summary["Totale raggiungimento obiettivi operativi"]
    # The workbook holds the figures as reported (DECIMAL half-up): Excel shows what the page shows.
    assert isinstance(total.value, float) and total.value == 95.93
    assert format_percent(total.value) == format_percent(operational)
    assert total.number_format == '0.00"%"'
    assert format_percent(summary["Raggiungimento complessivo"].value) == format_percent(overall)

    indicator_rows = sum(
        1
        for name in workbook.sheetnames
        if name.startswith("Area ")
        for row in workbook[name].iter_rows(min_row=4, max_col=1, values_only=True)
        if row[0] == "Indicatore"
    )
    assert indicator_rows == indicators == 201

    budget = workbook["Bilancio"]
    [total_row] = [
        row for row in budget.iter_rows(min_row=4) if row[2].value and "TOTALE" in row[2].value
    ]
    assert total_row[6].value == 1_400_000.00 and total_row[7].value == 874_963.09
    assert total_row[7].number_format == "#,##0.00"
    [sum_row] = [
        row
        for row in budget.iter_rows(min_row=4)
        if row[5].value == "Somma delle righe di dettaglio"
    ]
    assert sum_row[7].value == 1_141_872.09
    assert "1.141.872,09" in sum_row[8].value and "874.963,09" in sum_row[8].value


def test_plan_workbook_has_targets_per_year(query, reports) -> None:
    workbook = openpyxl.load_workbook(reports["MO_plan.xlsx"])
    areas = query(
        "select count(*) from marts.dim_objective where entity_code = 'MO' and node_level = 'area'"
    )[0][0]
    assert [name for name in workbook.sheetnames if name.startswith("Area ")] == [
        f"Area {number}" for number in range(1, areas + 1)
    ]
    sheet = workbook["Area 1"]
    header = [cell.value for cell in sheet[3]]
    assert header[-3:] == ["Target 2022", "Target 2023", "Target 2024"]
    [row] = [row for row in sheet.iter_rows(min_row=4, values_only=True) if row[1] == "301.50"]
    targets = [target for _, target in query(
        "select target_year, target_raw from marts.fct_indicator_targets "
        "where entity_code = 'MO' and indicator_code = '301.50' order by target_year"
    )]  # fmt: skip
    assert list(row[-3:]) == targets
    assert row[4] == 5.0  # weight stored as a number


def test_reports_read_a_copy_saved_under_another_name(warehouse: Path, tmp_path: Path) -> None:
    # dbt's views name the catalog after the built file; a published copy must still resolve them.
    copy = tmp_path / "published-copy.duckdb"
    shutil.copy2(warehouse, copy)
    html_path, xlsx_path = build_report(copy, "FE", "2017", tmp_path / "out")
    assert html_path.name == "FE_2017.html" and xlsx_path.name == "FE_2017.xlsx"
    markup = html_path.read_text(encoding="utf-8").replace("\xa0", " ")
    assert "34.985,30 € / 15 N." in markup
    assert fetch(copy, "select count(*) from marts.fct_entity_results")[0][0] == 1


def test_a_year_has_no_monitoring_picture(warehouse: Path) -> None:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        assert render_monitoring_section(connection, "FE", "2017") == ""


def test_results_with_groups_neutralised_indicators_and_synthetic_data(
    scenario: Scenario, tmp_path: Path
) -> None:
    """Modena with a few synthetic 2022 measures: groups, neutralised indicators and the banner."""
    rows = scenario.rows("raw_measure_values")
    next_row = max(int(row["source_row"]) for row in rows) + 1
    measures = [
        ("2022", "Driver Export", "13.600.000.000", "€"),
        ("2022", "D1.1_1", "400", "N."),
        ("2022", "D1.1_2", "300", "N."),
        ("2022", "D1.1_3", "150", "N."),
        ("2022", "D1.1_10", "700", "N."),
        ("2022", "D1.1_20", "90", "N."),
        ("2022-Q2", "D1.1_10", "350", "N."),
    ]
    for offset, (period, code, value, unit) in enumerate(measures):
        rows.append(
            dict.fromkeys(rows[0], "")
            | {
                "source_row": str(next_row + offset),
                "entity_code": "MO",
                "period": period,
                "measure_code": code,
                "value_raw": value,
                "unit_raw": unit,
                "source": "Estrazione sintetica dimostrativa",
                "extracted_at": "2026-11-21 00:00:00",
            }
        )
    scenario.replace_rows("raw_measure_values", rows)
    scenario.build()
    written = {
        path.name: path for path in build_all_reports(scenario.database_path, tmp_path / "out")
    }
    assert {"MO_2022.html", "MO_2022-Q2.html", "MO_2022.xlsx"} <= set(written)
    assert "MO_plan.html" not in written  # Modena has results now

    dom = rendered_dom(written["MO_2022.html"], tmp_path / "chromium")
    elements = Elements(dom)
    [(overall,)] = scenario.query(
        "select overall_pct from marts.fct_entity_results where entity_code = 'MO' and period = '2022'"
    )
    assert elements.by_id["raggiungimento-complessivo"] == format_percent(overall)
    assert elements.by_id["dati-sintetici"].startswith("Dati sintetici dimostrativi")
    assert elements.by_id["obj-301.IND"].startswith("Indicatori — Peso 50,00%")
    [(reason,)] = scenario.query(
        "select not_evaluated_reason from marts.fct_indicator_results "
        "where entity_code = 'MO' and period = '2022' and indicator_code = '31.D1.2.3'"
    )
    objective = elements.by_id["obj-301.D1.2"]
    assert f"Neutralizzato {reason}" in objective
    assert "grigio" in objective

    quarter = Elements(rendered_dom(written["MO_2022-Q2.html"], tmp_path / "chromium"))
    assert (
        quarter.by_id["periodo"] == "II trimestre 2022 (monitoraggio, dati cumulati al 30/06/2022)"
    )
    # Monitoring: 31.D1.1.1 has 350 of its 800 by 30/06, 87,5% of the pro-rata 400: at risk.
    assert "A rischio: 1" in quarter.by_id["monitoraggio"]
    assert "31.D1.1.1" in quarter.by_id["monitoraggio"]
    with written["MO_2022.xlsx"].open("rb") as handle:
        workbook = openpyxl.load_workbook(handle)
    facts = {row[0]: row[1] for row in workbook["Sintesi"].iter_rows(max_col=2, values_only=True)}
    assert facts["Dati sintetici dimostrativi"] == "sì: Estrazione sintetica dimostrativa"


def test_reference_budget_matches_what_the_report_checks() -> None:
    # The gap the report flags is the one in the published document, not an artefact of the seeds.
    reference = REFERENCE_DIR / "ferrara_2017" / "budget.csv"
    with reference.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    detail = sum(float(row["consuntivo_eur"] or 0) for row in rows if row["row_type"] == "detail")
    [total] = [float(row["consuntivo_eur"]) for row in rows if row["row_type"] == "total"]
    assert format_number(detail) == "1.141.872,09" and format_number(total) == "874.963,09"
