"""Every field of the format reaches every output, or is left out of it explicitly.

A field is declared once, in model.py (its Spec). JSON, the JSON Schema, validation and
search follow from the spec by themselves; the outputs that choose their fields (the SQLite
export, the calendar, the TimelineJS document and the `show` cards) each declare where every
field goes or that it is left out. Adding a field without deciding fails here.
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
def test_sqlite_export_has_a_home_for_every_field(kind: str) -> None:
    assert names(RECORDS[kind]) == set(sqlite.FIELD_HOMES[kind])


@pytest.mark.parametrize(
    "exporter", [ics, timelinejs, geojson], ids=["ics", "timelinejs", "geojson"]
)
def test_exports_use_or_explicitly_leave_out_every_field(exporter: object) -> None:
    used: dict[str, set[str]] = exporter.FIELDS_USED  # type: ignore[attr-defined]
    left_out: dict[str, set[str]] = exporter.FIELDS_LEFT_OUT  # type: ignore[attr-defined]
    for kind in used:
        declared = used[kind] | left_out[kind]
        assert names(RECORDS[kind]) == declared, kind
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
        id="d",
        issuer="a",
        target="b",
        issued=dt.datetime(2023, 7, 30, tzinfo=dt.timezone.utc),
        expires=dt.datetime(2023, 8, 6, tzinfo=dt.timezone.utc),
        timezone="Africa/Lagos",
        demand="x",
        sources=(SOURCE,),
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
