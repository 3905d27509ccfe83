"""Deadlines (and optionally events) as an RFC 5545 iCalendar file.

Each deadline is a VEVENT at its expiry instant in UTC with a reminder a day before; events
are all-day entries spanning their day, month or year. Output is reproducible: UIDs come from
record ids and DTSTAMP from a fixed instant chosen by the caller. Text values are escaped,
lines folded at 75 octets (never inside a UTF-8 character) and ended with CRLF.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from sahelcli import __version__
from sahelcli.extras import placed_fields, text_lines
from sahelcli.model import Actor, Deadline, Event, Source, names_of
from sahelcli.render.safe import clean

LINE_OCTETS = 75
CRLF = "\r\n"


#: The YAML fields placed by hand, and those left out on purpose; any other field reaches the
#: output generically (extras.py), so a new field is never dropped silently.
FIELDS_USED = {
    "Deadline": {
        *("id", "title", "issuer", "target", "issued", "expires", "timezone", "demand"),
        *("consequence", "expires_note", "outcome", "note", "tags", "sources"),
    },
    "Event": {
        *("id", "date", "time", "title", "summary", "actors", "tags", "location", "note"),
        *("latitude", "longitude", "sources"),
    },
}
FIELDS_LEFT_OUT = {
    # when a record entered the dataset is about the data, not the story: `sahel changes`
    "Deadline": {"added", "revised", "replaces"},
    "Event": {
        "fatalities",
        "location_precision",  # GEO has no place for it; the coordinates are given as they are
        "added",
        "revised",
        "replaces",
    },  # a calendar entry has no place for a count
}


#: Any field in neither reaches the description as a ``Label: value`` line.
PLACED = placed_fields(FIELDS_USED, FIELDS_LEFT_OUT)


def escape_text(value: str) -> str:
    """RFC 5545 TEXT: backslash, semicolon, comma and newline escaped; controls made visible."""
    value = clean(value.replace("\r\n", "\n").replace("\r", "\n")).replace("\t", " ")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold one content line so no physical line exceeds 75 octets, splitting between
    characters only (continuation lines start with one space, which counts)."""
    if len(line.encode("utf-8")) <= LINE_OCTETS:
        return line
    parts: list[str] = []
    current: list[str] = []
    size = 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > LINE_OCTETS:
            parts.append("".join(current))
            current = [" "]
            size = 1
        current.append(char)
        size += width
    parts.append("".join(current))
    return CRLF.join(parts)


def utc_stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _date_value(day: dt.date) -> str:
    return day.strftime("%Y%m%d")


def _source_lines(sources: Sequence[Source]) -> list[str]:
    lines = ["Sources:"]
    for source in sources:
        via = f" (via {source.via})" if source.via else ""
        lines.append(f"- {source.publisher}{via}, {source.title} ({source.date}): {source.url}")
    return lines


class _Calendar:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, name: str, value: str) -> None:
        self.lines.append(fold(f"{name}:{value}"))

    def text(self, name: str, value: str) -> None:
        self.add(name, escape_text(value))

    def categories(self, values: Iterable[str]) -> None:
        items = [escape_text(v) for v in values]
        if items:
            self.add("CATEGORIES", ",".join(items))

    def render(self) -> str:
        return CRLF.join(self.lines) + CRLF


def deadline_description(
    deadline: Deadline, actors: Mapping[str, Actor], *, show_outcome: bool
) -> str:
    lines = [
        f"Issuer: {names_of([deadline.issuer], actors)[0]}",
        f"Target: {names_of([deadline.target], actors)[0]}",
        f"Demand: {deadline.demand}",
    ]
    if deadline.consequence:
        lines.append(f"Consequence: {deadline.consequence}")
    lines.append(f"Issued: {deadline.issued.isoformat()}")
    lines.append(f"Expires: {deadline.expires.isoformat()} ({deadline.timezone})")
    if deadline.expires_note:
        lines.append(f"How exact: {deadline.expires_note}")
    if show_outcome and deadline.outcome is not None:
        outcome = deadline.outcome
        lines.append(f"Outcome ({outcome.status}, {outcome.date}): {outcome.text}")
    else:
        lines.append("Outcome: not known yet")
    if deadline.note:
        lines.append(f"Note: {deadline.note}")
    lines.extend(text_lines(deadline, PLACED["Deadline"]))
    lines.extend(_source_lines(deadline.sources))
    return "\n".join(lines)


def event_description(event: Event, actors: Mapping[str, Actor]) -> str:
    lines = [f"Date: {event.date.human()}" + (f" {event.time}" if event.time else "")]
    if event.summary:
        lines.append(event.summary)
    if event.actors:
        lines.append("Actors: " + ", ".join(names_of(event.actors, actors)))
    if event.note:
        lines.append(f"Note: {event.note}")
    lines.extend(text_lines(event, PLACED["Event"]))
    lines.extend(_source_lines(event.sources))
    return "\n".join(lines)


def to_ics(
    deadlines: Sequence[Deadline],
    events: Sequence[Event],
    actors: Mapping[str, Actor],
    *,
    stamp: dt.datetime,
    now: dt.datetime,
    title: str | None = None,
) -> str:
    """The calendar text (CRLF line ends). ``stamp`` is the DTSTAMP of every entry;
    outcomes are shown only when known at ``now``."""
    from sahelcli.query.replay import outcome_known

    cal = _Calendar()
    cal.add("BEGIN", "VCALENDAR")
    cal.add("VERSION", "2.0")
    cal.add("PRODID", f"-//sahel//sahel {__version__}//EN")
    cal.add("CALSCALE", "GREGORIAN")
    cal.add("METHOD", "PUBLISH")
    if title:
        cal.text("X-WR-CALNAME", title)
    stamp_text = utc_stamp(stamp)
    for deadline in deadlines:
        cal.add("BEGIN", "VEVENT")
        cal.add("UID", f"{deadline.id}@sahel")
        cal.add("DTSTAMP", stamp_text)
        cal.add("DTSTART", utc_stamp(deadline.expires))
        cal.text("SUMMARY", f"Deadline expires: {deadline.label}")
        cal.text(
            "DESCRIPTION",
            deadline_description(deadline, actors, show_outcome=outcome_known(deadline, now)),
        )
        cal.categories(["deadline", *deadline.tags])
        if deadline.sources:
            cal.add("URL", deadline.sources[0].url)
        cal.add("TRANSP", "TRANSPARENT")
        cal.add("BEGIN", "VALARM")
        cal.add("ACTION", "DISPLAY")
        cal.text("DESCRIPTION", f"Tomorrow: {deadline.label} expires")
        cal.add("TRIGGER", "-P1D")
        cal.add("END", "VALARM")
        cal.add("END", "VEVENT")
    for event in events:
        cal.add("BEGIN", "VEVENT")
        cal.add("UID", f"{event.id}.event@sahel")
        cal.add("DTSTAMP", stamp_text)
        cal.add("DTSTART;VALUE=DATE", _date_value(event.date.first_day()))
        cal.add("DTEND;VALUE=DATE", _date_value(event.date.last_day() + dt.timedelta(days=1)))
        cal.text("SUMMARY", event.title)
        cal.text("DESCRIPTION", event_description(event, actors))
        if event.location:
            cal.text("LOCATION", event.location)
        if event.latitude is not None and event.longitude is not None:
            cal.add("GEO", f"{event.latitude:.6f};{event.longitude:.6f}")
        cal.categories(event.tags)
        if event.sources:
            cal.add("URL", event.sources[0].url)
        cal.add("TRANSP", "TRANSPARENT")
        cal.add("END", "VEVENT")
    cal.add("END", "VCALENDAR")
    return cal.render()
