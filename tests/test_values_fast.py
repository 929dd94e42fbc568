"""The fast path for instants (datetime.fromisoformat) gives exactly what the precise parser gives."""

from __future__ import annotations

import random
from datetime import UTC
from zoneinfo import ZoneInfo

from generator.values import ValueProblem, When, _fast_instant, _parse_instant, parse_zone

ZONES = [None, UTC, parse_zone("+08:00"), ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York")]
PARTS = (
    ["1969", "1970", "2024", "2025"], ["01", "02", "03", "10", "13"], ["01", "29", "30", "31"],
    ["T", " ", "t"], ["00", "02", "03", "23", "24"], ["00", "30", "59", "60"],
    ["", ":00", ":59", ":60", ":05.5"],
    ["", "Z", "z", "+08:00", "-05:00", "+0800", "+08", "+14:00", "+14:30", " Z", " +02:00", "+05:75", "-00:00"],
)


def _precise(text: str, zone: object) -> When | None:
    try:
        return _parse_instant(text, zone)  # type: ignore[arg-type]
    except ValueProblem:
        return None


def test_fast_path_agrees_with_the_precise_parser() -> None:
    rng = random.Random(7)
    taken = 0
    for _ in range(20000):
        y, mo, d, sep, h, mi, sec, off = (rng.choice(p) for p in PARTS)
        text = f"{y}-{mo}-{d}{sep}{h}:{mi}{sec}{off}"
        zone = rng.choice(ZONES)
        fast = _fast_instant(text, zone)
        if fast is None:
            continue
        taken += 1
        precise = _precise(text, zone)
        assert precise == fast and str(precise.zone) == str(fast.zone), text
    assert taken > 500  # the fast path is really exercised
