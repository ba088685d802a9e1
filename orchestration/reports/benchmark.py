"""Across chambers: the entity's indicators that other chambers report too (marts.fct_indicator_benchmark)."""

from html import escape

import duckdb

from orchestration.italian import format_number, format_percent
from orchestration.reports.data import table_exists


def render_benchmark_section(
    connection: duckdb.DuckDBPyConnection, entity_code: str, period: str
) -> str:
    """The entity's position for each shared indicator; '' when nothing is shared."""
    if not table_exists(connection, "marts", "fct_indicator_benchmark"):
        return ""
    mine = connection.execute(
        """
        select benchmark_code, indicator_code, actual_value, actual_unit, achievement_pct, position, peer_count,
            peer_mean_achievement_pct
        from marts.fct_indicator_benchmark
        where entity_code = ? and period = ?
        order by benchmark_code
        """,
        [entity_code, period],
    ).fetchall()
    if not mine:
        return ""
    peers = connection.execute(
        """
        select benchmark_code, entity_code, period, indicator_code, actual_value, actual_unit, achievement_pct
        from marts.fct_indicator_benchmark
        where benchmark_code in (select benchmark_code from marts.fct_indicator_benchmark where entity_code = ? and period = ?)
          and not (entity_code = ? and period = ?)
        order by benchmark_code, position
        """,
        [entity_code, period, entity_code, period],
    ).fetchall()
    others: dict[str, list[str]] = {}
    for code, entity, other_period, indicator, value, unit, achievement in peers:
        others.setdefault(code, []).append(
            f"{entity} {other_period} ({indicator}): {format_number(value)} {unit or ''} · {format_percent(achievement)}"
        )
    rows = "".join(
        f"<tr><td>{escape(indicator)}</td><td class='num'>{escape(format_number(value))} {escape(unit or '')}</td>"
        f"<td class='num'>{escape(format_percent(achievement))}</td>"
        f"<td class='num'>{position}° su {peer_count}</td>"
        f"<td class='num'>{escape(format_percent(mean))}</td>"
        f"<td>{escape('; '.join(others.get(code, [])))}</td></tr>"
        for code, indicator, value, unit, achievement, position, peer_count, mean in mine
    )
    return (
        '<section class="benchmark" id="confronto"><h2>Confronto tra camere</h2>'
        "<p class='note'>Indicatori che anche altre camere rilevano (codici uguali a meno dei separatori), "
        "con la posizione dell'ente per grado di raggiungimento.</p>"
        "<table class='grid'><thead><tr><th>Indicatore</th><th>Valore</th><th>Grado di raggiungimento</th>"
        "<th>Posizione</th><th>Media</th><th>Altre camere</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></section>"
    )
