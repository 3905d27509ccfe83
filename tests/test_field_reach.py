"""Every field of the format reaches every output, or is left out of it explicitly.

A field is declared once, in model.py (its Spec). JSON, the JSON Schema, validation and
search follow from the spec by themselves. The outputs that choose their fields (the SQLite,
calendar, TimelineJS and GeoJSON exports, the `show` cards) name the fields they place by
hand and those they leave out on purpose; any other field reaches them generically
(extras.py). The tests below add a field to a copy of the model and find it in every output.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from sahelcli.exports import geojson, ics, sqlite, timelinejs
from sahelcli.model import SECTIONS, Actor, Claim, Deadline, Event, Outcome, PartialDate, Source
from sahelcli.schema import dataset_schema
from sahelcli.serialize import to_json

RECORDS = {cls.__name__: cls for cls in SECTIONS.values()}


def names(cls: type) -> set[str]:
    from sahelcli.model import yaml_fields

    return {f.name for f in yaml_fields(cls)}


@pytest.mark.parametrize("kind", list(RECORDS))
def test_sqlite_export_places_only_real_fields(kind: str) -> None:
    # every other field gets a generic column or link table (test below)
    assert set(sqlite.FIELD_HOMES[kind]) <= names(RECORDS[kind])


@pytest.mark.parametrize(
    "exporter", [ics, timelinejs, geojson], ids=["ics", "timelinejs", "geojson"]
)
def test_exports_use_or_explicitly_leave_out_every_field(exporter: object) -> None:
    used: dict[str, set[str]] = exporter.FIELDS_USED  # type: ignore[attr-defined]
    left_out: dict[str, set[str]] = exporter.FIELDS_LEFT_OUT  # type: ignore[attr-defined]
    for kind in used:
        assert used[kind] | left_out[kind] <= names(RECORDS[kind]), kind  # no stale names
        assert not used[kind] & left_out[kind]


@pytest.mark.parametrize("kind", list(RECORDS))
def test_json_and_schema_carry_every_field(kind: str) -> None:
    schema = dataset_schema()["$defs"][kind.lower()]["properties"]
    assert names(RECORDS[kind]) == set(schema)


SOURCE = Source("P", "T", PartialDate(2023, 8, 1), "https://example.org/x", via="V")
FULL_EVENT = Event(
    id="e",
    date=PartialDate(2023, 8, 1),
    title="t",
    sources=(SOURCE,),
    time="10:00",
    summary="s",
    actors=("a",),
    tags=("x",),
    location="l",
    note="n",
    fatalities=1,
    latitude=1.0,
    longitude=2.0,
    location_precision="town",
    added=PartialDate(2024, 1, 1),
    revised=PartialDate(2024, 2, 1),
    replaces="old",
)
FULL_CLAIM = Claim(
    id="c",
    date=PartialDate(2023, 8, 1),
    claimant="a",
    about=("b",),
    stance="asserts",
    text="t",
    status="unverified",
    sources=(SOURCE,),
    grade="B2",
    note="n",
    event="e",
    co_claimants=("b",),
    added=PartialDate(2024, 1, 1),
    revised=PartialDate(2024, 2, 1),
    replaces="old",
)


#: A deadline's required fields (tests add the optional ones they need).
DEADLINE_REQUIRED: dict[str, object] = {
    "id": "d",
    "issuer": "a",
    "target": "a",
    "issued": dt.datetime(2023, 7, 30, tzinfo=dt.timezone.utc),
    "expires": dt.datetime(2023, 8, 6, tzinfo=dt.timezone.utc),
    "timezone": "UTC",
    "demand": "x",
    "sources": (SOURCE,),
}


@pytest.mark.parametrize(("record", "cls"), [(FULL_EVENT, Event), (FULL_CLAIM, Claim)])
def test_json_writes_every_field_set(record: object, cls: type) -> None:
    assert set(to_json(record)) == names(cls)
    json.dumps(to_json(record))


def test_cards_show_every_field() -> None:
    from sahelcli.views import claim_card, event_card

    actors = {
        "a": Actor("a", "Alpha", "state"),
        "b": Actor("b", "Beta", "state"),
    }
    event = event_card(FULL_EVENT, [], actors, "Africa/Niamey")
    shown = {key for key, _label, value in event.fields if value not in (None, "", [], ())}
    # time is shown with the date; latitude, longitude and precision together as coordinates
    assert names(Event) - {"time", "latitude", "longitude", "location_precision"} <= shown
    assert {"date", "coordinates"} <= shown
    claim = claim_card(FULL_CLAIM, FULL_EVENT, actors)
    shown = {key for key, _label, value in claim.fields if value not in (None, "", [], ())}
    assert names(Claim) - {"co_claimants"} <= shown  # co-claimants show with the claimant
    assert "Beta" in str(next(v for k, _l, v in claim.fields if k == "claimant"))


def test_a_deadline_card_shows_every_field() -> None:
    from sahelcli.query.deadlines import state_at
    from sahelcli.views import deadline_detail

    deadline = Deadline(
        **{**DEADLINE_REQUIRED, "target": "b", "timezone": "Africa/Lagos"},
        title="T",
        expires_note="n",
        consequence="c",
        outcome=Outcome(PartialDate(2023, 8, 6), "expired", "lapsed"),
        tags=("ultimatum",),
        note="note",
        added=PartialDate(2024, 1, 1),
        revised=PartialDate(2024, 2, 1),
        replaces="old",
    )
    now = dt.datetime(2023, 9, 1, tzinfo=dt.timezone.utc)
    detail = deadline_detail(state_at(deadline, now), [], {})
    shown = {key for key, _label, value in detail.fields if value not in (None, "", [], ())}
    assert names(Deadline) - {"timezone"} <= shown  # the zone is shown in "expires"


def test_an_actor_card_shows_every_field() -> None:
    from sahelcli.model import Role
    from sahelcli.query.actors import Profile
    from sahelcli.views import profile_detail

    actor = Actor(
        *("a", "Alpha", "state", "Al", ("A",), "NE", "role", ("b",), (SOURCE,)),
        since=PartialDate(2020),
        until=PartialDate(2025),
        roles=(Role("r", PartialDate(2021)),),
        added=PartialDate(2024, 1, 1),
        revised=PartialDate(2024, 2, 1),
        replaces="old",
    )
    beta = Actor("b", "Beta", "state")
    detail = profile_detail(Profile(actor, [beta], [], [], [], [], []), {}, limit=None)
    shown = {key for key, _label, value in detail.fields if value not in (None, "", [], ())}
    assert names(Actor) - {"affiliations"} <= shown  # affiliations show as "Part of"
    assert "member_of" in shown


# --- a field added to a copy of the model reaches every output ------------------------------


def with_new_field(cls: type, name: str, spec: object) -> type:
    """A copy of the record type ``cls`` (same name) with one more optional YAML field,
    placed before ``added`` as a new field would be."""
    from typing import Annotated, NamedTuple

    fields = list(cls.__annotations__.items())
    at = [n for n, _t in fields].index("added")
    fields.insert(at, (name, Annotated[object, spec]))
    copy = NamedTuple(cls.__name__, fields)  # type: ignore[misc]
    defaults = dict(cls._field_defaults)  # type: ignore[attr-defined]
    defaults[name] = None
    copy.__new__.__defaults__ = tuple(  # type: ignore[attr-defined]
        defaults[n] for n in copy._fields if n in defaults
    )
    for attribute, value in vars(cls).items():  # properties such as Deadline.label
        if isinstance(value, property):
            setattr(copy, attribute, value)
    return copy


def test_a_field_declared_once_reaches_every_export_search_and_card() -> None:
    import sqlite3

    from sahelcli.exports.geojson import to_geojson
    from sahelcli.exports.ics import to_ics
    from sahelcli.exports.sqlite import fill
    from sahelcli.exports.timelinejs import to_timelinejs
    from sahelcli.model import Dataset, Meta, optional, search_texts

    spec = optional("text", "The region", search=True)
    RegionEvent = with_new_field(Event, "region", spec)
    RegionDeadline = with_new_field(Deadline, "region", spec)
    event = RegionEvent(**{**FULL_EVENT._asdict(), "region": "Tillaberi-REGION"})
    deadline = RegionDeadline(**DEADLINE_REQUIRED, region="Agadez-REGION")
    actors = {"a": Actor("a", "Alpha", "state")}
    when = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)

    assert to_json(event)["region"] == "Tillaberi-REGION"
    assert "Tillaberi-REGION" in search_texts(event)
    calendar = to_ics([deadline], [event], actors, stamp=when, now=when).replace("\r\n ", "")
    assert "Region: Tillaberi-REGION" in calendar and "Region: Agadez-REGION" in calendar
    timeline = json.dumps(
        to_timelinejs(
            [event], actors, zone_name="UTC", title=None, description=None, deadlines=[deadline]
        )
    )
    assert "Region: Tillaberi-REGION" in timeline and "Region: Agadez-REGION" in timeline
    layer = to_geojson([event], actors, title=None)
    assert layer["features"][0]["properties"]["region"] == "Tillaberi-REGION"
    conn = sqlite3.connect(":memory:")
    dataset = Dataset(Meta(), (actors["a"],), (event,), (), (deadline,))
    fill(conn, dataset)
    assert conn.execute("SELECT region FROM events").fetchone() == ("Tillaberi-REGION",)
    assert conn.execute("SELECT region FROM deadlines").fetchone() == ("Agadez-REGION",)

    from sahelcli.query.deadlines import state_at
    from sahelcli.views import deadline_detail, event_card

    card = event_card(event, [], actors, "UTC")
    assert ("region", "Region", "Tillaberi-REGION") in card.fields
    assert card.data["region"] == "Tillaberi-REGION"
    detail = deadline_detail(state_at(deadline, when), [], actors)
    assert ("region", "Region", "Agadez-REGION") in detail.fields


def test_a_new_list_field_gets_its_own_sqlite_table() -> None:
    import sqlite3

    from sahelcli.exports.sqlite import fill
    from sahelcli.model import Dataset, Meta, optional

    KeywordEvent = with_new_field(Event, "keywords", optional("strings", "Keywords"))
    event = KeywordEvent(**{**FULL_EVENT._asdict(), "keywords": ("oil", "pipeline")})
    conn = sqlite3.connect(":memory:")
    fill(conn, Dataset(Meta(), (Actor("a", "Alpha", "state"),), (event,), (), ()))
    rows = conn.execute("SELECT event_id, value, position FROM event_keywords").fetchall()
    assert rows == [("e", "oil", 0), ("e", "pipeline", 1)]
