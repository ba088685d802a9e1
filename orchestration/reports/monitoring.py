"""Quarterly monitoring: the on-track picture of a quarter, from marts.fct_monitoring_indicators.

`on_track_status` (is the indicator heading for its year-end target?) is labelled and coloured by
marts.dim_status; it is not the achievement traffic light of the result tables.
"""

from html import escape

import duckdb

from orchestration.reports.charts import status_strip
from orchestration.reports.formatting import amount

STATUS_KIND = "on_track_status"


def render_monitoring_section(
    connection: duckdb.DuckDBPyConnection, entity_code: str, period: str
) -> str:
    """HTML section with the on-track picture of a quarter; '' when the quarter has no monitoring rows."""
    statuses = connection.execute(
        "select code, label_it, colour_hex from marts.dim_status where status_kind = ? "
        "order by sort_order",
        [STATUS_KIND],
    ).fetchall()
    rows = connection.execute(
        """
        select indicator_code, on_track_status, on_track_status_label, node_code,
            projected_value_reported, pro_rata_target_reported, status_reason
        from marts.fct_monitoring_indicators
        where entity_code = ? and period = ?
        order by indicator_code, node_code
        """,
        [entity_code, period],
    ).fetchall()
    if not rows:
        return ""
    counts = {code: 0 for code, _, _ in statuses}
    for row in rows:
        counts[row[1]] = counts.get(row[1], 0) + 1
    strip = status_strip(
        [(label, counts[code], colour) for code, label, colour in statuses],
        f"Indicatori in linea con gli obiettivi, {period}",
    )
    body = [
        f"<tr><td>{escape(indicator)}</td><td>{escape(label or status)}</td>"
        f"<td>{escape(node or '')}</td><td>{escape(amount(projected) if projected is not None else '')}</td>"
        f"<td>{escape(amount(pro_rata) if pro_rata is not None else '')}</td>"
        f"<td>{escape(reason or '')}</td></tr>"
        for indicator, status, label, node, projected, pro_rata, reason in rows
        if status != "on_track"
    ]
    table = (
        "<table class='grid'><thead><tr><th>Indicatore</th><th>Stato</th><th>Obiettivo</th>"
        "<th>Proiezione a fine anno</th><th>Target pro rata</th><th>Motivo</th></tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
        if body
        else "<p>Tutti gli indicatori monitorati sono in linea.</p>"
    )
    return (
        '<section class="monitoring" id="monitoraggio"><h2>Monitoraggio infrannuale</h2>'
        "<p class='note'>Stato del trimestre: l'indicatore è in linea con il target di fine anno? "
        "(Non è il semaforo del grado di raggiungimento.)</p>"
        f"{strip}{table}</section>"
    )
