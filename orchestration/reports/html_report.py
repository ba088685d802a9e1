"""The report as one self-contained HTML page: inline CSS and SVG, no script, no network, A4 print."""

import re
from html import escape

from orchestration.reports.charts import Bar, achievement_bars
from orchestration.reports.data import (
    Approval,
    BudgetCheck,
    BudgetLine,
    Explanation,
    IndicatorLine,
    Node,
    Report,
    Term,
)
from orchestration.reports.formatting import (
    DRAFT_LABEL,
    EXPLANATION_LABEL,
    LEVEL_LABELS,
    MISSING,
    amount,
    date_it,
    explanation_it,
    method_label,
    number,
    percent,
    period_label,
    quantity,
    version_it,
)

AMOUNT_COLUMN_LABELS = {"forecast": "Preventivo", "actual": "Consuntivo"}
# No line break between an operator or a number and its unit: '≥ 13.200.000.000 €' stays whole.
UNIT_GAP = re.compile(r"(?<=[<>=≥≤])\s+|\s+(?=€|%|N\.|gg\b|fte\b)")

CSS = """
:root { --ink: #1b2733; --muted: #5b6571; --line: #cfd6de; --soft: #f3f6f9; --brand: #0b4f8a;
  --green: #1e7b34; --amber: #e0a100; --red: #c0262d; --grey: #8a8f98; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 13px/1.45 "Titillium Web", "Segoe UI", "Noto Sans", "DejaVu Sans", Arial, sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 0 28px 40px; }
.masthead { background: var(--brand); color: #fff; padding: 22px 28px 18px; }
.masthead .inner { max-width: 1124px; margin: 0 auto; }
.masthead .entity { font-size: 15px; letter-spacing: .02em; opacity: .9; }
.masthead h1 { margin: 4px 0 6px; font-size: 26px; font-weight: 700; }
.masthead .period { font-size: 15px; }
.masthead .meta { font-size: 12px; opacity: .85; margin-top: 4px; }
.banner { margin: 18px 0 0; padding: 10px 14px; border-left: 6px solid var(--amber);
  background: #fff6dc; font-weight: 600; }
.banner span { font-weight: 400; }
h2 { font-size: 19px; margin: 30px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--brand);
  color: var(--brand); }
.area > .heading-line { border-bottom: 2px solid var(--brand); margin: 34px 0 10px; padding-bottom: 4px; }
.area > .heading-line h2 { border: 0; margin: 0; padding: 0; }
h3 { font-size: 15.5px; margin: 22px 0 8px; }
h4 { font-size: 13.5px; margin: 0 0 4px; }
.kicker { display: block; font-size: 11px; font-weight: 700; text-transform: uppercase;
  letter-spacing: .06em; color: var(--muted); }
h2 .kicker { color: var(--brand); opacity: .8; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 12px;
  margin: 20px 0 6px; }
.card { border: 1px solid var(--line); border-top: 4px solid var(--brand); padding: 10px 12px;
  background: var(--soft); }
.card .label { font-size: 11.5px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
.card .value { font-size: 24px; font-weight: 700; margin-top: 2px; }
.card .sub { font-size: 11.5px; color: var(--muted); }
.card a { color: var(--brand); }
nav.toc { margin: 14px 0 0; font-size: 12px; color: var(--muted); }
nav.toc a { color: var(--brand); text-decoration: none; margin-right: 14px; }
.ach { white-space: nowrap; font-weight: 700; }
.heading-line { display: flex; justify-content: space-between; align-items: baseline; gap: 16px; }
.heading-line .ach { font-size: 14px; }
.tl { display: inline-flex; align-items: center; gap: 5px; font-weight: 400; font-size: 12px;
  white-space: nowrap; }
.tl i { display: inline-block; width: 11px; height: 11px; border-radius: 50%;
  border: 1px solid rgba(0,0,0,.25); }
.tl-green i { background: var(--green); } .tl-amber i { background: var(--amber); }
.tl-red i { background: var(--red); } .tl-grey i { background: var(--grey); }
.flag { display: inline-block; font-size: 10.5px; font-weight: 700; padding: 1px 6px;
  border-radius: 3px; text-transform: uppercase; letter-spacing: .03em; }
.flag-override { background: #fde7c8; color: #7a4100; border: 1px solid #e8b26a; }
.flag-neutral { background: #e8eaed; color: #3c4043; border: 1px solid #b9bec5; }
.flag-explanation { background: #e6f0fb; color: #17406d; border: 1px solid #9bbce0; }
.flag-missing { background: #fde2e1; color: #8a1c14; border: 1px solid #e59a94; }
.approvals .draft { font-weight: 700; color: #8a1c14; text-transform: uppercase; }
.area { margin-top: 10px; }
.strategic { border-left: 4px solid var(--brand); padding-left: 14px; margin: 18px 0 26px; }
.objective { margin: 16px 0 18px; }
.objective.sub { margin-left: 22px; padding-left: 12px; border-left: 2px solid var(--line); }
.group { margin: 14px 0; padding: 8px 12px; background: #fafbfc; border: 1px solid var(--line); }
.meta-line { font-size: 12px; color: var(--muted); margin: 0 0 6px; }
.meta-line b { color: var(--ink); font-weight: 600; }
table.grid { width: 100%; border-collapse: collapse; table-layout: fixed; font-size: 11.5px;
  margin: 4px 0 10px; }
table.grid th { background: #e4ebf2; color: var(--ink); text-align: left; font-weight: 700;
  padding: 5px 6px; border: 1px solid var(--line); vertical-align: bottom; }
table.grid td { padding: 4px 6px; border: 1px solid var(--line); vertical-align: top;
  overflow-wrap: anywhere; }
table.grid tbody tr:nth-child(even) td { background: #f8fafc; }
table.grid td .tl { white-space: normal; }
table.grid td.num { text-align: right; white-space: nowrap; }
table.grid td.val { text-align: right; }
table.grid th.num, table.grid td.target { text-align: right; }
table.grid tr.note td { background: #fffaf0; font-size: 11px; color: #4a3a1a; border-top: 0; }
table.grid tr.note.neutral td { background: #f3f4f6; color: #3c4043; }
table.grid tr.total td { font-weight: 700; background: #e9eff5; border-top: 2px solid var(--ink); }
.formula { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 10px; color: var(--muted); }
.raw { font-style: italic; color: var(--muted); white-space: normal; }
.missing { color: var(--red); }
.statement { display: block; color: var(--muted); font-size: 10.5px; }
.check { margin: 6px 0 0; padding: 8px 12px; border-left: 5px solid var(--red); background: #fdeeee; }
.ok { margin: 6px 0 0; padding: 8px 12px; border-left: 5px solid var(--green); background: #eef7ef; }
.note { color: var(--muted); font-size: 12px; }
svg.chart { display: block; max-width: 100%; height: auto; margin: 6px 0 12px; font-family: inherit; }
footer { margin-top: 34px; padding-top: 10px; border-top: 1px solid var(--line); font-size: 11px;
  color: var(--muted); }
.legend .tl { margin-right: 12px; }
table.grid td.trend { white-space: nowrap; }
table.grid td.trend.better { color: var(--green); font-weight: 700; }
table.grid td.trend.worse { color: var(--red); font-weight: 700; }
/* Print (the PDF beside the HTML): A4 landscape so every column of the indicator tables fits the
   width; headers repeat on each page, rows never split, the footer carries "Pagina N di M". */
@page { size: A4 landscape; margin: 12mm 10mm 14mm; }
@media print {
  body { font-size: 9pt; }
  main { max-width: none; padding: 0; }
  .masthead { padding: 8mm 0 5mm; }
  .masthead .inner { padding: 0 2mm; }
  nav.toc { display: none; }
  section.area, section.budget, section.quality { break-before: page; }
  h2, h3, h4, .heading-line { break-after: avoid; }
  tr, .card, svg.chart { break-inside: avoid; }
  thead { display: table-header-group; }
  table.grid { width: 100%; max-width: 100%; table-layout: fixed; font-size: 7.5pt; }
  table.grid th, table.grid td { padding: 2px 3px; overflow-wrap: anywhere; hyphens: auto; }
  table.grid td.num { white-space: normal; }
  .strategic { padding-left: 6px; border-left-width: 3px; }
  .objective.sub { margin-left: 4px; padding-left: 6px; }
  .cards { grid-template-columns: repeat(5, 1fr); }
  svg.chart { max-width: 100%; }
  .masthead { background: var(--brand) !important; }
  a { color: inherit; text-decoration: none; }
}
"""


def tight(text: str) -> str:
    """Escaped text whose operators and units stay on the line of their number."""
    return escape(UNIT_GAP.sub("\u00a0", text))


def _anchor(prefix: str, code: str) -> str:
    return f"{prefix}-{'_'.join(code.split())}"


def traffic_light(report: Report, colour: str | None) -> str:
    """The achievement traffic light with its Italian label (marts.dim_status)."""
    colour = colour if colour in ("green", "amber", "red", "grey") else "grey"
    label = report.status("traffic_light", colour).label
    return f'<span class="tl tl-{colour}"><i></i>{escape(label)}</span>'


def achievement_badge(node: Node, report: Report) -> str:
    if node.achievement_pct is None:
        return f'<span class="ach">non valutato {traffic_light(report, "grey")}</span>'
    return (
        f'<span class="ach" data-node="{escape(node.code)}" data-pct="{node.achievement_pct}">'
        f"{percent(node.achievement_pct)} {traffic_light(report, node.traffic_light)}</span>"
    )


def term_value_text(term: Term) -> str:
    if term.measure_code is None:
        return number(term.coefficient)
    if not term.found:
        return MISSING
    if term.is_not_available:
        return "N/D"
    if term.value_date is not None:
        return date_it(term.value_date)
    if term.value_number is not None:
        value = quantity(term.value_number, term.unit)
        return value if term.coefficient == 1 else f"{number(term.coefficient)} × {value}"
    return term.value_raw or MISSING


def measures_expression(line: IndicatorLine) -> str:
    """The formula's terms with each measure's value in force: '34.985,30 € / 15 N.'."""
    sides = []
    for role in ("numerator", "denominator"):
        terms = [term for term in line.terms if term.role == role]
        text = ""
        for index, term in enumerate(terms):
            sign = "-" if term.sign < 0 else "+"
            if index == 0:
                text = ("- " if sign == "-" else "") + term_value_text(term)
            else:
                text += f" {sign} {term_value_text(term)}"
        if len(terms) > 1 and any(t.role == "denominator" for t in line.terms):
            text = f"({text})"
        if text:
            sides.append(text)
    return " / ".join(sides)


def actual_text(line: IndicatorLine) -> str:
    if line.actual_unit == "date" or line.actual_date is not None:
        return date_it(line.actual_date)
    return quantity(line.actual_value, line.actual_unit)


# Which way is better, from the target's operator: higher for >= and a bare value, lower for <=.
BETTER_DIRECTION = {">=": 1, "=": 1, "<=": -1}
NOT_COMPARABLE = "n.c."
TREND_NOTE = (
    "Baseline: il valore più recente stampato nel piano per un anno precedente al periodo. "
    "Tendenza rispetto alla baseline: ▲ aumento, ▼ diminuzione, = invariato; «migliora» o "
    "«peggiora» secondo la direzione del target (≥ o valore da raggiungere: meglio più alto; "
    "≤: meglio più basso); n.c.: non confrontabile (unità diverse, valore non numerico, "
    "dati cumulati di un periodo infrannuale)."
)


def baseline_text(line: IndicatorLine) -> str:
    """The latest baseline before the period as printed in the plan, with its year."""
    base = line.baseline
    if base is None:
        return "—"
    return f"{base.value_raw or MISSING} ({base.year})"


def _unit_key(unit: str | None) -> str:
    return (unit or "").strip().lower().rstrip(".")


def trend(line: IndicatorLine, full_year: bool) -> tuple[str, int]:
    """(text, +1 better / -1 worse / 0 neither) of the value against the baseline."""
    base = line.baseline
    if base is None:
        return "—", 0
    comparable = (
        full_year
        and line.actual_value is not None
        and line.actual_date is None
        and base.value_number is not None
        and not base.is_not_available
        and _unit_key(base.unit) == _unit_key(line.actual_unit)
    )
    if not comparable:
        return NOT_COMPARABLE, 0
    difference = round(float(line.actual_value), 2) - round(float(base.value_number), 2)
    if difference == 0:
        return "= invariato", 0
    arrow = "▲" if difference > 0 else "▼"
    better = BETTER_DIRECTION.get(line.target_operator or "")
    if better is None:
        return arrow, 0
    improved = 1 if difference * better > 0 else -1
    return f"{arrow} {'migliora' if improved > 0 else 'peggiora'}", improved


def original_actual_text(line: IndicatorLine) -> str:
    # The original value is the one computed from the measures, in the measures' unit.
    units = {term.unit for term in line.terms if term.found and term.measure_code}
    unit = units.pop() if len(units) == 1 else line.actual_unit
    return quantity(line.original_actual_value, unit)


def indicator_notes(line: IndicatorLine) -> list[tuple[str, str]]:
    """(css class, html) of the flags shown under an indicator row."""
    notes = []
    if not line.is_evaluated:
        reason = escape(line.not_evaluated_reason or "motivo non indicato")
        notes.append(("neutral", f'<span class="flag flag-neutral">Neutralizzato</span> {reason}'))
    if line.is_overridden:
        field = {"actual_value": "valore", "achievement_pct": "grado di raggiungimento"}.get(
            line.override_field or "", line.override_field or ""
        )
        justification = (line.override_justification or "non indicata").rstrip(". ")
        decided = (
            f" Decisa da: {escape(line.override_decided_by)}." if line.override_decided_by else ""
        )
        text = (
            f'<span class="flag flag-override">Rettifica</span> del {escape(field)}: '
            f"valore originale <b>{escape(original_actual_text(line))}</b>, grado originale "
            f"<b>{escape(percent(line.original_achievement_pct))}</b>. "
            f"Motivazione: {escape(justification)}.{decided}"
        )
        notes.append(("override", text))
    if line.evaluation_note:
        notes.append(("neutral", f"Nota: {escape(line.evaluation_note)}"))
    if line.scoring_rule_note:
        notes.append(("neutral", escape(line.scoring_rule_note)))
    if line.traffic_light in DEVIATING:
        notes.append(("explanation", explanation_html(line.explanation)))
    return notes


# Traffic lights that need the owner's explanation (Motivazione dello scostamento).
DEVIATING = ("amber", "red")


def explanation_html(explanation: Explanation | None) -> str:
    """The owner's explanation of an amber or red row, or a visible mark that it is missing."""
    if explanation is None or explanation.text is None:
        return (
            f'<span class="flag flag-missing">{EXPLANATION_LABEL}</span> '
            f"{escape(explanation_it(None, None, None))}"
        )
    text = explanation_it(explanation.text, explanation.author, explanation.written_on)
    return f'<span class="flag flag-explanation">{EXPLANATION_LABEL}</span> {escape(text)}'


# (header, width %, class) of the indicator table of a result report; with baselines two more.
INDICATOR_COLUMNS = [
    ("Peso", 7, "num"),
    ("Codice", 9, ""),
    ("Indicatore", 16, ""),
    ("Algoritmo", 17, ""),
    ("Valori misure", 13, ""),
    ("Valore", 9, "num"),
    ("Target", 9, ""),
    ("Grado di raggiungi&shy;mento", 11, "num"),
    ("Semaforo", 9, ""),
]
INDICATOR_COLUMNS_WITH_BASELINE = [
    ("Peso", 5, "num"),
    ("Codice", 6, ""),
    ("Indicatore", 13, ""),
    ("Algoritmo", 13, ""),
    ("Valori misure", 11, ""),
    ("Valore", 10, "num"),
    ("Target", 9, ""),
    ("Baseline (anno)", 10, ""),
    ("Tendenza", 7, ""),
    ("Grado di raggiungi&shy;mento", 8, "num"),
    ("Semaforo", 8, ""),
]


def _th(label: str, css: str) -> str:
    return f'<th class="{css}">{label}</th>' if css else f"<th>{label}</th>"


def indicator_table(lines: list[IndicatorLine], report: Report) -> str:
    with_baseline = report.has_baselines
    columns = INDICATOR_COLUMNS_WITH_BASELINE if with_baseline else INDICATOR_COLUMNS
    head = (
        '<table class="grid indicators"><colgroup>'
        + "".join(f'<col style="width:{width}%">' for _, width, _ in columns)
        + "</colgroup><thead><tr>"
        + "".join(_th(label, css) for label, _, css in columns)
        + "</tr></thead><tbody>"
    )
    rows = []
    for line in lines:
        value = tight(actual_text(line))
        if line.is_overridden:
            value += '<br><span class="flag flag-override">Rettifica</span>'
        grade = (
            escape(percent(line.achievement_pct))
            if line.is_evaluated
            else '<span class="flag flag-neutral">Neutralizzato</span>'
        )
        rows.append(
            f'<tr data-indicator="{escape(line.indicator_code)}">'
            f'<td class="num">{escape(percent(line.weight_pct))}</td>'
            f"<td>{escape(line.indicator_code)}</td>"
            f"<td>{escape(line.name or '')}</td>"
            f"<td>{escape(line.algorithm or '')}</td>"
            f"<td>{tight(measures_expression(line))}"
            f'<div class="formula">{escape(line.formula or "")}</div></td>'
            f'<td class="val">{value}</td>'
            f"<td>{tight(line.target_raw or MISSING)}</td>"
            + (_baseline_cells(line, report) if with_baseline else "")
            + f'<td class="num">{grade}</td>'
            f"<td>{traffic_light(report, line.traffic_light)}</td></tr>"
        )
        rows.extend(
            f'<tr class="note {css}"><td colspan="{len(columns)}">{text}</td></tr>'
            for css, text in indicator_notes(line)
        )
    return head + "".join(rows) + "</tbody></table>"


def _baseline_cells(line: IndicatorLine, report: Report) -> str:
    text, direction = trend(line, report.covers_full_year)
    css = {1: " better", -1: " worse"}.get(direction, "")
    return (
        f'<td class="baseline">{tight(baseline_text(line))}</td>'
        f'<td class="trend{css}">{escape(text)}</td>'
    )


def plan_indicator_table(lines: list[IndicatorLine], target_years: list[int]) -> str:
    year_width = 29 / max(len(target_years), 1)
    year_heads = "".join(
        f'<th class="num" style="width:{year_width:.1f}%">Target {year}</th>'
        for year in target_years
    )
    head = (
        '<table class="grid indicators"><thead><tr><th class="num" style="width:6%">Peso</th>'
        '<th style="width:9%">Codice</th><th style="width:16%">Indicatore</th>'
        '<th style="width:16%">Algoritmo</th><th style="width:10%">Misure</th>'
        f'<th style="width:14%">Baseline</th>{year_heads}</tr></thead><tbody>'
    )
    rows = []
    for line in lines:
        baselines = "<br>".join(
            f"{year}: {tight(text or MISSING)}" for year, text in sorted(line.baselines.items())
        )
        targets = "".join(
            f'<td class="target">{tight(line.targets.get(year) or MISSING)}</td>'
            for year in target_years
        )
        rows.append(
            f'<tr data-indicator="{escape(line.indicator_code)}">'
            f'<td class="num">{escape(percent(line.weight_pct))}</td>'
            f"<td>{escape(line.indicator_code)}</td><td>{escape(line.name or '')}</td>"
            f"<td>{escape(line.algorithm or '')}</td>"
            f'<td><span class="formula">{escape(line.formula or "")}</span></td>'
            f"<td>{baselines or MISSING}</td>{targets}</tr>"
        )
    return head + "".join(rows) + "</tbody></table>"


def _indicators(node: Node, report: Report) -> str:
    if not node.indicators:
        return ""
    if report.is_plan:
        return plan_indicator_table(node.indicators, report.target_years)
    return indicator_table(node.indicators, report)


def _weight(node: Node) -> str:
    return (
        f" · Peso <b>{escape(percent(node.weight_pct))}</b>" if node.weight_pct is not None else ""
    )


def render_child(node: Node, report: Report) -> str:
    """An operational objective or an objective group, with its indicators and children."""
    badge = "" if report.is_plan else achievement_badge(node, report)
    children = "".join(render_child(child, report) for child in node.children)
    if node.level == "objective_group":
        return (
            f'<div class="group" id="{escape(_anchor("obj", node.code))}">'
            f'<div class="heading-line"><h4>{escape(node.title or node.code)}'
            f"{_weight(node).replace(' · ', ' — ')}</h4>{badge}</div>"
            f"{_indicators(node, report)}{children}</div>"
        )
    label = LEVEL_LABELS.get(node.level, node.level)
    sub = f" · sotto-obiettivo di {escape(node.sub_objective_of)}" if node.sub_objective_of else ""
    printed = (
        f" (stampato {escape(node.code_as_printed)})"
        if node.code_as_printed and node.code_as_printed != node.code
        else ""
    )
    override = (
        ' <span class="flag flag-override">Rettifica</span>'
        if node.has_overridden_indicator
        else ""
    )
    grade = (
        ""
        if report.is_plan
        else f" · Grado di raggiungimento <b>{escape(percent(node.achievement_pct))}</b>"
    )
    reason = (
        f" · non valutato: {escape(node.not_evaluated_reason)}"
        if not report.is_plan and node.not_evaluated_reason
        else ""
    )
    explained = (
        f'<p class="meta-line explanation">{explanation_html(node.explanation)}</p>'
        if not report.is_plan and node.traffic_light in DEVIATING
        else ""
    )
    return (
        f'<div class="objective{" sub" if node.sub_objective_of else ""}" '
        f'id="{escape(_anchor("obj", node.code))}">'
        f'<div class="heading-line"><h4><span class="kicker">{escape(label)} {escape(node.code)}'
        f"{printed}{sub}</span>{escape(node.title or '')}{override}</h4>{badge}</div>"
        f'<p class="meta-line">Responsabile: <b>{escape(node.owner or "non indicato")}</b>'
        f"{_weight(node)}{grade}{reason}</p>{explained}"
        f"{_indicators(node, report)}{children}</div>"
    )


def _descendant_bars(node: Node, report: Report) -> list[Bar]:
    bars = []
    for child in node.children:
        bars.append(
            Bar(
                child.code,
                child.title or "",
                child.achievement_pct,
                report.status("traffic_light", child.traffic_light).colour,
                emphasis=child.level == "objective_group",
            )
        )
        if child.level == "objective_group":
            bars.extend(_descendant_bars(child, report))
    return bars


def render_strategic(node: Node, report: Report) -> str:
    chart = ""
    if not report.is_plan and node.children:
        chart = achievement_bars(
            _descendant_bars(node, report),
            f"Grado di raggiungimento degli obiettivi di {node.code}",
        )
    badge = "" if report.is_plan else achievement_badge(node, report)
    return (
        f'<section class="strategic" id="{escape(_anchor("obj", node.code))}">'
        f'<div class="heading-line"><h3><span class="kicker">{LEVEL_LABELS[node.level]} '
        f"{escape(node.code)}</span>{escape(node.title or '')}</h3>{badge}</div>"
        f'<p class="meta-line">{_weight(node).removeprefix(" · ")}</p>'
        f"{_indicators(node, report)}{chart}"
        + "".join(
            render_strategic(child, report)
            if child.level == "strategic_objective"
            else render_child(child, report)
            for child in node.children
        )
        + "</section>"
    )


def render_area(area: Node, report: Report) -> str:
    badge = "" if report.is_plan else achievement_badge(area, report)
    body = "".join(
        render_strategic(child, report)
        if child.level == "strategic_objective"
        else render_child(child, report)
        for child in area.children
    )
    return (
        f'<section class="area" id="{escape(_anchor("area", area.code))}">'
        f'<div class="heading-line"><h2><span class="kicker">{LEVEL_LABELS["area"]} '
        f"{escape(area.code)}</span>{escape(area.title or '')}</h2>{badge}</div>"
        f'<p class="meta-line">{_weight(area).removeprefix(" · ")}</p>{body}</section>'
    )


def _summary_rows(report: Report) -> str:
    rows = []
    summary_nodes = [
        node
        for area in report.areas
        for node in [area, *[c for c in area.children if c.level == "strategic_objective"]]
    ]
    # Ferrara prints no weights above the operational level: no empty column then.
    weighted = any(node.weight_pct is not None for node in summary_nodes)
    for node in summary_nodes:
        is_area = node.level == "area"
        cells = (
            ""
            if report.is_plan
            else (
                f'<td class="num" data-summary="{escape(node.code)}">'
                f"{escape(percent(node.achievement_pct))}</td>"
                f"<td>{traffic_light(report, node.traffic_light)}</td>"
            )
        )
        label = "Area" if is_area else "Obiettivo strategico"
        rows.append(
            f"<tr{' class=total' if is_area else ''}><td>{label}</td>"
            f'<td><a href="#{escape(_anchor("area" if is_area else "obj", node.code))}">'
            f"{escape(node.code)}</a></td><td>{escape(node.title or '')}</td>"
            + (f'<td class="num">{escape(percent(node.weight_pct))}</td>' if weighted else "")
            + f"{cells}</tr>"
        )
    heads = (
        ""
        if report.is_plan
        else '<th class="num">Grado di raggiungi&shy;mento</th><th>Semaforo</th>'
    )
    widths = "" if report.is_plan else '<col style="width:13%"><col style="width:11%">'
    weight_col = '<col style="width:8%">' if weighted else ""
    weight_head = '<th class="num">Peso</th>' if weighted else ""
    return (
        '<table class="grid summary"><colgroup><col style="width:14%"><col style="width:8%">'
        f"<col>{weight_col}{widths}</colgroup><thead><tr><th>Livello</th><th>Codice</th>"
        f"<th>Titolo</th>{weight_head}{heads}</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )


def _cards(report: Report) -> str:
    def card(label: str, value: str, sub: str = "", element_id: str = "") -> str:
        id_attribute = f' id="{element_id}"' if element_id else ""
        return (
            f'<div class="card"><div class="label">{escape(label)}</div>'
            f'<div class="value"{id_attribute}>{escape(value)}</div>'
            f'<div class="sub">{sub}</div></div>'
        )

    nodes = list(report.nodes())
    if report.is_plan:
        count = {level: sum(1 for n in nodes if n.level == level) for level in LEVEL_LABELS}
        indicators = list(report.indicators())
        return (
            '<div class="cards">'
            + card("Aree strategiche", str(count["area"]))
            + card("Obiettivi strategici", str(count["strategic_objective"]))
            + card("Obiettivi operativi", str(count["operational_objective"]))
            + card(
                "Indicatori assegnati",
                str(len(indicators)),
                f"target per gli anni {escape(', '.join(map(str, report.target_years)) or MISSING)}",
            )
            + "</div>"
        )
    method = method_label(report.overall_method)
    overrides = report.overridden_indicator_count or 0
    warnings = len(report.quality)
    return (
        '<div class="cards">'
        + card(
            "Raggiungimento complessivo",
            percent(report.overall_pct),
            f"{escape(method)} · {traffic_light(report, report.traffic_light)}",
            "raggiungimento-complessivo",
        )
        + card(
            "Totale raggiungimento obiettivi operativi",
            percent(report.operational_objectives_pct),
            f"media semplice di {report.evaluated_operational_objective_count} "
            f"su {report.operational_objective_count} obiettivi operativi",
            "totale-obiettivi-operativi",
        )
        + card(
            "Indicatori valutati",
            f"{report.evaluated_indicator_count}/{report.indicator_count}",
            "gli altri sono neutralizzati (esclusi e pesi rinormalizzati)",
        )
        + card("Rettifiche", str(overrides), "indicatori corretti a mano, con motivazione")
        + card(
            "Segnalazioni sui dati",
            str(warnings),
            '<a href="#qualita">errori e avvisi sulla qualità dei dati</a>',
        )
        + "</div>"
    )


def _amount_cell(value: float | None, raw: str | None, element_id: str = "") -> str:
    id_attribute = f' id="{element_id}"' if element_id else ""
    if value is not None:
        return f'<td class="num"{id_attribute}>{escape(amount(value))}</td>'
    if raw:
        return f'<td class="num"{id_attribute}><span class="raw">{escape(raw)}</span></td>'
    return f'<td class="num"{id_attribute}>—</td>'


def budget_check_text(check: BudgetCheck, markup: bool = False) -> str:
    """The sentence for a year's amount column whose detail rows miss the printed total (fct_budget_checks)."""
    label = AMOUNT_COLUMN_LABELS.get(check.amount_column, check.amount_column)

    def strong(text: str, element_id: str = "") -> str:
        if not markup:
            return text
        id_attribute = f' id="{element_id}"' if element_id else ""
        return f"<b{id_attribute}>{escape(text)}</b>"

    explained = (
        f" La differenza è pari all'importo della riga «{escape(check.explaining_row_label) if markup else check.explaining_row_label}»."
        if check.explaining_row_label
        else ""
    )
    return (
        f"Colonna {strong(label)}: la somma delle righe di dettaglio è "
        f"{strong(amount(check.detail_sum_eur), f'bilancio-somma-{label.lower()}')}, "
        f"diversa dal totale stampato {strong(amount(check.printed_total_eur))} "
        f"(differenza {amount(check.difference_eur)}).{explained}"
    )


def budget_checks(checks: list[BudgetCheck]) -> list[str]:
    """Markup of the checks whose detail rows do not add up to the printed total."""
    return [budget_check_text(check, markup=True) for check in checks if check.is_balanced is False]


def budget_table(lines: list[BudgetLine]) -> str:
    """Missions and programmes, missions and programmes merged over their rows as printed."""
    details = [line for line in lines if line.row_type == "detail"]
    totals = [line for line in lines if line.row_type == "total"]
    mission_span: dict[int, int] = {}
    program_span: dict[int, int] = {}
    for spans, key in (
        (mission_span, lambda line: (line.mission_code, line.mission_name)),
        (program_span, lambda line: (line.mission_code, line.program_code, line.program_name)),
    ):
        start = 0
        for index in range(1, len(details) + 1):
            if index == len(details) or key(details[index]) != key(details[start]):
                spans[start] = index - start
                start = index
    rows = []
    for index, line in enumerate(details):
        cells = ""
        if index in mission_span:
            cells += (
                f'<td rowspan="{mission_span[index]}"><b>{escape(line.mission_code or "")}</b> '
                f"{escape(line.mission_name or '')}</td>"
            )
        if index in program_span:
            cells += (
                f'<td rowspan="{program_span[index]}"><b>{escape(line.program_code or "")}</b> '
                f"{escape(line.program_name or '')}</td>"
            )
        statement = (
            f'<span class="statement">{escape(line.mission_statement)}</span>'
            if line.mission_statement
            else ""
        )
        rows.append(
            f"<tr>{cells}<td>{escape(line.priority_area or '')}{statement}</td>"
            f"{_amount_cell(line.forecast_eur, line.forecast_raw)}"
            f"{_amount_cell(line.actual_eur, line.actual_raw)}</tr>"
        )
    for total in totals:
        rows.append(
            f'<tr class="total"><td colspan="3">{escape(total.mission_name or "Totale")}</td>'
            f"{_amount_cell(total.forecast_eur, total.forecast_raw, 'bilancio-totale-preventivo')}"
            f"{_amount_cell(total.actual_eur, total.actual_raw, 'bilancio-totale-consuntivo')}</tr>"
        )
    return (
        '<table class="grid budget"><colgroup><col style="width:20%"><col style="width:27%">'
        '<col><col style="width:12%"><col style="width:12%"></colgroup><thead><tr>'
        "<th>Missione</th><th>Programma</th><th>Area prioritaria</th>"
        '<th class="num">Preventivo (€)</th><th class="num">Consuntivo (€)</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def render_budget_groups(report: Report) -> str:
    """The objectives under a heading row per budget programme the plan links them to; nothing
    when no objective carries a link."""
    groups = report.budget_groups()
    if not groups:
        return ""
    heads = (
        "" if report.is_plan else '<th class="num">Grado di raggiungimento</th><th>Semaforo</th>'
    )
    span = 3 if report.is_plan else 5
    rows = []
    for heading, nodes in groups:
        rows.append(
            f'<tr class="total"><th colspan="{span}" data-budget-group>{escape(heading)}</th></tr>'
        )
        for node in nodes:
            cells = (
                ""
                if report.is_plan
                else f'<td class="num">{escape(percent(node.achievement_pct))}</td>'
                f"<td>{traffic_light(report, node.traffic_light)}</td>"
            )
            rows.append(
                f'<tr data-budget-objective="{escape(node.code)}">'
                f"<td>{escape(LEVEL_LABELS.get(node.level, node.level))}</td>"
                f'<td><a href="#{escape(_anchor("obj", node.code))}">{escape(node.code)}</a></td>'
                f"<td>{escape(node.title or '')}</td>{cells}</tr>"
            )
    return (
        '<section class="budget-groups" id="per-programma">'
        "<h2>Obiettivi per missione e programma</h2>"
        '<table class="grid"><thead><tr><th>Livello</th><th>Codice</th><th>Titolo</th>'
        f"{heads}</tr></thead><tbody>" + "".join(rows) + "</tbody></table></section>"
    )


def render_budget(report: Report) -> str:
    years = sorted({line.budget_year for line in report.budget})
    if not years:
        return (
            '<section class="budget" id="bilancio"><h2>Missioni e programmi</h2>'
            '<p class="note">Nessuna tabella di bilancio caricata per questo ente e periodo.</p>'
            "</section>"
        )
    parts = ['<section class="budget" id="bilancio"><h2>Missioni e programmi</h2>']
    for year in years:
        lines = [line for line in report.budget if line.budget_year == year]
        parts.append(f"<h3>Interventi {year}: preventivo e consuntivo</h3>{budget_table(lines)}")
        checks = budget_checks([c for c in report.budget_checks if c.budget_year == year])
        parts.extend(f'<p class="check">{message}</p>' for message in checks)
        if not checks and any(line.row_type == "total" for line in lines):
            parts.append('<p class="ok">Le righe di dettaglio sommano al totale stampato.</p>')
    parts.append("</section>")
    return "".join(parts)


def render_quality(report: Report) -> str:
    issues, info_count = report.quality, report.info_issue_count
    errors = sum(1 for issue in issues if issue.severity == "error")
    summary = (
        f"{len(issues)} segnalazioni (errori {errors}, avvisi {len(issues) - errors})"
        f"{f'; {info_count} note informative non elencate' if info_count else ''}. "
        "Le righe segnalate restano nel calcolo: qui è indicato perché vanno verificate."
    )
    if not issues:
        return (
            '<section class="quality" id="qualita"><h2>Segnalazioni sulla qualità dei dati</h2>'
            f'<p class="ok">Nessun errore o avviso per questo ente.</p><p class="note">{summary}</p>'
            "</section>"
        )
    rows = "".join(
        f'<tr class="severity-{escape(issue.severity)}"><td>{escape(report.status("severity", issue.severity).label)}</td>'
        f"<td>{escape(issue.label)}</td><td>{escape(issue.source_table)}</td>"
        f"<td>{escape(issue.row_key)}</td><td>{escape(issue.field or '')}</td>"
        f"<td>{escape(issue.raw_value or '')}</td><td>{escape(issue.reason)}</td></tr>"
        for issue in issues
    )
    return (
        '<section class="quality" id="qualita"><h2>Segnalazioni sulla qualità dei dati</h2>'
        f'<p class="note">{escape(summary)}</p>'
        '<table class="grid quality"><colgroup><col style="width:7%"><col style="width:13%">'
        '<col style="width:13%"><col style="width:13%"><col style="width:11%">'
        '<col style="width:10%"><col></colgroup><thead><tr><th>Gravità</th><th>Controllo</th>'
        "<th>Tabella</th><th>Riga</th><th>Campo</th><th>Valore</th><th>Motivo</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></section>"
    )


def approval_text(approval: Approval) -> str:
    return (
        f"{approval.stage}: {approval.approved_by or MISSING}, {date_it(approval.approved_on)}, "
        f"{approval.act_reference or MISSING}"
    )


def report_version_text(report: Report) -> str:
    """The period's published version (closed period) or "periodo aperto" (fct_published_results_history)."""
    published = report.published_version
    if published is None:
        return version_it(None, None, None)
    return version_it(published.version, published.published_at, published.restatement_reason)


def render_approvals(report: Report) -> str:
    """The sign-off block: each approval stage with who, when and the act; a draft says so."""
    if report.is_plan:
        return ""
    head = '<section class="approvals" id="approvazioni"><h2>Approvazioni</h2>'
    version = f'<p id="versione-pubblicata">Risultati pubblicati: {escape(report_version_text(report))}</p>'
    if not report.approvals:
        return (
            f'{head}<p id="stato-approvazione"><span class="draft">{DRAFT_LABEL}</span> — '
            "nessuna approvazione registrata per il periodo: i dati non sono ancora validati "
            f"né approvati.</p>{version}</section>"
        )
    rows = "".join(
        f'<tr data-approval="{escape(approval.stage)}"><td>{escape(approval.stage)}</td>'
        f"<td>{escape(approval.approved_by or MISSING)}</td>"
        f"<td>{escape(date_it(approval.approved_on))}</td>"
        f"<td>{escape(approval.act_reference or MISSING)}</td></tr>"
        for approval in report.approvals
    )
    return (
        f'{head}<p id="stato-approvazione">approvato</p><table class="grid"><thead><tr>'
        "<th>Fase</th><th>Approvato da</th><th>Data</th><th>Atto</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>{version}</section>"
    )


def render_html(report: Report, monitoring_html: str = "") -> str:
    if report.is_plan:
        title = "Piano degli indicatori e dei risultati attesi (PIRA)"
        subtitle = (
            f"Piano {report.plan_cycle} · nessuna misura caricata: albero, pesi, target e baseline"
        )
    else:
        title = "Rapporto sui risultati del PIRA"
        subtitle = period_label(
            report.period or "", report.period_type, report.period_year, report.period_quarter
        )
    place = ", ".join(part for part in (report.province, report.region) if part)
    banner = ""
    if report.synthetic_sources:
        banner = (
            '<div class="banner" id="dati-sintetici">Dati sintetici dimostrativi '
            "<span>— alcune misure usate in questo rapporto provengono da una fonte sintetica: "
            f"{escape('; '.join(report.synthetic_sources))}. Non sono dati ufficiali dell'ente.</span></div>"
        )
    overall_chart = ""
    if not report.is_plan:
        bars = []
        for area in report.areas:
            bars.append(
                Bar(
                    area.code,
                    area.title or "",
                    area.achievement_pct,
                    report.status("traffic_light", area.traffic_light).colour,
                    True,
                )
            )
            bars.extend(
                Bar(
                    node.code,
                    node.title or "",
                    node.achievement_pct,
                    report.status("traffic_light", node.traffic_light).colour,
                )
                for node in area.children
                if node.level == "strategic_objective"
            )
        overall_chart = achievement_bars(
            bars, "Grado di raggiungimento per area strategica e obiettivo strategico"
        )
    toc = " ".join(
        f'<a href="#{escape(_anchor("area", area.code))}">Area {escape(area.code)}</a>'
        for area in report.areas
    )
    budget_groups_link = (
        '<a href="#per-programma">Obiettivi per programma</a> ' if report.budget_groups() else ""
    )
    legend = " ".join(traffic_light(report, colour) for colour in ("green", "amber", "red", "grey"))
    page_title = (
        f"{title} — {report.entity_name} — {report.period or 'piano ' + (report.plan_cycle or '')}"
    )
    return (
        '<!DOCTYPE html><html lang="it"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(page_title)}</title><style>{CSS}</style></head><body>"
        f'<header class="masthead"><div class="inner"><div class="entity" id="ente">'
        f"{escape(report.entity_name)}</div><h1>{escape(title)}</h1>"
        f'<div class="period" id="periodo">{escape(subtitle)}</div>'
        f'<div class="meta">Ciclo di piano {escape(report.cycle or MISSING)}'
        f"{' · ' + escape(place) if place else ''}</div></div></header><main>"
        f"{banner}{_cards(report)}{render_approvals(report)}"
        f'<nav class="toc">Vai a: {toc} {budget_groups_link}<a href="#bilancio">Missioni e programmi</a> '
        '<a href="#qualita">Qualità dei dati</a></nav>'
        '<section class="overview" id="sintesi"><h2>Sintesi per area e obiettivo strategico</h2>'
        f"{overall_chart}{_summary_rows(report)}</section>"
        f"{monitoring_html}"
        + "".join(render_area(area, report) for area in report.areas)
        + render_budget_groups(report)
        + render_budget(report)
        + render_quality(report)
        + f'<footer><p class="legend">Semaforo: {legend} '
        f"({escape(report.status('traffic_light', 'grey').label)}: non valutato).</p>"
        + (f'<p class="trend-note">{escape(TREND_NOTE)}</p>' if report.has_baselines else "")
        + "<p>Percentuali e importi arrotondati a due decimali (metà per eccesso); i gradi di "
        "raggiungimento sono calcolati sui valori non arrotondati. Fonte: warehouse PIRA, "
        "schema marts.</p></footer></main></body></html>"
    )
