"""The report as a workbook: numbers stay numbers, formatted so that Italian Excel shows 1.400.000,00."""

import re
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from orchestration.reports.data import Explanation, IndicatorLine, Node, Report
from orchestration.reports.formatting import (
    DRAFT_LABEL,
    EXPLANATION_LABEL,
    LEVEL_LABELS,
    explanation_it,
    method_label,
    percent,
    period_label,
)
from orchestration.reports.html_report import (
    DEVIATING,
    TREND_NOTE,
    approval_text,
    baseline_text,
    budget_check_text,
    measures_expression,
    original_actual_text,
    report_version_text,
    trend,
)

AMOUNT_FORMAT = "#,##0.00"
COUNT_FORMAT = "#,##0"
PERCENT_FORMAT = '0.00"%"'  # values are percentages (95.93), not fractions
DATE_FORMAT = "dd/mm/yyyy"

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14, color="0B4F8A")
HEADER_FILL = PatternFill("solid", fgColor="E4EBF2")
NODE_FILL = PatternFill("solid", fgColor="F3F6F9")
TOTAL_FILL = PatternFill("solid", fgColor="E9EFF5")
WRAP = Alignment(wrap_text=True, vertical="top")

RESULT_COLUMNS = [
    ("Livello", 18),
    ("Codice", 12),
    ("Titolo / Indicatore", 34),
    ("Responsabile", 18),
    ("Peso", 9),
    ("Algoritmo", 30),
    ("Valori misure", 20),
    ("Valore", 14),
    ("Unità", 7),
    ("Target", 16),
    ("Grado di raggiungimento", 14),
    ("Semaforo", 10),
    (EXPLANATION_LABEL, 32),
    ("Note", 32),
]
# Where the plan prints baselines: the latest one and the trend, after the target.
BASELINE_COLUMNS = [("Baseline (anno)", 18), ("Tendenza", 12)]


def result_columns(report: Report) -> list[tuple[str, int]]:
    if not report.has_baselines:
        return RESULT_COLUMNS
    at = [label for label, _ in RESULT_COLUMNS].index("Target") + 1
    return RESULT_COLUMNS[:at] + BASELINE_COLUMNS + RESULT_COLUMNS[at:]


def column_numbers(columns: list[tuple[str, int]]) -> dict[str, int]:
    return {label: number for number, (label, _) in enumerate(columns, start=1)}


def sheet_title(text: str, used: set[str]) -> str:
    title = re.sub(r"[\[\]:*?/\\]", "-", text)[:31]
    candidate, number = title, 2
    while candidate in used:
        suffix = f" ({number})"
        candidate, number = title[: 31 - len(suffix)] + suffix, number + 1
    used.add(candidate)
    return candidate


# Text a spreadsheet could take for a formula or a command (formula injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _put(sheet: Worksheet, row: int, column: int, value: object) -> Cell:
    """Write a value; text always as text, never as a formula, whatever it starts with.

    openpyxl stores a string starting with `=` as a formula: the type is forced back to string, so
    Excel shows `=HYPERLINK(...)` as the characters it is. Text starting with a formula trigger
    also gets Excel's quote prefix: editing the cell keeps it text.
    """
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_TRIGGERS):
            cell.quotePrefix = True
    return cell


def _header(sheet: Worksheet, row: int, columns: list[tuple[str, int]]) -> None:
    for index, (label, width) in enumerate(columns, start=1):
        cell = _put(sheet, row, index, label)
        cell.font, cell.fill, cell.alignment = BOLD, HEADER_FILL, WRAP
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = sheet.cell(row=row + 1, column=1)


def _number(value: object) -> object:
    # Figures as reported are DECIMAL(38,2) in the marts: a float holds them exactly as printed.
    return float(value) if isinstance(value, Decimal) else value


def _percent_cell(sheet: Worksheet, row: int, column: int, value: float | Decimal | None) -> None:
    cell = _put(sheet, row, column, _number(value))
    cell.number_format = PERCENT_FORMAT


def _light_cell(
    sheet: Worksheet, row: int, column: int, colour: str | None, report: Report
) -> None:
    status = report.status("traffic_light", colour)
    cell = _put(sheet, row, column, status.label)
    cell.fill = PatternFill("solid", fgColor=status.colour.removeprefix("#").upper())
    cell.font = Font(bold=True, color="000000" if colour == "amber" else "FFFFFF")


def _value_cell(sheet: Worksheet, row: int, column: int, line: IndicatorLine) -> None:
    if line.actual_unit == "date" or line.actual_date is not None:
        cell = _put(sheet, row, column, line.actual_date)
        cell.number_format = DATE_FORMAT
        return
    cell = _put(sheet, row, column, _number(line.actual_value))
    if line.actual_unit == "%":
        cell.number_format = PERCENT_FORMAT
    elif line.actual_value is not None and float(line.actual_value).is_integer():
        cell.number_format = COUNT_FORMAT if line.actual_unit != "€" else AMOUNT_FORMAT
    else:
        cell.number_format = AMOUNT_FORMAT


def _line_note(line: IndicatorLine) -> str:
    notes = []
    if not line.is_evaluated:
        notes.append(f"Neutralizzato: {line.not_evaluated_reason or 'motivo non indicato'}")
    if line.is_overridden:
        notes.append(
            f"Rettifica ({line.override_field}): valore originale {original_actual_text(line)}, "
            f"grado originale {percent(line.original_achievement_pct)}. "
            f"Motivazione: {line.override_justification or 'non indicata'}"
            + (f" Decisa da: {line.override_decided_by}." if line.override_decided_by else "")
        )
    if line.evaluation_note:
        notes.append(line.evaluation_note)
    if line.scoring_rule_note:
        notes.append(line.scoring_rule_note)
    return " | ".join(notes)


def _explanation_note(explanation: Explanation | None) -> str:
    """The owner's explanation of an amber or red row, or that it is missing."""
    if explanation is None:
        return explanation_it(None, None, None)
    return explanation_it(explanation.text, explanation.author, explanation.written_on)


def _node_row(
    sheet: Worksheet, row: int, node: Node, report: Report, columns: dict[str, int]
) -> None:
    label = (
        "Gruppo" if node.level == "objective_group" else LEVEL_LABELS.get(node.level, node.level)
    )
    if node.sub_objective_of:
        label += f" (sotto-obiettivo di {node.sub_objective_of})"
    values = {1: label, 2: node.code, 3: node.title, 4: node.owner}
    for column, value in values.items():
        cell = _put(sheet, row, column, value)
        cell.font, cell.fill, cell.alignment = BOLD, NODE_FILL, WRAP
    _percent_cell(sheet, row, 5, node.weight_pct)
    if report.is_plan:
        return
    grade = columns["Grado di raggiungimento"]
    _percent_cell(sheet, row, grade, node.achievement_pct)
    sheet.cell(row=row, column=grade).font = BOLD
    _light_cell(sheet, row, columns["Semaforo"], node.traffic_light, report)
    note = []
    if node.not_evaluated_reason:
        note.append(f"Non valutato: {node.not_evaluated_reason}")
    if node.has_overridden_indicator:
        note.append("Contiene un indicatore rettificato")
    _put(sheet, row, columns["Note"], " | ".join(note) or None).alignment = WRAP
    if node.traffic_light in DEVIATING:
        explanation = _explanation_note(node.explanation)
        _put(sheet, row, columns[EXPLANATION_LABEL], explanation).alignment = WRAP


def _result_indicator_row(
    sheet: Worksheet, row: int, line: IndicatorLine, report: Report, columns: dict[str, int]
) -> None:
    values = {
        "Livello": "Indicatore",
        "Codice": line.indicator_code,
        "Titolo / Indicatore": line.name,
        "Algoritmo": line.algorithm,
        "Valori misure": measures_expression(line),
        "Unità": line.actual_unit,
        "Target": line.target_raw,
        "Note": _line_note(line) or None,
        EXPLANATION_LABEL: _explanation_note(line.explanation)
        if line.traffic_light in DEVIATING
        else None,
    }
    if "Tendenza" in columns:
        values["Baseline (anno)"] = baseline_text(line)
        values["Tendenza"] = trend(line, report.covers_full_year)[0]
    for label, value in values.items():
        _put(sheet, row, columns[label], value).alignment = WRAP
    _percent_cell(sheet, row, columns["Peso"], line.weight_pct)
    _value_cell(sheet, row, columns["Valore"], line)
    grade = columns["Grado di raggiungimento"]
    _percent_cell(sheet, row, grade, line.achievement_pct if line.is_evaluated else None)
    if not line.is_evaluated:
        _put(sheet, row, grade, "Neutralizzato")
    _light_cell(sheet, row, columns["Semaforo"], line.traffic_light, report)


def _plan_columns(report: Report) -> list[tuple[str, int]]:
    return [
        ("Livello", 20),
        ("Codice", 14),
        ("Titolo / Indicatore", 48),
        ("Responsabile", 18),
        ("Peso", 9),
        ("Algoritmo", 48),
        ("Formula", 28),
        ("Baseline", 30),
        *[(f"Target {year}", 18) for year in report.target_years],
    ]


def _plan_indicator_row(sheet: Worksheet, row: int, line: IndicatorLine, report: Report) -> None:
    baselines = "; ".join(f"{year}: {text}" for year, text in sorted(line.baselines.items()))
    values = {1: "Indicatore", 2: line.indicator_code, 3: line.name, 6: line.algorithm}
    values |= {7: line.formula, 8: baselines or None}
    for offset, year in enumerate(report.target_years):
        values[9 + offset] = line.targets.get(year)
    for column, value in values.items():
        _put(sheet, row, column, value).alignment = WRAP
    _percent_cell(sheet, row, 5, line.weight_pct)


def _area_sheet(sheet: Worksheet, area: Node, report: Report) -> None:
    _put(sheet, 1, 1, f"Area strategica {area.code} – {area.title or ''}").font = TITLE
    columns = _plan_columns(report) if report.is_plan else result_columns(report)
    numbers = column_numbers(columns)
    _header(sheet, 3, columns)
    row = 4
    for node in area.walk():
        _node_row(sheet, row, node, report, numbers)
        row += 1
        for line in node.indicators:
            if report.is_plan:
                _plan_indicator_row(sheet, row, line, report)
            else:
                _result_indicator_row(sheet, row, line, report, numbers)
            row += 1
    sheet.auto_filter.ref = f"A3:{get_column_letter(len(columns))}{row - 1}"


def _summary_sheet(sheet: Worksheet, report: Report) -> None:
    title = (
        "Piano degli indicatori e dei risultati attesi (PIRA)"
        if report.is_plan
        else "Rapporto sui risultati del PIRA"
    )
    _put(sheet, 1, 1, title).font = TITLE
    facts: list[tuple[str, object, str | None]] = [
        ("Ente", report.entity_name, None),
        ("Codice ente", report.entity_code, None),
        (
            "Periodo",
            "piano (nessuna misura caricata)"
            if report.is_plan
            else period_label(
                report.period or "", report.period_type, report.period_year, report.period_quarter
            ),
            None,
        ),
        ("Ciclo di piano", report.cycle, None),
    ]
    if not report.is_plan:
        facts += [
            ("Raggiungimento complessivo", report.overall_pct, PERCENT_FORMAT),
            ("Metodo", method_label(report.overall_method), None),
            (
                "Totale raggiungimento obiettivi operativi",
                report.operational_objectives_pct,
                PERCENT_FORMAT,
            ),
            (
                "Obiettivi operativi valutati",
                report.evaluated_operational_objective_count,
                COUNT_FORMAT,
            ),
            ("Obiettivi operativi", report.operational_objective_count, COUNT_FORMAT),
            ("Indicatori valutati", report.evaluated_indicator_count, COUNT_FORMAT),
            ("Indicatori", report.indicator_count, COUNT_FORMAT),
            ("Indicatori rettificati", report.overridden_indicator_count, COUNT_FORMAT),
            (
                "Semaforo complessivo",
                report.status("traffic_light", report.traffic_light).label,
                None,
            ),
            (
                "Approvazioni",
                "; ".join(approval_text(approval) for approval in report.approvals) or DRAFT_LABEL,
                None,
            ),
            ("Risultati pubblicati", report_version_text(report), None),
        ]
    facts += [
        (
            "Segnalazioni sulla qualità dei dati (errori e avvisi)",
            len(report.quality),
            COUNT_FORMAT,
        ),
        (
            "Dati sintetici dimostrativi",
            "sì: " + "; ".join(report.synthetic_sources) if report.synthetic_sources else "no",
            None,
        ),
    ]
    for offset, (label, value, number_format) in enumerate(facts):
        _put(sheet, 3 + offset, 1, label).font = BOLD
        cell = _put(sheet, 3 + offset, 2, value)
        if number_format:
            cell.number_format = number_format
    start = 3 + len(facts) + 2
    columns = [("Livello", 42), ("Codice", 12), ("Titolo", 70), ("Peso", 10)]
    if not report.is_plan:
        columns += [("Grado di raggiungimento", 16), ("Semaforo", 10)]
    _header(sheet, start, columns)
    sheet.freeze_panes = None
    row = start + 1
    for area in report.areas:
        for node in [area, *[c for c in area.children if c.level == "strategic_objective"]]:
            _put(sheet, row, 1, LEVEL_LABELS[node.level])
            _put(sheet, row, 2, node.code)
            _put(sheet, row, 3, node.title).alignment = WRAP
            _percent_cell(sheet, row, 4, node.weight_pct)
            if not report.is_plan:
                _percent_cell(sheet, row, 5, node.achievement_pct)
                _light_cell(sheet, row, 6, node.traffic_light, report)
            if node.level == "area":
                for column in range(1, 5):
                    sheet.cell(row=row, column=column).font = BOLD
            row += 1
    if not report.is_plan:
        _approval_block(sheet, row + 1, report)


def _approval_block(sheet: Worksheet, row: int, report: Report) -> None:
    """The sign-off under the summary: each stage, who, when, the act; a draft says so."""
    _put(sheet, row, 1, "Approvazioni del periodo").font = TITLE
    if not report.approvals:
        _put(sheet, row + 1, 1, f"{DRAFT_LABEL}: nessuna approvazione registrata per il periodo")
        row += 2
    else:
        for column, label in enumerate(["Fase", "Approvato da", "Data", "Atto"], start=1):
            cell = _put(sheet, row + 1, column, label)
            cell.font, cell.fill = BOLD, HEADER_FILL
        for offset, approval in enumerate(report.approvals, start=2):
            _put(sheet, row + offset, 1, approval.stage)
            _put(sheet, row + offset, 2, approval.approved_by)
            _put(sheet, row + offset, 3, approval.approved_on).number_format = DATE_FORMAT
            _put(sheet, row + offset, 4, approval.act_reference).alignment = WRAP
        row += len(report.approvals) + 2
    # The published version is among the facts above ("Risultati pubblicati").
    if report.has_baselines:
        _put(sheet, row + 1, 1, TREND_NOTE)


def _budget_groups_sheet(sheet: Worksheet, report: Report) -> None:
    """The objectives under a heading row per budget programme (Report.budget_groups)."""
    _put(sheet, 1, 1, "Obiettivi per missione e programma").font = TITLE
    columns = [("Livello", 20), ("Codice", 12), ("Titolo", 60)]
    if not report.is_plan:
        columns += [("Grado di raggiungimento", 14), ("Semaforo", 10)]
    _header(sheet, 3, columns)
    row = 4
    for heading, nodes in report.budget_groups():
        cell = _put(sheet, row, 1, heading)
        cell.font, cell.fill, cell.alignment = BOLD, TOTAL_FILL, WRAP
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(columns))
        row += 1
        for node in nodes:
            _put(sheet, row, 1, LEVEL_LABELS.get(node.level, node.level))
            _put(sheet, row, 2, node.code)
            _put(sheet, row, 3, node.title).alignment = WRAP
            if not report.is_plan:
                _percent_cell(sheet, row, 4, node.achievement_pct)
                _light_cell(sheet, row, 5, node.traffic_light, report)
            row += 1


def _budget_sheet(sheet: Worksheet, report: Report) -> None:
    _put(sheet, 1, 1, "Missioni e programmi: preventivo e consuntivo").font = TITLE
    columns = [
        ("Anno", 7),
        ("Missione", 9),
        ("Nome missione", 34),
        ("Programma", 10),
        ("Nome programma", 44),
        ("Area prioritaria", 40),
        ("Preventivo (€)", 16),
        ("Consuntivo (€)", 16),
        ("Note", 50),
    ]
    _header(sheet, 3, columns)
    row = 4
    if not report.budget:
        _put(sheet, row, 1, "Nessuna tabella di bilancio caricata.")
        return
    for year in sorted({line.budget_year for line in report.budget}):
        lines = [line for line in report.budget if line.budget_year == year]
        for line in lines:
            is_total = line.row_type == "total"
            raw_notes = [
                f"{label} stampato: {raw}"
                for label, raw, number in (
                    ("preventivo", line.forecast_raw, line.forecast_eur),
                    ("consuntivo", line.actual_raw, line.actual_eur),
                )
                if raw and number is None
            ]
            values = [
                year,
                line.mission_code,
                line.mission_name,
                line.program_code,
                line.program_name,
                line.priority_area,
                _number(line.forecast_eur),
                _number(line.actual_eur),
                "; ".join((["Totale stampato"] if is_total else []) + raw_notes) or None,
            ]
            for column, value in enumerate(values, start=1):
                cell = _put(sheet, row, column, value)
                cell.alignment = WRAP
                if column in (7, 8):
                    cell.number_format = AMOUNT_FORMAT
                if is_total:
                    cell.font, cell.fill = BOLD, TOTAL_FILL
            row += 1
        checks = [check for check in report.budget_checks if check.budget_year == year]
        sums = {check.amount_column: check.detail_sum_eur for check in checks}
        _put(sheet, row, 6, "Somma delle righe di dettaglio").font = BOLD
        for column, amount_column in ((7, "forecast"), (8, "actual")):
            cell = _put(sheet, row, column, _number(sums.get(amount_column)))
            cell.number_format = AMOUNT_FORMAT
        _put(
            sheet,
            row,
            9,
            " ".join(budget_check_text(check) for check in checks if check.is_balanced is False)
            or "Le righe di dettaglio sommano al totale stampato.",
        ).alignment = WRAP
        row += 2


def _quality_sheet(sheet: Worksheet, report: Report) -> None:
    _put(sheet, 1, 1, "Segnalazioni sulla qualità dei dati").font = TITLE
    columns = [
        ("Gravità", 10),
        ("Controllo", 24),
        ("Tabella", 22),
        ("Riga", 26),
        ("Campo", 20),
        ("Valore", 24),
        ("Motivo", 90),
    ]
    _header(sheet, 3, columns)
    for row, issue in enumerate(report.quality, start=4):
        for column, value in enumerate(
            [
                report.status("severity", issue.severity).label,
                issue.label,
                issue.source_table,
                issue.row_key,
                issue.field,
                issue.raw_value,
                issue.reason,
            ],
            start=1,
        ):
            _put(sheet, row, column, value).alignment = WRAP


# Row height of one line of 11-point text, in points; characters of a column width unit per line.
LINE_POINTS = 15.0
CHARACTERS_PER_WIDTH = 1.2


def fit_row_heights(sheet: Worksheet) -> None:
    """Each row as tall as its longest wrapped text: LibreOffice prints a row without a height one
    line tall, its wrapped text cut and overlapping the next row."""
    # A merged cell (a heading row) wraps over the width of every column it spans.
    merged_widths = {
        (cells.min_row, cells.min_col): sum(
            sheet.column_dimensions[get_column_letter(column)].width or 10
            for column in range(cells.min_col, cells.max_col + 1)
        )
        for cells in sheet.merged_cells.ranges
    }
    for row in sheet.iter_rows():
        lines = 1
        for cell in row:
            if cell.value is None:
                continue
            if not cell.alignment.wrap_text:  # numbers at the top of a tall row, beside the text
                cell.alignment = Alignment(horizontal=cell.alignment.horizontal, vertical="top")
                continue
            if not isinstance(cell.value, str):
                continue
            width = merged_widths.get(
                (cell.row, cell.column), sheet.column_dimensions[cell.column_letter].width or 10
            )
            bold = 0.85 if cell.font and cell.font.bold else 1.0  # bold letters are wider
            per_line = max(int(width * CHARACTERS_PER_WIDTH * bold), 1)
            lines = max(
                lines, sum(-(-len(part) // per_line) or 1 for part in cell.value.split("\n"))
            )
        if lines > 1:
            sheet.row_dimensions[row[0].row].height = lines * LINE_POINTS


def print_setup(sheet: Worksheet, title_rows: str, report: Report) -> None:
    """A4 landscape, every column on the page width, header rows on every page, "Pagina N di M"."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as the rows need
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = title_rows
    sheet.print_options.gridLines = False
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    period = report.period or f"piano {report.plan_cycle or ''}".strip()
    for header_footer in (sheet.oddHeader, sheet.evenHeader, sheet.firstHeader):
        header_footer.left.text = f"{report.entity_name} — {period}"
        header_footer.right.text = "&A"  # the sheet's name
    for header_footer in (sheet.oddFooter, sheet.evenFooter, sheet.firstFooter):
        header_footer.left.text = "Fonte: warehouse PIRA, schema marts"
        header_footer.right.text = "Pagina &P di &N"


def write_xlsx(report: Report, path: Path) -> Path:
    workbook = Workbook()
    used: set[str] = set()
    summary = workbook.active
    summary.title = sheet_title("Sintesi", used)
    _summary_sheet(summary, report)
    for area in report.areas:
        _area_sheet(workbook.create_sheet(sheet_title(f"Area {area.code}", used)), area, report)
    if report.budget_groups():
        _budget_groups_sheet(workbook.create_sheet(sheet_title("Per programma", used)), report)
    _budget_sheet(workbook.create_sheet(sheet_title("Bilancio", used)), report)
    _quality_sheet(workbook.create_sheet(sheet_title("Qualità dati", used)), report)
    for sheet in workbook.worksheets:
        # The title and the column headers (row 3) repeat; the summary repeats its title.
        fit_row_heights(sheet)
        print_setup(sheet, "1:1" if sheet is summary else "1:3", report)
    workbook.save(path)
    return path
