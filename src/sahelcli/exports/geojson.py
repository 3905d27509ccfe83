"""The located events as a GeoJSON map layer (RFC 7946) for QGIS, geojson.io or kepler.gl.

A FeatureCollection of Point features, one per event that has coordinates, in WGS 84 with
longitude first, as RFC 7946 requires. Properties are flat (strings, numbers, and lists of
strings) so that desktop GIS tools, which read properties as table columns, can filter on
them. Events without coordinates are left out, and counted in ``sahel_unlocated``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from sahelcli.extras import other_values, placed_fields
from sahelcli.model import Actor, Event, names_of
from sahelcli.render.safe import clean, escape_json_text

#: The YAML fields placed by hand, and those left out on purpose; any other field reaches the
#: output generically (extras.py), so a new field is never dropped silently.
FIELDS_USED = {
    "Event": {
        *("id", "date", "time", "title", "summary", "actors", "tags", "location", "note"),
        *("fatalities", "latitude", "longitude", "location_precision", "sources"),
    },
}
FIELDS_LEFT_OUT = {
    # when a record entered the dataset is about the data, not the place: `sahel changes`
    "Event": {"added", "revised", "replaces"},
}
#: Any field in neither becomes a property as it is.
PLACED = placed_fields(FIELDS_USED, FIELDS_LEFT_OUT)


def feature(event: Event, actors: Mapping[str, Actor]) -> dict[str, Any]:
    """One located event as a Point feature (the caller checked it has coordinates)."""
    assert event.latitude is not None and event.longitude is not None
    properties: dict[str, Any] = {
        "id": event.id,
        "date": event.date.iso(),
        "time": event.time,
        "start": event.start.isoformat(),
        "title": clean(event.title),
        "summary": clean(event.summary) if event.summary else None,
        "location": clean(event.location) if event.location else None,
        "location_precision": event.location_precision,
        "actors": list(event.actors),
        "actor_names": names_of(event.actors, actors),
        "tags": list(event.tags),
        "fatalities": event.fatalities,
        "note": clean(event.note) if event.note else None,
        "source_urls": [s.url for s in event.sources],
        "source_publishers": [s.publisher for s in event.sources],
    }
    for name, value in other_values(event, PLACED["Event"]):  # fields added later: as they are
        properties[name] = clean(value) if isinstance(value, str) else value
    return {
        "type": "Feature",
        "id": event.id,
        "geometry": {"type": "Point", "coordinates": [event.longitude, event.latitude]},
        "properties": {k: v for k, v in properties.items() if v is not None},
    }


def to_geojson(
    events: Sequence[Event], actors: Mapping[str, Actor], *, title: str | None
) -> dict[str, Any]:
    """A FeatureCollection of the events that carry coordinates, in timeline order."""
    located = [e for e in events if e.latitude is not None and e.longitude is not None]
    collection: dict[str, Any] = {
        "type": "FeatureCollection",
        "features": [feature(e, actors) for e in located],
    }
    if located:
        longitudes = [e.longitude for e in located if e.longitude is not None]
        latitudes = [e.latitude for e in located if e.latitude is not None]
        collection["bbox"] = [min(longitudes), min(latitudes), max(longitudes), max(latitudes)]
    # Foreign members (RFC 7946 section 6.1): what the layer is, and what it leaves out.
    collection["sahel_title"] = title
    collection["sahel_unlocated"] = len(events) - len(located)
    return collection


def dumps(document: dict[str, Any]) -> str:
    return escape_json_text(json.dumps(document, ensure_ascii=False, indent=2)) + "\n"
