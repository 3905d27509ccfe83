"""Events (and deadlines, as eras) as a TimelineJS3 JSON document.

Format: https://timeline.knightlab.com/docs/json-format.html. The shape follows the Knight Lab
templates: ``{"title": {...}, "events": [...], "eras": [...]}``, date parts as strings,
``start_date`` carrying only the parts the event's precision knows (and the hour and minute, in
the dataset's time zone, when the event has a time). Each deadline is an era, a band from its
issue to its expiry. TimelineJS renders ``text`` as HTML, so every value from the dataset is
HTML-escaped.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Mapping, Sequence
from typing import Any

from sahelcli.dates import zone
from sahelcli.extras import placed_fields, text_lines
from sahelcli.model import Actor, Deadline, Event, names_of
from sahelcli.render.safe import clean, escape_json_text

#: The YAML fields placed by hand, and those left out on purpose; any other field reaches the
#: output generically (extras.py), so a new field is never dropped silently.
FIELDS_USED = {
    "Event": {
        *("id", "date", "time", "title", "summary", "actors", "tags", "location", "note"),
        *("fatalities", "sources"),
    },
    "Deadline": {"id", "title", "issued", "expires"},
}
FIELDS_LEFT_OUT = {
    # when a record entered the dataset is about the data, not the story: `sahel changes`
    "Event": {
        "latitude",
        "longitude",
        "location_precision",
        "added",
        "revised",
        "replaces",
    },  # TimelineJS slides have no map
    # An era is a labelled span; the deadline's text lives in the ICS export and in `show`.
    "Deadline": {
        *("issuer", "target", "timezone", "demand", "consequence", "expires_note"),
        *("outcome", "note", "tags", "sources", "added", "revised", "replaces"),
    },
}


def _h(text: str) -> str:
    return html.escape(clean(text), quote=True)


def instant_date(moment: dt.datetime, zone_name: str) -> dict[str, str]:
    """An exact instant as TimelineJS date parts, to the minute, in the dataset's time zone."""
    local = moment.astimezone(zone(zone_name))
    return {
        "year": str(local.year),
        "month": str(local.month),
        "day": str(local.day),
        "hour": str(local.hour),
        "minute": str(local.minute),
    }


def start_date(event: Event, zone_name: str) -> dict[str, str]:
    date = event.date
    if date.day is not None and event.time is not None:
        # to the minute, on the local day (which a time with an explicit offset may move)
        return instant_date(event.start, zone_name)
    parts = {"year": str(date.year)}
    if date.month is not None:
        parts["month"] = str(date.month)
    if date.day is not None:
        parts["day"] = str(date.day)
    return parts


#: Any field in neither reaches the slide or era text as a ``Label: value`` line.
PLACED = placed_fields(FIELDS_USED, FIELDS_LEFT_OUT)


def _other_lines(record: Any, kind: str) -> list[str]:
    """Fields this export does not place itself (see extras.py), as escaped lines."""
    return [_h(line) for line in text_lines(record, PLACED[kind])]


def deadline_era(deadline: Deadline, zone_name: str) -> dict[str, Any]:
    text: dict[str, str] = {"headline": _h(deadline.label)}
    others = _other_lines(deadline, "Deadline")
    if others:
        text["text"] = "<p>" + "<br>".join(others) + "</p>"
    return {
        "start_date": instant_date(deadline.issued, zone_name),
        "end_date": instant_date(deadline.expires, zone_name),
        "text": text,
    }


def event_html(event: Event, actors: Mapping[str, Actor]) -> str:
    blocks: list[str] = []
    if event.summary:
        blocks.append(f"<p>{_h(event.summary)}</p>")
    facts: list[str] = []
    if event.location:
        facts.append(f"Location: {_h(event.location)}")
    if event.actors:
        names = ", ".join(_h(name) for name in names_of(event.actors, actors))
        facts.append(f"Actors: {names}")
    if event.fatalities is not None:
        facts.append(f"Fatalities: {event.fatalities}")
    facts.extend(_other_lines(event, "Event"))
    if facts:
        blocks.append("<p>" + "<br>".join(facts) + "</p>")
    if event.note:
        blocks.append(f"<p><em>{_h(event.note)}</em></p>")
    links = []
    for source in event.sources:
        label = f"{source.publisher}: {source.title} ({source.date})"
        if source.via:
            label += f", via {source.via}"
        links.append(
            f'<li><a href="{_h(source.url)}" target="_blank" rel="noopener">{_h(label)}</a></li>'
        )
    if links:
        blocks.append("<p>Sources:</p><ul>" + "".join(links) + "</ul>")
    return "".join(blocks)


def to_timelinejs(
    events: Sequence[Event],
    actors: Mapping[str, Actor],
    *,
    zone_name: str,
    title: str | None,
    description: str | None,
    as_of: dt.datetime | None = None,
    deadlines: Sequence[Deadline] = (),
) -> dict[str, Any]:
    """The TimelineJS3 document as plain data (``eras`` only when there are deadlines)."""
    intro = f"<p>{_h(description)}</p>" if description else ""
    if as_of is not None:
        intro += f"<p>As of {_h(as_of.isoformat(timespec='minutes'))}.</p>"
    intro += f"<p>{len(events)} event{'s' if len(events) != 1 else ''}"
    if deadlines:
        intro += f"; {len(deadlines)} deadline{'s' if len(deadlines) != 1 else ''} as eras"
    intro += ".</p>"
    slides: list[dict[str, Any]] = []
    for event in events:
        slide: dict[str, Any] = {
            "start_date": start_date(event, zone_name),
            "text": {"headline": _h(event.title), "text": event_html(event, actors)},
            "unique_id": event.id,
        }
        if event.tags:
            slide["group"] = event.tags[0]
        slides.append(slide)
    document: dict[str, Any] = {
        "title": {"text": {"headline": _h(title or "sahel timeline"), "text": intro}},
        "events": slides,
    }
    if deadlines:
        document["eras"] = [deadline_era(d, zone_name) for d in deadlines]
    return document


def dumps(document: dict[str, Any]) -> str:
    return escape_json_text(json.dumps(document, ensure_ascii=False, indent=2)) + "\n"
