from __future__ import annotations

from pathlib import Path

from calendarcase import found

from generator.rules.audit_period_gap import RULE

CODE = RULE.code
AUDIT = "ledger/audits/tls-br.yaml"
HEAD = "kind: tls-br\nperiods:\n"
AS_OF = "2026-06-01T00:00Z"


def periods(*pairs: tuple[str, str]) -> dict[str, str]:
    return {AUDIT: HEAD + "".join(f"  - {{start: {a}, end: {b}}}\n" for a, b in pairs)}


def test_contiguous_periods_of_a_year_are_quiet(tmp_path: Path) -> None:
    ok = periods(("2023-12-15", "2024-12-14"), ("2024-12-15", "2025-12-14"))
    assert found(tmp_path, CODE, ok, AS_OF) == []


def test_a_gap_of_one_day_and_an_overlap_of_one_day_are_reported(tmp_path: Path) -> None:
    gap = periods(("2023-12-15", "2024-12-14"), ("2024-12-16", "2025-12-14"))
    overlap = periods(("2023-12-15", "2024-12-14"), ("2024-12-14", "2025-12-13"))
    assert found(tmp_path / "a", CODE, gap, AS_OF) == [(CODE, 4)]
    assert found(tmp_path / "b", CODE, overlap, AS_OF) == [(CODE, 4)]


def test_one_year_at_most_at_the_boundary(tmp_path: Path) -> None:
    exact = periods(("2024-12-15", "2025-12-14"))
    one_day_more = periods(("2024-12-15", "2025-12-15"))
    assert found(tmp_path / "a", CODE, exact, AS_OF) == []
    assert found(tmp_path / "b", CODE, one_day_more, AS_OF) == [(CODE, 3)]
    leap = periods(("2024-02-29", "2025-02-27"))  # 29 February + 1 year = 28 February
    assert found(tmp_path / "c", CODE, leap, AS_OF) == []


def test_periods_written_out_of_order_are_sorted_and_backwards_ones_reported(
    tmp_path: Path,
) -> None:
    unordered = periods(("2024-12-15", "2025-12-14"), ("2023-12-15", "2024-12-14"))
    assert found(tmp_path / "a", CODE, unordered, AS_OF) == []
    backwards = periods(("2025-12-14", "2024-12-15"))
    assert found(tmp_path / "b", CODE, backwards, AS_OF) == [(CODE, 3)]
