"""Property-based tests for date parsing and countdown arithmetic."""

from __future__ import annotations

import contextlib
import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from sahelcli import dates
from sahelcli.model import Deadline, Outcome, PartialDate, Source
from sahelcli.query.deadlines import state_at

ZONES = [
    "UTC",
    "Africa/Niamey",
    "Africa/Lagos",
    "Europe/Paris",
    "America/New_York",
    "Australia/Lord_Howe",
    "Asia/Kathmandu",
]
aware = st.datetimes(
    min_value=dt.datetime(1990, 1, 1),
    max_value=dt.datetime(2060, 12, 31),
    timezones=st.sampled_from([ZoneInfo(z) for z in ZONES]),
)
days = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))


@given(days, st.sampled_from(["year", "month", "day"]))
def test_partial_dates_round_trip(day: dt.date, precision: str) -> None:
    text = {"year": f"{day.year:04d}", "month": day.strftime("%Y-%m"), "day": day.isoformat()}
    parsed = dates.parse_partial_date(text[precision])
    assert parsed.precision == precision
    assert parsed.iso() == text[precision]
    assert parsed.first_day() <= day <= parsed.last_day() or precision == "day"
    assert parsed.first_day() <= parsed.last_day()


@given(st.integers(1900, 2100), st.integers(1, 12), st.integers(1, 31))
def test_impossible_days_are_rejected(year: int, month: int, day: int) -> None:
    text = f"{year:04d}-{month:02d}-{day:02d}"
    try:
        dt.date(year, month, day)
    except ValueError:
        with pytest.raises(dates.DateError, match="not a real date"):
            dates.parse_partial_date(text)
    else:
        assert dates.parse_partial_date(text) == PartialDate(year, month, day)


@given(st.text(max_size=12))
def test_partial_date_parser_never_crashes(text: str) -> None:
    with contextlib.suppress(dates.DateError):
        dates.parse_partial_date(text)


@given(st.text(max_size=30))
def test_instant_parser_never_crashes(text: str) -> None:
    try:
        moment = dates.parse_instant(text, "Africa/Niamey")
    except dates.DateError:
        return
    assert moment.utcoffset() is not None


@given(aware)
def test_instants_round_trip_through_iso(moment: dt.datetime) -> None:
    utc = moment.astimezone(dt.timezone.utc)
    assume(utc.astimezone(moment.tzinfo) == moment)  # not a wall time skipped by a DST change
    text = moment.isoformat()
    # compare in UTC: Python never calls a time in a DST fold equal to one in another zone
    assert dates.parse_instant(text).astimezone(dt.timezone.utc) == utc
    assert dates.require_aware_instant(text).astimezone(dt.timezone.utc) == utc


@given(days, st.sampled_from(ZONES))
def test_bare_dates_cover_the_whole_day(day: dt.date, zone: str) -> None:
    start = dates.parse_instant(day.isoformat(), zone, date_means="start")
    end = dates.parse_instant(day.isoformat(), zone, date_means="end")
    assert start < end
    assert start.date() == end.date() == day
    assert (end + dt.timedelta(microseconds=1)).date() != day


@given(st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=4000)))
def test_duration_parts_add_up(delta: dt.timedelta) -> None:
    d, h, m, s = dates.split_duration(delta)
    assert d * 86400 + h * 3600 + m * 60 + s == int(delta.total_seconds())
    assert 0 <= h < 24 and 0 <= m < 60 and 0 <= s < 60
    text = dates.format_duration(delta)
    assert text.endswith("s")
    if d:
        assert text.startswith(f"{d}d ")


def _deadline(
    issued: dt.datetime, expires: dt.datetime, zone: str, outcome: Outcome | None = None
) -> Deadline:
    source = Source("P", "T", PartialDate(2023), "https://example.org")
    return Deadline(
        id="d",
        issuer="a",
        target="b",
        issued=issued,
        expires=expires,
        timezone=zone,
        demand="x",
        sources=(source,),
        outcome=outcome,
    )


@given(aware, aware, st.sampled_from(ZONES))
def test_countdown_is_exact_elapsed_time_across_zones_and_dst(
    expires: dt.datetime, now: dt.datetime, zone: str
) -> None:
    issued = min(expires, now) - dt.timedelta(days=1)
    state = state_at(_deadline(issued, expires, zone), now)
    utc = dt.timezone.utc
    assert state.remaining == expires.astimezone(utc) - now.astimezone(utc)
    assert now.astimezone(utc) + state.remaining == expires.astimezone(utc)
    assert state.status == ("open" if now < expires else "expired")


@given(aware, st.timedeltas(min_value=dt.timedelta(seconds=1), max_value=dt.timedelta(days=90)))
def test_countdown_is_the_same_whatever_zone_the_expiry_is_written_in(
    now: dt.datetime, left: dt.timedelta
) -> None:
    expires = (now.astimezone(dt.timezone.utc) + left).astimezone(now.tzinfo)
    for zone in ZONES:
        written = expires.astimezone(ZoneInfo(zone))
        state = state_at(_deadline(now - left, written, zone), now)
        assert state.remaining == dates.elapsed(now, written)
        assert state.remaining == left


def test_dst_change_is_counted_in_real_hours() -> None:
    paris = ZoneInfo("Europe/Paris")
    now = dt.datetime(2024, 3, 30, 12, 0, tzinfo=paris)  # the clocks go forward that night
    expires = dt.datetime(2024, 3, 31, 12, 0, tzinfo=paris)
    state = state_at(_deadline(now, expires, "Europe/Paris"), now)
    assert state.remaining == dt.timedelta(hours=23)
    assert dates.format_duration(state.remaining) == "23h 00m 00s"


def test_month_end_countdown() -> None:
    lagos = ZoneInfo("Africa/Lagos")
    now = dt.datetime(2024, 1, 31, 23, 0, tzinfo=lagos)
    expires = dt.datetime(2024, 3, 1, 0, 0, tzinfo=lagos)  # leap February in between
    state = state_at(_deadline(now, expires, "Africa/Lagos"), now)
    assert dates.format_duration(state.remaining) == "29d 01h 00m 00s"


@given(aware, aware)
def test_outcome_only_counts_once_its_day_has_passed(
    expires: dt.datetime, now: dt.datetime
) -> None:
    outcome_day = expires.astimezone(ZoneInfo("Africa/Lagos")).date()
    outcome = Outcome(
        PartialDate(outcome_day.year, outcome_day.month, outcome_day.day), "met", "ok"
    )
    state = state_at(
        _deadline(expires - dt.timedelta(days=7), expires, "Africa/Lagos", outcome), now
    )
    end_of_day = dt.datetime.combine(outcome_day, dt.time.max, tzinfo=ZoneInfo("Africa/Lagos"))
    if now >= end_of_day:
        assert state.status == "met"
    else:
        assert state.status == ("open" if now < expires else "expired")


@given(
    days,
    st.one_of(st.none(), st.times().map(lambda t: t.strftime("%H:%M"))),
    st.sampled_from(["year", "month", "day"]),
)
def test_event_period_is_ordered(day: dt.date, time: str | None, precision: str) -> None:
    date = {
        "year": PartialDate(day.year),
        "month": PartialDate(day.year, day.month),
        "day": PartialDate(day.year, day.month, day.day),
    }[precision]
    assume(day.year > 1)
    start = dates.event_start(date, time, "Africa/Niamey")
    end = dates.event_end(date, time, "Africa/Niamey")
    assert start <= end
    if time is not None and precision == "day":
        assert start == end


@given(st.integers(0, 23), st.integers(0, 59), st.sampled_from(["", "Z", "+01:00", "-05:30"]))
def test_times_parse(hour: int, minute: int, offset: str) -> None:
    clock, tz = dates.parse_time(f"{hour:02d}:{minute:02d}{offset}")
    assert (clock.hour, clock.minute) == (hour, minute)
    assert (tz is None) == (offset == "")
