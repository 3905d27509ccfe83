"""Distances on the globe, for ``timeline --near``: great-circle (haversine) kilometres."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import NamedTuple

from sahelcli.model import Event
from sahelcli.query.text import fold

#: The mean Earth radius (IUGG), in km: the haversine distance is good to about 0.5%.
EARTH_RADIUS_KM = 6371.0088
_COORDINATES = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$")


class Point(NamedTuple):
    latitude: float
    longitude: float


def distance_km(a: Point, b: Point) -> float:
    """The great-circle distance between two WGS 84 points, in kilometres."""
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    dlat = lat2 - lat1
    dlon = math.radians(b.longitude - a.longitude)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def located(event: Event) -> Point | None:
    if event.latitude is None or event.longitude is None:
        return None
    return Point(event.latitude, event.longitude)


def parse_point(text: str) -> Point | None:
    """``LAT,LON`` as a Point; None when ``text`` is not two numbers; ValueError when they
    are out of range."""
    match = _COORDINATES.match(text)
    if not match:
        return None
    latitude, longitude = float(match.group(1)), float(match.group(2))
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ValueError(f"{text!r} is out of range (latitude -90..90, longitude -180..180)")
    return Point(latitude, longitude)


def place_point(place: str, events: Iterable[Event]) -> Point | None:
    """The point of the located events whose location names ``place`` (any case, accents
    ignored: the whole location text, or its first named place), the one most of them
    share; None when no located event is there."""
    wanted = fold(place.strip())
    points: dict[Point, int] = {}
    for event in events:
        point = located(event)
        if point is None or not event.location:
            continue
        text = fold(event.location)
        first = re.split(r"[,;/(]| and ", text)[0].strip()
        if wanted in (text, first):
            points[point] = points.get(point, 0) + 1
    if not points:
        return None
    return max(points, key=lambda p: points[p])


class Near(NamedTuple):
    """The ``timeline --near`` filter: events with coordinates within ``km`` of ``point``."""

    point: Point
    km: float

    def holds(self, event: Event) -> bool:
        where = located(event)
        return where is not None and distance_km(self.point, where) <= self.km
