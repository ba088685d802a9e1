"""Quarterly monitoring: the on-track picture of a quarter, from marts.fct_monitoring_indicators.

The section reads the columns it finds and expects at least entity_code, period, indicator_code
and either `status` (on_track / at_risk / off_track / not_evaluable) or a boolean `on_track`;
node_code, projected_value, pro_rata_target and status_reason are shown when present. Without the
table, or without rows for the entity and quarter, it renders nothing; without those columns, a
short note, so the quarterly report still builds.
"""

from decimal import Decimal
from html import escape

import duckdb

from orchestration.reports.charts import status_strip
from orchestration.reports.data import table_exists
from orchestration.reports.formatting import amount

SCHEMA, TABLE = "marts", "fct_monitoring_indicators"
STATUS_LABELS = {
    "on_track": ("In linea", "#1e7b34"),
    "at_risk": ("A rischio", "#e0a100"),
    "off_track": ("Non in linea", "#c0262d"),
    "not_evaluable": ("Non valutabile", "#8a8f98"),
}
OPTIONAL_COLUMNS = {
    "node_code": "Obiettivo",
    "projected_value": "Proiezione a fine anno",
    "pro_rata_target": "Target pro rata",
    "status_reason": "Motivo",
}


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return amount(float(value))
    return str(value)


def render_monitoring_section(
    connection: duckdb.DuckDBPyConnection, entity_code: str, period: str
) -> str:
    """HTML section with the on-track picture of a quarter; '' when the mart does not exist."""
    if not table_exists(connection, SCHEMA, TABLE):
        return ""
    columns = [
        row[0]
        for row in connection.execute(
            "select column_name from information_schema.columns "
            "where table_schema = ? and table_name = ? order by ordinal_position",
            [SCHEMA, TABLE],
        ).fetchall()
    ]
    if not {"entity_code", "period", "indicator_code"} <= set(columns) or not (
        "status" in columns or "on_track" in columns
    ):
        return (
            '<section class="monitoring"><h2>Monitoraggio infrannuale</h2>'
            f"<p class='note'>La tabella {SCHEMA}.{TABLE} non ha le colonne attese "
            f"(presenti: {escape(', '.join(columns))}).</p></section>"
        )
    status_sql = (
        "status"
        if "status" in columns
        else "case when on_track then 'on_track' when on_track is null "
        "then 'not_evaluable' else 'off_track' end"
    )
    shown = [column for column in OPTIONAL_COLUMNS if column in columns]
    select_list = ", ".join(["indicator_code", f"{status_sql} as status", *shown])
    rows = connection.execute(
        f"select {select_list} from {SCHEMA}.{TABLE} where entity_code = ? and period = ? "
        "order by indicator_code",
        [entity_code, period],
    ).fetchall()
    if not rows:
        return ""
    counts = {status: 0 for status in STATUS_LABELS}
    for row in rows:
        counts[row[1] if row[1] in counts else "not_evaluable"] += 1
    strip = status_strip(
        [(label, counts[status], colour) for status, (label, colour) in STATUS_LABELS.items()],
        f"Indicatori in linea con gli obiettivi, {period}",
    )
    header = "".join(f"<th>{escape(OPTIONAL_COLUMNS[column])}</th>" for column in shown)
    body = []
    for row in rows:
        if row[1] == "on_track":
            continue
        label = STATUS_LABELS.get(row[1], STATUS_LABELS["not_evaluable"])[0]
        cells = "".join(f"<td>{escape(_cell_text(value))}</td>" for value in row[2:])
        body.append(f"<tr><td>{escape(str(row[0]))}</td><td>{escape(label)}</td>{cells}</tr>")
    table = (
        f"<table class='grid'><thead><tr><th>Indicatore</th><th>Stato</th>{header}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
        if body
        else "<p>Tutti gli indicatori monitorati sono in linea.</p>"
    )
    return (
        '<section class="monitoring" id="monitoraggio"><h2>Monitoraggio infrannuale</h2>'
        f"{strip}{table}</section>"
    )
