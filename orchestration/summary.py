"""The one-screen summary printed at the end of a run, read from the marts (read-only)."""

from pathlib import Path

import duckdb

from orchestration.italian import format_number, format_percent


def warehouse_summary(database_path: Path) -> str:
    with duckdb.connect(str(database_path), read_only=True) as connection:
        entities = connection.sql(
            """
            select e.entity_code, e.entity_name, e.plan_cycle,
                (select count(*) from marts.dim_indicator i where i.entity_code = e.entity_code),
                (select count(*) from marts.fct_indicator_targets t where t.entity_code = e.entity_code),
                (select count(*) from marts.fct_indicator_baselines b where b.entity_code = e.entity_code)
            from marts.dim_entity e order by e.entity_code
            """
        ).fetchall()
        results = connection.sql(
            """
            select entity_code, period, overall_pct, overall_method, operational_objectives_pct,
                evaluated_indicator_count, indicator_count, overridden_indicator_count
            from marts.fct_entity_results order by entity_code, period
            """
        ).fetchall()
        quality = dict(
            connection.sql(
                """
                select severity, count(*) from marts.fct_data_quality_issues group by severity
                """
            ).fetchall()
        )
    lines = [f"Warehouse: {database_path}", ""]
    lines.append(
        f"{'Ente':<4}  {'Periodo':<8}  {'Complessivo':>12}  {'Obiettivi operativi':>19}  "
        f"{'Indicatori valutati':>19}"
    )
    by_entity = {}
    for row in results:
        by_entity.setdefault(row[0], []).append(row)
    for code, name, cycle, indicators, targets, baselines in entities:
        rows = by_entity.get(code, [])
        lines.append(f"{code}: {name}, piano {cycle}")
        for _, period, overall, method, operational, evaluated, total, overridden in rows:
            note = " (media semplice delle aree)" if method == "plain_mean" else ""
            overrides = f", rettifiche: {overridden}" if overridden else ""
            lines.append(
                f"{code:<4}  {period:<8}  {format_percent(overall):>12}  {format_percent(operational):>19}  "
                f"{f'{evaluated}/{total}':>19}{note}{overrides}"
            )
        if not rows:
            lines.append(
                f"{code:<4}  {'-':<8}  piano caricato: {indicators} indicatori, {targets} target, "
                f"{baselines} baseline; nessuna misura ancora"
            )
    flagged = quality.get("error", 0) + quality.get("warning", 0)
    lines += [
        "",
        (
            f"Segnalazioni di qualità dei dati: {format_number(flagged, 0)} "
            f"(errori {quality.get('error', 0)}, avvisi {quality.get('warning', 0)}, "
            f"note {quality.get('info', 0)}) in marts.fct_data_quality_issues"
        ),
    ]
    return "\n".join(lines)
