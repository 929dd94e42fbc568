"""Charts drawn at build time as inline SVG: nothing to load, nothing leaves the page.

Colours come from CSS variables (assets/ledger.css) so the charts follow Material's light
and dark palettes. Every bar and point carries a <title> for the exact figure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from generator.site import safe

WIDTH, HEIGHT, PAD = 640, 220, 36


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: float
    note: str = ""


def bar_chart(title: str, bars: Sequence[Bar], unit: str) -> str:
    """Vertical bars with labels under every few bars; empty data says so in words."""
    if not bars:
        return f'<p class="ledger-chart-empty">{safe.escape_html(title)}: no data yet.</p>\n'
    top = max(max(b.value for b in bars), 1.0)
    step = (WIDTH - 2 * PAD) / len(bars)
    every = max(1, len(bars) // 12)
    parts = [
        _open(title),
        f'<text x="{PAD}" y="16" class="ledger-chart-title">{safe.escape_html(title)}</text>',
    ]
    for i, bar in enumerate(bars):
        h = (HEIGHT - 2 * PAD) * bar.value / top
        x = PAD + i * step
        tip = f"{bar.label}: {bar.value:g} {unit}{' — ' + bar.note if bar.note else ''}"
        parts.append(
            f'<rect x="{x + 1:.1f}" y="{HEIGHT - PAD - h:.1f}" width="{max(step - 2, 1):.1f}" '
            f'height="{h:.1f}" class="ledger-bar"><title>{safe.escape_html(tip)}</title></rect>'
        )
        if i % every == 0:
            parts.append(
                f'<text x="{x + step / 2:.1f}" y="{HEIGHT - PAD + 14}" class="ledger-axis" '
                f'text-anchor="middle">{safe.escape_html(bar.label)}</text>'
            )
    parts.append(
        f'<text x="4" y="{PAD - 4}" class="ledger-axis">{top:g} {safe.escape_html(unit)}</text>'
    )
    parts.append(
        f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}" '
        'class="ledger-rule"/>'
    )
    return "".join(parts) + "</svg>\n"


def _open(title: str, height: int = HEIGHT) -> str:
    return (
        f'<svg class="ledger-chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="{safe.attr(title)}" xmlns="http://www.w3.org/2000/svg">'
    )


@dataclass(frozen=True, slots=True)
class Point:
    at: datetime
    label: str
    kind: str


def timeline(title: str, points: Sequence[Point]) -> str:
    """Events on one time axis; each dot names its kind and time on hover."""
    if not points:
        return ""
    start, end = min(p.at for p in points), max(p.at for p in points)
    span = max((end - start).total_seconds(), 1.0)
    height = 90
    parts = [
        _open(title, height),
        f'<line x1="{PAD}" y1="45" x2="{WIDTH - PAD}" y2="45" class="ledger-rule"/>',
    ]
    for i, point in enumerate(points):
        x = PAD + (WIDTH - 2 * PAD) * (point.at - start).total_seconds() / span
        parts.append(
            f'<circle cx="{x:.1f}" cy="45" r="5" '
            f'class="ledger-dot ledger-kind-{safe.attr(point.kind)}">'
            f"<title>{safe.escape_html(point.label)}</title></circle>"
        )
        y = 30 if i % 2 == 0 else 68
        parts.append(
            f'<text x="{x:.1f}" y="{y}" class="ledger-axis" text-anchor="middle">{i + 1}</text>'
        )
    parts.append(f'<text x="{PAD}" y="86" class="ledger-axis">{start:%Y-%m-%d}</text>')
    parts.append(
        f'<text x="{WIDTH - PAD}" y="86" class="ledger-axis" '
        f'text-anchor="end">{end:%Y-%m-%d}</text>'
    )
    return "".join(parts) + "</svg>\n"
