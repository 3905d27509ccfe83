"""Great-circle distances and places for `timeline --near`."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sahelcli.model import Event, PartialDate, Source
from sahelcli.query.geo import EARTH_RADIUS_KM, Point, distance_km, parse_point, place_point

points = st.builds(
    Point,
    st.floats(-90, 90, allow_nan=False),
    st.floats(-180, 180, allow_nan=False),
)


@given(points, points)
def test_distance_is_symmetric_and_bounded(a: Point, b: Point) -> None:
    d = distance_km(a, b)
    assert d == pytest.approx(distance_km(b, a), abs=1e-6)
    assert 0 <= d <= math.pi * EARTH_RADIUS_KM + 1e-6


@given(points)
def test_a_point_is_at_no_distance_from_itself(a: Point) -> None:
    assert distance_km(a, a) == pytest.approx(0, abs=1e-6)


@given(points, points, points)
def test_triangle_inequality(a: Point, b: Point, c: Point) -> None:
    assert distance_km(a, c) <= distance_km(a, b) + distance_km(b, c) + 1e-6


def test_known_distances() -> None:
    niamey, abuja = Point(13.51366, 2.1098), Point(9.05785, 7.49508)
    assert distance_km(niamey, abuja) == pytest.approx(768, abs=5)
    assert distance_km(Point(0, 0), Point(0, 1)) == pytest.approx(111.2, abs=0.1)


def test_parse_point() -> None:
    assert parse_point("13.5, 2.1") == Point(13.5, 2.1)
    assert parse_point("-1,-2") == Point(-1.0, -2.0)
    assert parse_point("Niamey") is None
    with pytest.raises(ValueError):
        parse_point("91,0")


def event(location: str, lat: float | None, lon: float | None) -> Event:
    source = Source("P", "T", PartialDate(2023), "https://example.org")
    return Event(
        "e", PartialDate(2023), "t", (source,), location=location, latitude=lat, longitude=lon
    )


def test_place_point_matches_the_location_text_or_its_first_place() -> None:
    events = [
        event("Niamey", 13.51366, 2.1098),
        event("Niamey; Lomé", 13.51366, 2.1098),
        event("Tillabéri", 14.21, 1.45),
        event("Agadez", None, None),
    ]
    assert place_point("niamey", events) == Point(13.51366, 2.1098)
    assert place_point("TILLABERI", events) == Point(14.21, 1.45)  # accents ignored
    assert place_point("Agadez", events) is None  # no coordinates
    assert place_point("Lomé", events) is None  # only the first named place counts
