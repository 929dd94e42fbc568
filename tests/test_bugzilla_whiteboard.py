"""The whiteboard's tags and "Next update" date, in the forms root-program staff write."""

from __future__ import annotations

from datetime import date

import pytest

from generator.importers.whiteboard import parse


@pytest.mark.parametrize(
    ("board", "day"),
    [
        ("[ca-compliance] [ca-revocation-delay] Next update 2023-04-28 ", date(2023, 4, 28)),
        ("[ca-compliance] [audit-finding] Next update 01-Nov-2023", date(2023, 11, 1)),
        ("[ca-compliance] [ov-misissuance] Next update 2-Oct-2023", date(2023, 10, 2)),
        ("[ca-compliance] [dv-misissuance] next update 2024-01-15", date(2024, 1, 15)),
        ("[ca-compliance] [ov-misissuance] - Next update 2023-10-31", date(2023, 10, 31)),
        ("[ca-compliance] [leaf-revocation-delay] Next update: 2024-07-30", date(2024, 7, 30)),
        ("[ca-compliance] Next Update:2024-01-05", date(2024, 1, 5)),
        ("[ca-compliance] [policy-failure] Next update Nov 1, 2023", date(2023, 11, 1)),
        ("[ca-compliance] [policy-failure] Next Update - November 1 2023", date(2023, 11, 1)),
        ("[ca-compliance] [disclosure-failure] Next update 1 November 2023", date(2023, 11, 1)),
        ("[ca-compliance] Next update 1-December-2023", date(2023, 12, 1)),
        ("[ca-compliance] Next update 1st Dec 2023", date(2023, 12, 1)),
        ("[ca-compliance] Next update December 12th, 2023", date(2023, 12, 12)),
        ("[ca-compliance] Next update Sept 5, 2024", date(2024, 9, 5)),
        ("[ca-compliance] Next update 2023/03/30", date(2023, 3, 30)),
        ("[ca-compliance] Next update 2023.03.30", date(2023, 3, 30)),
        ("[ca-compliance] Next update 20230330", date(2023, 3, 30)),
        ("[ca-compliance] [ocsp-failure] Next update 30-Mar-23", date(2023, 3, 30)),
        ("[ca-compliance] NEXT UPDATE 2023-MAR-30", date(2023, 3, 30)),
        ("[ca-compliance] next update 30-mar-2023", date(2023, 3, 30)),
        ("[ca-compliance] Next update 12/31/2023", date(2023, 12, 31)),  # only month-day fits
        ("[ca-compliance] Next update 31.12.2023", date(2023, 12, 31)),  # only day-month fits
        ("[ca-compliance] Next update 5/5/2024", date(2024, 5, 5)),  # both readings agree
        ("[ca-compliance] [next update 2024-02-01]", date(2024, 2, 1)),
        ("[ca-compliance] Next-Update on or before 2024-02-01", date(2024, 2, 1)),
        ("[ca-compliance] Next update 2024-01-15 (per comment 12)", date(2024, 1, 15)),
        ("[ca-compliance] Next updates 2024-01-15", date(2024, 1, 15)),
        ("[ca-compliance] Next update Monday, 2024-01-15", date(2024, 1, 15)),
        ("[ca-compliance] Next update: ~2024-01-15", date(2024, 1, 15)),
        ("[ca-compliance] Next update: 5 Jan. 2024", date(2024, 1, 5)),
        ("[ca-compliance] NextUpdate 2024-1-5", date(2024, 1, 5)),
    ],
)
def test_every_unambiguous_form_is_read(board: str, day: date) -> None:
    found = parse(board)
    assert (found.next_update, found.problems) == (day, [])
    assert "ca-compliance" in found.tags and not any("next" in t for t in found.tags)


@pytest.mark.parametrize(
    ("board", "problem"),
    [
        ("[ca-compliance] Next update 3-1-2023", "ambiguous: 03 January 2023 (day first) or"),
        ("[ca-compliance] Next update 3/1/23", "ambiguous: 03 January 2023 (day first) or"),
        ("[ca-compliance] Next update 04.05.2024", "ambiguous: 04 May 2024 (day first) or"),
        ("[ca-compliance] Next update 2023-11-31", "'2023-11-31': no such day"),
        ("[ca-compliance] Next update 31-Feb-2024", "no such day"),
        ("[ca-compliance] Next update: TBD", "'TBD': not a date this importer can read"),
        ("[ca-compliance] Next update Jan 2024", "'Jan 2024': not a date this importer can read"),
        ("[ca-compliance] Next update 1969-12-31", "a year before 1970"),
    ],
)
def test_a_date_that_needs_a_guess_is_left_unset_with_the_reason(board: str, problem: str) -> None:
    found = parse(board)
    assert found.next_update is None
    assert len(found.problems) == 1 and problem in found.problems[0]


def test_no_next_update_is_no_problem() -> None:
    assert parse("[ca-compliance] [ov-misissuance]").problems == []
    assert parse("").tags == []


def test_tags_become_valid_tag_syntax_and_close_on_is_read() -> None:
    found = parse(
        "[CA-Compliance] [EV Misissuance] [ca-compliance] [--x--] [] [ü] [close on 2024-05-01]"
    )
    assert found.tags == ["ca-compliance", "ev-misissuance", "x"]
    assert found.close_on == date(2024, 5, 1)


def test_a_huge_whiteboard_costs_nothing() -> None:
    found = parse("[a] " * 1_000_000 + "Next update 2024-01-01")
    assert found.tags == ["a"] and found.next_update is None
