"""Across chambers, like for like (marts.fct_indicator_benchmark): same indicator, same period, real with real."""

from html import escape

import duckdb

from orchestration.reports.formatting import amount, percent

NO_COMPARISON = "nessun confronto disponibile"


def _what(period: str, period_type: str | None) -> str:
    if period_type == "quarter":
        return f"stesso trimestre ({period}, dati cumulati dall'inizio dell'anno)"
    return f"stesso anno ({period})"


def render_benchmark_section(
    connection: duckdb.DuckDBPyConnection, entity_code: str, period: str
) -> str:
    """The entity's position for each indicator other chambers report for the same period and kind of data."""
    mine = connection.execute(
        """
        select benchmark_code, indicator_code, period_type, actual_value_reported, actual_unit,
            achievement_pct_reported, position, entity_count, peer_mean_achievement_pct_reported,
            is_synthetic
        from marts.fct_indicator_benchmark
        where entity_code = ? and period = ?
        order by benchmark_code, indicator_code
        """,
        [entity_code, period],
    ).fetchall()
    heading = '<section class="benchmark" id="confronto"><h2>Confronto tra camere</h2>'
    if not mine:
        return (
            f"{heading}<p class='note' id='confronto-nota'>Confronto dello stesso indicatore con "
            f"le altre camere, per lo stesso periodo ({escape(period)}) e solo tra dati reali: "
            f"{NO_COMPARISON}.</p></section>"
        )
    peers = connection.execute(
        """
        select peer.benchmark_code, peer.entity_code, peer.indicator_code,
            peer.actual_value_reported, peer.actual_unit, peer.achievement_pct_reported
        from marts.fct_indicator_benchmark as peer
        inner join marts.fct_indicator_benchmark as mine
            on mine.benchmark_code = peer.benchmark_code and mine.period = peer.period
            and mine.is_synthetic = peer.is_synthetic
        where mine.entity_code = ? and mine.period = ? and peer.entity_code <> ?
        order by peer.benchmark_code, peer.position, peer.entity_code
        """,
        [entity_code, period, entity_code],
    ).fetchall()
    others: dict[str, list[str]] = {}
    for code, entity, indicator, value, unit, achievement in peers:
        others.setdefault(code, []).append(
            f"{entity} ({indicator}): {amount(value)} {unit or ''} · {percent(achievement)}"
        )
    synthetic = any(row[-1] for row in mine)
    kind = "solo tra dati sintetici dimostrativi" if synthetic else "solo tra dati reali"
    peer_entities = {peer[1] for peer in peers}
    rows = "".join(
        f"<tr><td>{escape(indicator)}</td><td class='num'>{escape(amount(value))} {escape(unit or '')}</td>"
        f"<td class='num'>{escape(percent(achievement))}</td>"
        f"<td class='num'>{position}° su {entity_count}</td>"
        f"<td class='num'>{escape(percent(mean))}</td>"
        f"<td>{escape('; '.join(others.get(code, [])))}</td></tr>"
        for code, indicator, _, value, unit, achievement, position, entity_count, mean, _ in mine
    )
    period_type = mine[0][2]
    return (
        f"{heading}<p class='note' id='confronto-nota'>Confronto dello stesso indicatore (codici "
        "uguali a meno dei separatori) con le altre camere: "
        f"{escape(_what(period, period_type))}, {kind}. Indicatori confrontati: {len(mine)}; "
        f"camere a confronto: {len(peer_entities)}. Posizione dell'ente per grado di "
        "raggiungimento (1 = il migliore).</p>"
        "<table class='grid'><thead><tr><th>Indicatore</th><th>Valore</th><th>Grado di raggiungimento</th>"
        "<th>Posizione</th><th>Media</th><th>Altre camere</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></section>"
    )
