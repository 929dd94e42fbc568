"""Dates, instants and time zones as the record format writes them, parsed with precise errors.

Every parsed moment is a `When`: an aware UTC datetime plus what the record said (a day, or an
instant with its own offset), so that reports can show both UTC and the original offset.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_DATE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
_INSTANT = re.compile(
    r"^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2})"
    r"(?::([0-9]{2})(\.[0-9]{1,9})?)? ?(Z|z|[+-][0-9]{2}(?::?[0-9]{2})?)?$"
)
# the shapes fromisoformat reads exactly as the format means them
_FAST_INSTANT = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2})?(?:Z|[+-][0-9]{2}:[0-5][0-9])?"
)
_OFFSET = re.compile(r"^(?:UTC|GMT)?([+-])([0-9]{1,2})(?::?([0-9]{2}))?$")
_MAX_OFFSET = timedelta(hours=14)
# dates run from 1970 (the epoch git and feeds count from) to 2999: far enough for any real
# deadline, and far enough from year 9999 that no deadline arithmetic leaves the calendar
MIN_YEAR, MAX_YEAR = 1970, 2999
# names in the zone folder that are not zones: `localtime` is whatever this machine is set to
_NOT_ZONES = {"localtime", "posixrules", "Factory", "posix", "right"}
_ABBREVIATIONS = {
    "CEST": "Europe/Berlin",
    "CET": "Europe/Berlin",
    "EST": "America/New_York",
    "EDT": "America/New_York",
    "PST": "America/Los_Angeles",
    "PDT": "America/Los_Angeles",
    "BST": "Europe/London",
    "CST": "Asia/Shanghai",
    "JST": "Asia/Tokyo",
    "IST": "Asia/Kolkata",
}


class ValueProblem(ValueError):
    """A value the format cannot accept; `kind` is one of date, instant, naive, zone."""

    def __init__(self, kind: str, message: str, hint: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.hint = hint


@dataclass(frozen=True, slots=True)
class When:
    """A moment from a record.

    `utc` is the instant (for a date: 00:00 of that day in the record's zone); `day` is set
    when only a date was written (precision: day); `zone` is the offset or zone the record
    used, so the original local time can be shown next to UTC.
    """

    utc: datetime
    zone: tzinfo
    day: date | None = None
    text: str = ""

    @property
    def is_day(self) -> bool:
        return self.day is not None

    @property
    def local(self) -> datetime:
        return self.utc.astimezone(self.zone)

    def local_day(self, zone: tzinfo) -> date:
        """The calendar day of this moment in `zone` (a written date stays that date)."""
        return self.day if self.day is not None else self.utc.astimezone(zone).date()

    def end_of_day(self, zone: tzinfo) -> datetime:
        """23:59:59 of this moment's day in `zone`: when a date-only deadline ends."""
        return end_of_day(self.local_day(zone), zone)


def end_of_day(day: date, zone: tzinfo) -> datetime:
    return datetime.combine(day, time(23, 59, 59), zone).astimezone(UTC)


def start_of_day(day: date, zone: tzinfo) -> datetime:
    return datetime.combine(day, time(0, 0), zone).astimezone(UTC)


def parse_date(text: str) -> date:
    match = _DATE.fullmatch(text)
    if not match:
        raise ValueProblem(
            "date", f"{text!r} is not a date", "write a date as YYYY-MM-DD, e.g. 2024-03-04"
        )
    year, month, day = (int(g) for g in match.groups())
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueProblem(
            "date",
            f"{text!r} is outside the years the format accepts ({MIN_YEAR}-{MAX_YEAR})",
            "check the year",
        )
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise ValueProblem(
            "date", f"{text!r} is not a real date: {exc}", "check the day and month"
        ) from None


def parse_instant(text: str, default_zone: tzinfo | None) -> When:
    fast = _fast_instant(text, default_zone)
    return fast if fast is not None else _parse_instant(text, default_zone)


def _fast_instant(text: str, default_zone: tzinfo | None) -> When | None:
    """The common, well-formed case through the C parser; None sends it the precise way.

    The pattern still decides what is accepted (fromisoformat takes more forms than the
    format allows); anything unusual (fractions, a bad offset, an early year) goes to
    `_parse_instant`, which gives the same result or the precise error.
    """
    if not _FAST_INSTANT.fullmatch(text):
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    zone = moment.tzinfo or default_zone
    if zone is None or not MIN_YEAR <= moment.year <= MAX_YEAR:
        return None
    if moment.tzinfo is None:
        try:
            moment = _in_zone(moment, zone, text)
        except ValueProblem:
            return None  # the precise path reports it
    elif abs(moment.utcoffset() or timedelta()) > _MAX_OFFSET:
        return None
    return When(moment.astimezone(UTC), zone, None, text)


def _parse_instant(text: str, default_zone: tzinfo | None) -> When:
    match = _INSTANT.fullmatch(text)
    if not match:
        raise ValueProblem(
            "instant",
            f"{text!r} is not a date and time",
            "write e.g. 2024-03-04T08:00+08:00, 2024-03-04 08:00Z,"
            " or 2024-03-04T08:00 with `timezone:` set",
        )
    y, mo, d, h, mi, s, frac, off = match.groups()
    day = parse_date(f"{y}-{mo}-{d}")
    hour, minute, second = int(h), int(mi), int(s or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise ValueProblem(
            "instant",
            f"{text!r} has an impossible time of day {h}:{mi}{':' + s if s else ''}",
            "hours run 00-23 and minutes and seconds 00-59; write 24:00 as 00:00 of the next day",
        )
    micro = int((frac[1:] + "000000")[:6]) if frac else 0
    zone: tzinfo | None = parse_zone(off) if off else default_zone
    if zone is None:
        raise ValueProblem(
            "naive",
            f"{text!r} has no UTC offset and the record sets no `timezone`",
            "add an offset (2024-03-04T08:00+08:00) or a top-level `timezone: +08:00`",
        )
    local = datetime.combine(day, time(hour, minute, second, micro))
    local = local.replace(tzinfo=zone) if off else _in_zone(local, zone, text)
    return When(local.astimezone(UTC), zone, None, text)


def _in_zone(naive: datetime, zone: tzinfo, text: str) -> datetime:
    """`naive` as a wall-clock time in `zone`; a time the clocks skip or show twice (a daylight
    saving change) is refused rather than guessed: only an offset says which one was meant."""
    first, second = naive.replace(tzinfo=zone), naive.replace(tzinfo=zone, fold=1)
    if first.utcoffset() == second.utcoffset():
        return first
    offsets = " or ".join(
        _offset_text(m.utcoffset() or timedelta()) for m in sorted([first, second], key=_utc)
    )
    if first.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != naive:
        raise ValueProblem(
            "instant",
            f"{text!r} does not exist in {zone}: the clocks skip it (daylight saving time)",
            f"write the time with the offset that was meant ({offsets})",
        )
    raise ValueProblem(
        "naive",
        f"{text!r} happens twice in {zone}: the clocks go back (daylight saving time)",
        f"add the offset that was meant, {offsets}, e.g. {naive:%Y-%m-%dT%H:%M}"
        f"{_offset_text(first.utcoffset() or timedelta())}",
    )


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _offset_text(delta: timedelta) -> str:
    sign = "-" if delta < timedelta() else "+"
    minutes = abs(int(delta.total_seconds())) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def parse_when(text: str, default_zone: tzinfo | None, day_zone: tzinfo) -> When:
    """A date or an instant; a date starts at 00:00 in `day_zone`."""
    if _DATE.fullmatch(text):
        day = parse_date(text)
        return When(start_of_day(day, day_zone), day_zone, day, text)
    return parse_instant(text, default_zone)


def parse_zone(text: str) -> tzinfo:
    if text in ("Z", "z", "UTC", "GMT", "Etc/UTC"):
        return UTC
    match = _OFFSET.fullmatch(text)
    if match:
        sign, hours, minutes = match.groups()
        delta = timedelta(hours=int(hours), minutes=int(minutes or 0))
        if delta > _MAX_OFFSET or int(minutes or 0) > 59:
            raise ValueProblem(
                "zone", f"offset {text!r} is beyond ±14:00", "UTC offsets run from -12:00 to +14:00"
            )
        return timezone(-delta if sign == "-" else delta)
    if text in _ABBREVIATIONS:
        raise ValueProblem(
            "zone",
            f"{text!r} is an abbreviation, not a time zone",
            f"write the IANA zone, e.g. {_ABBREVIATIONS[text]}:"
            " a fixed label is wrong across a DST change",
        )
    if text in _NOT_ZONES or text.startswith(("posix/", "right/")):
        raise ValueProblem(
            "zone",
            f"{text!r} is a file of this machine's zone database, not a time zone",
            "write an IANA zone (Asia/Shanghai), UTC, or an offset (+08:00, UTC+8)",
        )
    try:
        return ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueProblem(
            "zone",
            f"unknown time zone {text!r}",
            "write an IANA zone (Asia/Shanghai), UTC, or an offset (+08:00, UTC+8)",
        ) from None


def parse_as_of(text: str | None, zone: tzinfo, now: datetime) -> datetime:
    """The one reading of `--as-of`, for every command: a date means 23:59:59 of that day in
    the policy zone (`zone`); an instant without an offset is read in that zone; nothing (or
    `now`) means the real clock's `now`. Returns the UTC instant."""
    from generator.errors import LedgerError

    if text is None or text == "now":
        return now.astimezone(UTC)
    try:
        if _DATE.fullmatch(text):
            return end_of_day(parse_date(text), zone)
        return parse_instant(text, zone).utc
    except ValueProblem as exc:
        raise LedgerError(f"--as-of {text!r}: {exc}", exc.hint) from None


def format_delay(delta: timedelta) -> str:
    """A delay in words a reader takes in at once: '3 days 4 hours', '5 hours 12 minutes'."""
    seconds = int(delta.total_seconds())
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    parts = [(days, "day"), (hours, "hour")] if days else [(hours, "hour"), (minutes, "minute")]
    words = [f"{n} {unit}{'s' if n != 1 else ''}" for n, unit in parts if n]
    return " ".join(words) or "under a minute"


def format_instant(moment: datetime) -> str:
    """UTC as the reports print it: 2024-03-05 00:00 UTC (seconds only when not zero)."""
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%d %H:%M:%S UTC" if utc.second else "%Y-%m-%d %H:%M UTC")
