"""Display rules for the reports: Italian numbers, dates, units, traffic lights and labels."""

import datetime as dt
from decimal import Decimal

from orchestration.italian import format_number, format_percent

MISSING = "n.d."

LEVEL_LABELS = {
    "area": "Area strategica",
    "strategic_objective": "Obiettivo strategico",
    "objective_group": "Gruppo",
    "operational_objective": "Obiettivo operativo",
}

METHOD_LABELS = {
    "plain_mean": "media semplice delle aree",
    "weighted": "media ponderata delle aree",
}

QUARTER_ENDS = {1: "31/03", 2: "30/06", 3: "30/09", 4: "31/12"}
ROMAN_QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV"}


def _plain(value: float | Decimal | None) -> float | None:
    # The marts' figures as reported are DECIMAL(38,2): exact as a float's shortest repr.
    return float(value) if isinstance(value, Decimal) else value


def percent(value: float | Decimal | None) -> str:
    return format_percent(_plain(value), 2, MISSING)


def amount(value: float | Decimal | None) -> str:
    return format_number(_plain(value), 2, MISSING)


def number(value: float | Decimal | None) -> str:
    """A plain number: no decimals when it is whole (a formula's coefficient: 100, 2,5)."""
    value = _plain(value)
    if value is None:
        return MISSING
    return format_number(value, 0 if float(value).is_integer() else 2)


def date_it(value: dt.date | dt.datetime | None) -> str:
    return MISSING if value is None else value.strftime("%d/%m/%Y")


def quantity(value: float | Decimal | None, unit: str | None) -> str:
    """A value with its unit: 95,93%, 2.332,35 €, 1.012 N., 4,20 N.; counts without decimals."""
    if value is None:
        return MISSING
    if unit == "%":
        return percent(value)
    if unit == "€":
        return f"{amount(value)} €"
    decimals = 0 if float(value).is_integer() else 2
    text = format_number(_plain(value), decimals)
    return f"{text} {unit}" if unit and unit != "date" else text


def period_label(
    period: str, period_type: str | None, year: int | None, quarter: int | None
) -> str:
    if period_type == "quarter" and year and quarter:
        return (
            f"{ROMAN_QUARTERS[quarter]} trimestre {year} "
            f"(monitoraggio, dati cumulati al {QUARTER_ENDS[quarter]}/{year})"
        )
    return f"Anno {period}"


def method_label(method: str | None) -> str:
    return METHOD_LABELS.get(method or "", method or "")


EXPLANATION_LABEL = "Motivazione dello scostamento"
EXPLANATION_MISSING = "motivazione mancante"
DRAFT_LABEL = "bozza"
OPEN_PERIOD_LABEL = "periodo aperto"


def version_it(version: int | None, published_at: dt.date | None, reason: str | None) -> str:
    """A closed period's published version ("versione 2 del 15/09/2018, rettifica: …"); else open."""
    if version is None:
        return OPEN_PERIOD_LABEL
    text = f"versione {version} del {date_it(published_at)}"
    return f"{text}, rettifica: {reason}" if version > 1 and reason else text


def explanation_it(text: str | None, author: str | None, written_on: dt.date | None) -> str:
    """An owner's explanation as printed: the text as written, who and when; or that it is missing."""
    if text is None:
        return f"— {EXPLANATION_MISSING}"
    signed = ", ".join(
        part for part in (author, date_it(written_on) if written_on else None) if part
    )
    return f"{text} ({signed})" if signed else text
