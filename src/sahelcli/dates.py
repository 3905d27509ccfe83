"""Dates, instants and durations: parsing and arithmetic with aware datetimes.

All arithmetic is done on aware datetimes; differences between instants are exact elapsed
time whatever the zones (so a countdown is right across DST changes and month ends).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import TYPE_CHECKING

from sahelcli.model import PartialDate

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

UTC = dt.timezone.utc

_PARTIAL_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_TIME_RE = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?(Z|[+-]\d{2}:?\d{2})?$")
_OFFSET_RE = re.compile(r"^([+-])(\d{2}):?(\d{2})$")


class DateError(ValueError):
    """A value that is not a valid date, time or instant; the message says what was expected."""


#: Years a date or instant may have: the arithmetic on them (the end of a period, conversion
#: to UTC, countdowns) must stay inside Python's years 1 to 9999.
MIN_YEAR, MAX_YEAR = 2, 9998
RANGE_TEXT = f"dates must lie between {MIN_YEAR:04d}-01-01 and {MAX_YEAR:04d}-12-31"


def _in_range(year: int, text: str) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DateError(f"{text!r} is out of range ({RANGE_TEXT})")


def parse_partial_date(value: object) -> PartialDate:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (a string, a ``date`` or a 4-digit int)."""
    if isinstance(value, dt.datetime):
        raise DateError("a date-time where a date belongs (expected YYYY, YYYY-MM or YYYY-MM-DD)")
    if isinstance(value, dt.date):
        _in_range(value.year, value.isoformat())
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise DateError(f"expected a date (YYYY, YYYY-MM or YYYY-MM-DD), got {type_name(value)}")
    text = str(value).strip()
    match = _PARTIAL_RE.match(text)
    if not match:
        raise DateError(f"{text!r} is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    if year < 1:
        raise DateError(f"{text!r} is not a real date (year 0)")
    _in_range(year, text)
    if month is not None and not 1 <= month <= 12:
        raise DateError(f"{text!r} is not a real date (month {month})")
    if day is not None:
        assert month is not None
        try:
            dt.date(year, month, day)
        except ValueError:
            raise DateError(f"{text!r} is not a real date") from None
    return PartialDate(year, month, day)


def parse_offset(text: str) -> dt.tzinfo:
    if text == "Z":
        return UTC
    match = _OFFSET_RE.match(text)
    if not match:
        raise DateError(f"{text!r} is not a UTC offset (expected +HH:MM or Z)")
    sign, hours, minutes = match.groups()
    delta = dt.timedelta(hours=int(hours), minutes=int(minutes))
    if delta >= dt.timedelta(hours=24):
        raise DateError(f"{text!r} is not a UTC offset")
    return dt.timezone(-delta if sign == "-" else delta)


def parse_time(value: object) -> tuple[dt.time, dt.tzinfo | None]:
    """Parse ``HH:MM[:SS][offset]``; returns the time and its offset (None: dataset zone)."""
    if isinstance(value, int) and not isinstance(value, bool):
        raise DateError(
            f"a number ({value}) where a time belongs: YAML 1.1 reads an unquoted time such "
            'as 23:59 as a base-60 number (expected a quoted "HH:MM")'
        )
    if not isinstance(value, str):
        raise DateError(f'expected a time "HH:MM", got {type_name(value)}')
    match = _TIME_RE.match(value.strip())
    if not match:
        raise DateError(f"{value!r} is not a time (expected HH:MM, HH:MM:SS, optional +HH:MM)")
    hours, minutes, seconds, offset = match.groups()
    tz = parse_offset(offset) if offset else None
    return dt.time(int(hours), int(minutes), int(seconds or 0)), tz


@lru_cache(maxsize=64)
def zone(name: str) -> ZoneInfo:
    """The IANA zone ``name``; raises DateError when unknown."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise DateError(f"{name!r} is not a known IANA time zone (e.g. Africa/Niamey)") from None


def parse_instant(
    value: object, default_zone: str = "UTC", *, date_means: str = "start"
) -> dt.datetime:
    """Parse an ISO 8601 date or date-time into an aware datetime.

    A date-time without offset is read in ``default_zone``. A bare date means its first instant
    (``date_means="start"``) or its last (``"end"``), in ``default_zone``.
    """
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        return _date_bound(value, default_zone, date_means)
    elif isinstance(value, str):
        text = value.strip()
        if _PARTIAL_RE.match(text):
            partial = parse_partial_date(text)
            day = partial.first_day() if date_means == "start" else partial.last_day()
            return _date_bound(day, default_zone, date_means)
        candidate = text.replace(" ", "T", 1)
        if candidate.endswith(("Z", "z")):
            candidate = candidate[:-1] + "+00:00"
        try:
            moment = dt.datetime.fromisoformat(candidate)
        except ValueError:
            raise DateError(
                f"{text!r} is not an instant (expected YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]+HH:MM)"
            ) from None
    else:
        raise DateError(f"expected an ISO 8601 instant, got {type_name(value)}")
    if moment.tzinfo is None or moment.utcoffset() is None:
        moment = moment.replace(tzinfo=zone(default_zone))
    _in_range(moment.year, str(value))
    return moment


def _date_bound(day: dt.date, zone_name: str, date_means: str) -> dt.datetime:
    tz = zone(zone_name)
    if date_means == "start":
        return dt.datetime.combine(day, dt.time.min, tzinfo=tz)
    return dt.datetime.combine(day, dt.time.max, tzinfo=tz)


def require_aware_instant(value: object) -> dt.datetime:
    """A deadline instant: a full date-time *with* an explicit offset."""
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, str):
        text = value.strip()
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        try:
            moment = dt.datetime.fromisoformat(text.replace(" ", "T", 1))
        except ValueError:
            raise DateError(
                f"{value!r} is not an instant (expected YYYY-MM-DDTHH:MM[:SS]+HH:MM)"
            ) from None
        if not re.search(r"T\d", text.replace(" ", "T", 1)):
            raise DateError(f"{value!r} is a date, not an instant (expected a time and offset)")
    elif isinstance(value, dt.date):
        raise DateError(f"{value.isoformat()} is a date, not an instant (add THH:MM+HH:MM)")
    else:
        raise DateError(f"expected an instant YYYY-MM-DDTHH:MM+HH:MM, got {type_name(value)}")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise DateError(f"{value!s} has no UTC offset (expected e.g. +01:00 or Z)")
    _in_range(moment.year, str(value))
    return moment


def elapsed(start: dt.datetime, end: dt.datetime) -> dt.timedelta:
    """Real time from ``start`` to ``end``.

    Python subtracts two datetimes that share a tzinfo by wall clock, which is wrong across a
    DST change (a night when clocks go forward is 23 hours, not 24); converting both to UTC
    first gives the elapsed time.
    """
    return end.astimezone(UTC) - start.astimezone(UTC)


def event_start(date: PartialDate, time: str | None, zone_name: str) -> dt.datetime:
    """Earliest instant (in UTC) at which an event dated ``date`` (optionally at ``time``) lies."""
    if time is not None and date.day is not None:
        clock, offset = parse_time(time)
        tz = offset or zone(zone_name)
        return dt.datetime.combine(date.first_day(), clock, tzinfo=tz).astimezone(UTC)
    return dt.datetime.combine(date.first_day(), dt.time.min, tzinfo=zone(zone_name)).astimezone(
        UTC
    )


def event_end(date: PartialDate, time: str | None, zone_name: str) -> dt.datetime:
    """Last instant (in UTC) an event dated ``date`` (optionally at ``time``) can lie at."""
    if time is not None and date.day is not None:
        return event_start(date, time, zone_name)
    return dt.datetime.combine(date.last_day(), dt.time.max, tzinfo=zone(zone_name)).astimezone(UTC)


def split_duration(delta: dt.timedelta) -> tuple[int, int, int, int]:
    """(days, hours, minutes, seconds) of a non-negative duration, seconds truncated."""
    total = int(abs(delta).total_seconds())
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    return days, hours, minutes, seconds


def format_duration(delta: dt.timedelta) -> str:
    """``3d 11h 00m 00s``; leading zero units dropped (``5h 02m 09s``, ``42s``)."""
    days, hours, minutes, seconds = split_duration(delta)
    if days:
        return f"{days}d {hours:02d}h {minutes:02d}m {seconds:02d}s"
    if hours:
        return f"{hours}h {minutes:02d}m {seconds:02d}s"
    if minutes:
        return f"{minutes}m {seconds:02d}s"
    return f"{seconds}s"


def format_instant(moment: dt.datetime, zone_name: str | None = None) -> str:
    """ISO 8601 with offset, to the minute unless seconds matter, in ``zone_name`` if given."""
    if zone_name:
        moment = moment.astimezone(zone(zone_name))
    spec = "seconds" if moment.second or moment.microsecond else "minutes"
    return moment.isoformat(timespec=spec)


def type_name(value: object) -> str:
    """How a YAML value's type is named in messages."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, int):
        return f"a number ({value})"
    if isinstance(value, float):
        return f"a number ({value})"
    if isinstance(value, dt.datetime):
        return "a date-time"
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def human_instant(moment: dt.datetime, zone_name: str, *, year: bool = True) -> str:
    """``7 Aug 2023 00:00 WAT``: an instant for people, in ``zone_name`` with its abbreviation
    (seconds only when they matter). Data formats keep ISO 8601 (``format_instant``)."""
    local = moment.astimezone(zone(zone_name))
    clock = local.strftime("%H:%M:%S" if local.second else "%H:%M")
    month = local.strftime("%b")
    day = f"{local.day} {month} {local.year}" if year else f"{local.day} {month}"
    abbreviation = local.tzname() or local.strftime("%z")
    if abbreviation.startswith(("+", "-")):  # zones without a letter abbreviation
        abbreviation = "UTC" + abbreviation
    return f"{day} {clock} {abbreviation}"


def short_duration(delta: dt.timedelta) -> str:
    """A duration at the precision a list needs: ``1209 days``, ``5h 02m``, ``42s``."""
    days, hours, minutes, seconds = split_duration(delta)
    if days >= 2:
        return f"{days} days"
    if days or hours:
        return f"{days * 24 + hours}h {minutes:02d}m"
    if minutes:
        return f"{minutes}m {seconds:02d}s"
    return f"{seconds}s"
