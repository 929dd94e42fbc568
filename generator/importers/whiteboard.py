"""A Bugzilla whiteboard → tags, the root program's "Next update" date and "close on" date.

Root-program staff write the next-update date by hand, so the same day appears as
`Next update 2023-03-30`, `Next update: 01-Nov-2023`, `next update 2-Oct-2023`,
`Next Update - Nov 1, 2023`, `[Next update 1 November 2023]` or `Next update 2023/03/30`.
Every form that names one day only is read. A numeric day-month/month-day form such as
`3-1-2023` (1 March or 3 January?) is not guessed: the date is left unset and the problem is
returned, for the draft and for stderr. `dateutil` would guess instead (month first by
default), which is exactly what must not happen to a deadline.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

_MONTHS: dict[str, int] = {}
for _n in range(1, 13):
    _MONTHS[calendar.month_name[_n].lower()] = _n
    _MONTHS[calendar.month_abbr[_n].lower()] = _n
_MONTHS["sept"] = 9

_SEP = r"[\s./,-]*"
_ORD = r"(?:st|nd|rd|th)?"
_MON = r"([A-Za-z]{3,9})\.?"
# the marker, then an optional joining word or punctuation: "Next update: ", "next-update on "
_NEXT = re.compile(
    r"next[\s_-]*update[sd]?\s*(?:(?:on\s+or\s+before|no\s+later\s+than|before|on|by|due|date|is|at)\b)?\s*[:=\u2013\u2014-]?\s*",
    re.IGNORECASE,
)
_CLOSE = re.compile(r"close[\s_-]*on\s*[:=\u2013\u2014-]?\s*", re.IGNORECASE)
_WEEKDAY = re.compile(r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+", re.IGNORECASE)
_FORMS: list[tuple[str, re.Pattern[str]]] = [
    ("ymd", re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")),
    ("compact", re.compile(r"(\d{4})(\d{2})(\d{2})(?!\d)")),
    ("y-mon-d", re.compile(rf"(\d{{4}}){_SEP}{_MON}{_SEP}(\d{{1,2}}){_ORD}(?![\d:])")),
    (
        "d-mon-y",
        re.compile(rf"(\d{{1,2}}){_ORD}{_SEP}(?:of\s+)?{_MON}{_SEP}(\d{{4}}|\d{{2}})(?![\d:])"),
    ),
    (
        "mon-d-y",
        re.compile(rf"{_MON}{_SEP}(\d{{1,2}})(?!\d){_ORD}{_SEP}(\d{{4}}|\d{{2}})(?![\d:])"),
    ),
    ("numeric", re.compile(r"(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})(?!\d)")),
]


@dataclass(frozen=True, slots=True)
class Whiteboard:
    tags: list[str]
    next_update: date | None
    close_on: date | None
    problems: list[str]  # a date that was written but could not be read without guessing


def parse(text: str) -> Whiteboard:
    text = text[:10_000]  # a whiteboard is a line; never spend time on a megabyte of it
    problems: list[str] = []
    tags: list[str] = []
    close_on = None
    for token in re.findall(r"\[([^\]]*)\]", text):
        if _NEXT.match(token.strip()):
            continue
        found = _CLOSE.match(token.strip())
        if found:
            close_on = _date_after(token.strip()[found.end() :], "close on", problems)
            continue
        tag = re.sub(r"[^a-z0-9-]+", "-", token.strip().lower()).strip("-")
        tag = re.sub(r"-{2,}", "-", tag)[:100]
        if tag and tag not in tags:
            tags.append(tag)
    next_update = None
    found = _NEXT.search(text)
    if found:
        rest = text[found.end() :].split("]", 1)[0]
        next_update = _date_after(rest, "Next update", problems)
    return Whiteboard(tags, next_update, close_on, problems)


def _date_after(rest: str, label: str, problems: list[str]) -> date | None:
    rest = _WEEKDAY.sub("", rest.strip(" \t~:=-\u2013\u2014"))[:60]
    for form, pattern in _FORMS:
        found = pattern.match(rest)
        if not found:
            continue
        day, problem = _read(form, found.groups())
        if problem is None and day is not None:
            return day
        if problem is not None:
            problems.append(f"{label} {found.group(0).strip()!r}: {problem}")
            return None
    if rest:
        problems.append(f"{label} {rest.split(']')[0][:40]!r}: not a date this importer can read")
    return None


def _read(form: str, groups: tuple[str, ...]) -> tuple[date | None, str | None]:
    if form in ("ymd", "compact"):
        return _day(int(groups[0]), int(groups[1]), int(groups[2]))
    if form == "y-mon-d":
        return _named(groups[0], groups[1], groups[2])
    if form == "d-mon-y":
        return _named(groups[2], groups[1], groups[0])
    if form == "mon-d-y":
        return _named(groups[2], groups[0], groups[1])
    return _numeric(int(groups[0]), int(groups[2]), _year(groups[3]))


def _year(text: str) -> int:
    return 2000 + int(text) if len(text) == 2 else int(text)


def _named(year: str, month: str, day: str) -> tuple[date | None, str | None]:
    number = _MONTHS.get(month.lower())
    if number is None:
        return None, None  # not a month name: let another form (or nothing) match
    return _day(_year(year), number, int(day))


def _day(year: int, month: int, day: int) -> tuple[date | None, str | None]:
    try:
        found = date(year, month, day)
    except ValueError:
        return None, "no such day"
    if year < 1970:
        return None, "a year before 1970"
    return found, None


def _numeric(first: int, second: int, year: int) -> tuple[date | None, str | None]:
    day_first, month_first = _day(year, second, first)[0], _day(year, first, second)[0]
    if day_first is None or month_first is None or day_first == month_first:
        found = day_first or month_first
        return (found, None) if found else (None, "no such day")
    return None, (
        f"ambiguous: {day_first:%d %B %Y} (day first) or {month_first:%d %B %Y} (month first);"
        " not set"
    )
