"""Inline SVG charts drawn in Python: no script, no network, printable as they are."""

import math
from dataclasses import dataclass
from html import escape

from orchestration.reports.formatting import percent

LABEL_WIDTH = 400
BAR_WIDTH = 560
VALUE_WIDTH = 80
ROW_HEIGHT = 24
TOP = 26
BOTTOM = 8
LABEL_CHARS = 58


@dataclass
class Bar:
    code: str
    title: str
    value: float | None
    colour: str  # the status colour (marts.dim_status.colour_hex)
    emphasis: bool = False  # areas: bold label, taller bar


def _svg_open(width: int, height: int, caption: str) -> str:
    return (
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(caption)}">'
    )


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def achievement_bars(bars: list[Bar], caption: str) -> str:
    """Horizontal bars of achievement (%) with the 100% reference line."""
    values = [bar.value for bar in bars if bar.value is not None]
    # Without the cap an achievement can pass 100: widen the scale rather than cut the bar.
    scale_max = max(100.0, math.ceil(float(max(values, default=100.0)) / 10) * 10)
    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    height = TOP + ROW_HEIGHT * len(bars) + BOTTOM

    def x(value: float) -> float:
        return LABEL_WIDTH + BAR_WIDTH * value / scale_max

    parts = [
        _svg_open(width, height, caption),
        f"<title>{escape(caption)}</title>",
    ]
    for tick in range(0, int(scale_max) + 1, 25 if scale_max <= 100 else 50):
        parts.append(
            f'<line x1="{x(tick):.1f}" y1="{TOP - 4}" x2="{x(tick):.1f}" y2="{height - BOTTOM}" '
            'stroke="#dfe3e8" stroke-width="1"/>'
            f'<text x="{x(tick):.1f}" y="{TOP - 10}" text-anchor="middle" font-size="10" '
            f'fill="#5b6571">{tick}%</text>'
        )
    for index, bar in enumerate(bars):
        y = TOP + index * ROW_HEIGHT
        thickness = 16 if bar.emphasis else 12
        bar_y = y + (ROW_HEIGHT - thickness) / 2
        label = _short(f"{bar.code} {bar.title}".strip(), LABEL_CHARS)
        weight = "700" if bar.emphasis else "400"
        parts.append(
            f"<g><title>{escape(bar.code)} {escape(bar.title)}: {escape(percent(bar.value))}</title>"
            f'<text x="{LABEL_WIDTH - 8}" y="{y + ROW_HEIGHT / 2 + 4:.1f}" text-anchor="end" '
            f'font-size="11" font-weight="{weight}" fill="#1b2733">{escape(label)}</text>'
        )
        if bar.value is None:
            parts.append(
                f'<text x="{width - 4}" y="{y + ROW_HEIGHT / 2 + 4:.1f}" text-anchor="end" '
                'font-size="11" fill="#5b6571">non valutato</text></g>'
            )
            continue
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{bar_y:.1f}" width="{x(float(bar.value)) - LABEL_WIDTH:.1f}" '
            f'height="{thickness}" rx="2" fill="{escape(bar.colour)}"/>'
            f'<text x="{width - 4}" y="{y + ROW_HEIGHT / 2 + 4:.1f}" text-anchor="end" '
            f'font-size="11" font-weight="{weight}" fill="#1b2733">{escape(percent(bar.value))}'
            "</text></g>"
        )
    parts.append(
        f'<line x1="{x(100):.1f}" y1="{TOP - 4}" x2="{x(100):.1f}" y2="{height - BOTTOM}" '
        'stroke="#1b2733" stroke-width="1.5" stroke-dasharray="4 3"/>'
    )
    parts.append("</svg>")
    return "".join(parts)


def status_strip(segments: list[tuple[str, int, str]], caption: str) -> str:
    """One stacked bar of counts (label, count, colour), e.g. indicators on track / not on track."""
    total = sum(count for _, count, _ in segments) or 1
    width, height = 760, 46
    parts = [
        _svg_open(width, height, caption),
        f"<title>{escape(caption)}</title>",
    ]
    offset = 0.0
    for label, count, colour in segments:
        span = width * count / total
        if span > 0:
            parts.append(
                f'<rect x="{offset:.1f}" y="0" width="{span:.1f}" height="22" fill="{colour}"/>'
                f'<text x="{offset + 4:.1f}" y="38" font-size="11" fill="#1b2733">'
                f"{escape(label)}: {count}</text>"
            )
        offset += span
    parts.append("</svg>")
    return "".join(parts)
