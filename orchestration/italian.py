"""Numbers as Italian readers expect them: 1.400.000,00 and 95,93%, rounded half-up."""

from decimal import ROUND_HALF_UP, Decimal


def round_half_up(value: float, decimals: int = 2) -> Decimal:
    """Half-up rounding of the value as written in decimal (95.015 -> 95.02)."""
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def format_number(value: float | None, decimals: int = 2, missing: str = "n.d.") -> str:
    if value is None:
        return missing
    rounded = round_half_up(value, decimals)
    sign = "-" if rounded < 0 else ""
    integer_part, _, fraction = f"{abs(rounded):.{decimals}f}".partition(".")
    grouped = f"{int(integer_part):,}".replace(",", ".")
    return f"{sign}{grouped},{fraction}" if decimals else f"{sign}{grouped}"


def format_percent(value: float | None, decimals: int = 2, missing: str = "n.d.") -> str:
    return missing if value is None else f"{format_number(value, decimals)}%"
