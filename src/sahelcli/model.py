"""Plain, immutable records for the dataset.

Each record field that appears in YAML carries a ``spec`` in its metadata: the validator
(validate.py) and the JSON Schema (schema.py) are both generated from these specs, so the
format is defined in exactly one place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

Precision = Literal["year", "month", "day"]
MONTH_ABBR = (
    *("", "Jan", "Feb", "Mar", "Apr", "May", "Jun"),
    *("Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
)


def days_in_month(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (dt.date(year, month + 1, 1) - dt.date(year, month, 1)).days


ACTOR_KINDS = (
    "state",
    "organisation",
    "person",
    "armed-group",
    "military-unit",
    "government",
    "media",
)
STANCES = ("asserts", "denies")
CLAIM_STATUSES = ("unverified", "corroborated", "disputed", "refuted")
OUTCOME_STATUSES = ("met", "expired", "withdrawn")
DEADLINE_STATUSES = ("open", "expired", "met", "withdrawn")
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
GRADE_PATTERN = r"^[A-F][1-6]$"


def spec(
    kind: str,
    *,
    required: bool = False,
    doc: str = "",
    choices: tuple[str, ...] = (),
    item: type | None = None,
) -> dict[str, Any]:
    """Field metadata read by the validator and the schema generator."""
    return {
        "spec": {"kind": kind, "required": required, "doc": doc, "choices": choices, "item": item}
    }


@dataclass(frozen=True, slots=True, order=True)
class PartialDate:
    """A calendar date known to year, month or day precision: 2023, 2023-07 or 2023-07-26."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        return "year"

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        if self.day is not None:
            return self.first_day()
        month = self.month or 12
        return dt.date(self.year, month, days_in_month(self.year, month))

    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def human(self) -> str:
        """``26 Jul 2023``, ``Jul 2023`` or ``2023``: the date shown at its precision."""
        if self.month is None:
            return f"{self.year:04d}"
        month = MONTH_ABBR[self.month]
        if self.day is None:
            return f"{month} {self.year:04d}"
        return f"{self.day} {month} {self.year:04d}"

    def __str__(self) -> str:
        return self.iso()


@dataclass(frozen=True, slots=True)
class Source:
    """A page that was read: who published it, its headline, when, and where."""

    publisher: str = field(metadata=spec("text", required=True, doc="Original outlet or agency"))
    title: str = field(metadata=spec("text", required=True, doc="Headline as published"))
    date: PartialDate = field(metadata=spec("date", required=True, doc="Publication date"))
    url: str = field(metadata=spec("url", required=True, doc="http(s) URL of the page read"))
    via: str | None = field(
        default=None, metadata=spec("text", doc="Site read, when it syndicates `publisher`")
    )


@dataclass(frozen=True, slots=True)
class Actor:
    """A state, organisation, person, armed group or unit that takes part."""

    id: str = field(metadata=spec("id", required=True))
    name: str = field(metadata=spec("text", required=True))
    kind: str = field(metadata=spec("enum", required=True, choices=ACTOR_KINDS))
    aliases: tuple[str, ...] = field(
        default=(), metadata=spec("strings", doc="Other names, matched case/accent-insensitively")
    )
    country: str | None = field(default=None, metadata=spec("country", doc="ISO 3166-1 alpha-2"))
    role: str | None = field(default=None, metadata=spec("text", doc="One line on their part"))
    affiliations: tuple[str, ...] = field(
        default=(), metadata=spec("actor-refs", doc="Ids of actors this one belongs to")
    )
    sources: tuple[Source, ...] = field(default=(), metadata=spec("sources"))


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened, dated at the precision its sources allow."""

    id: str = field(metadata=spec("id", required=True))
    date: PartialDate = field(
        metadata=spec("date", required=True, doc="YYYY, YYYY-MM or YYYY-MM-DD")
    )
    title: str = field(metadata=spec("text", required=True))
    sources: tuple[Source, ...] = field(metadata=spec("sources", required=True))
    time: str | None = field(
        default=None, metadata=spec("time", doc="HH:MM, dataset time zone unless an offset follows")
    )
    summary: str | None = field(default=None, metadata=spec("text"))
    actors: tuple[str, ...] = field(default=(), metadata=spec("actor-refs"))
    tags: tuple[str, ...] = field(default=(), metadata=spec("tags"))
    location: str | None = field(default=None, metadata=spec("text"))
    note: str | None = field(default=None, metadata=spec("text", doc="Disagreements, caveats"))
    fatalities: int | None = field(default=None, metadata=spec("count"))
    latitude: float | None = field(default=None, metadata=spec("latitude"))
    longitude: float | None = field(default=None, metadata=spec("longitude"))
    # Derived, not in YAML: the first and last instant the event's date (at its precision)
    # covers. It is shown from ``start`` in timelines, and known in a replay once ``end`` passed.
    start: dt.datetime = field(default=EPOCH, compare=False)
    end: dt.datetime = field(default=EPOCH, compare=False)


@dataclass(frozen=True, slots=True)
class Claim:
    """Something an actor asserts or denies about others, with its standing."""

    id: str = field(metadata=spec("id", required=True))
    date: PartialDate = field(metadata=spec("date", required=True))
    claimant: str = field(metadata=spec("actor-ref", required=True, doc="Who makes the claim"))
    about: tuple[str, ...] = field(metadata=spec("actor-refs", required=True))
    stance: str = field(metadata=spec("enum", required=True, choices=STANCES))
    text: str = field(metadata=spec("text", required=True))
    status: str = field(metadata=spec("enum", required=True, choices=CLAIM_STATUSES))
    sources: tuple[Source, ...] = field(metadata=spec("sources", required=True))
    grade: str | None = field(
        default=None,
        metadata=spec("grade", doc="Admiralty grade: reliability A-F, credibility 1-6"),
    )
    note: str | None = field(default=None, metadata=spec("text"))
    event: str | None = field(default=None, metadata=spec("event-ref", doc="Related event id"))
    start: dt.datetime = field(default=EPOCH, compare=False)
    end: dt.datetime = field(default=EPOCH, compare=False)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of a deadline."""

    date: PartialDate = field(metadata=spec("date", required=True))
    status: str = field(metadata=spec("enum", required=True, choices=OUTCOME_STATUSES))
    text: str = field(metadata=spec("text", required=True))


@dataclass(frozen=True, slots=True)
class Deadline:
    """An ultimatum: who demanded what of whom, by when, and what came of it."""

    id: str = field(metadata=spec("id", required=True))
    issuer: str = field(metadata=spec("actor-ref", required=True))
    target: str = field(metadata=spec("actor-ref", required=True))
    issued: dt.datetime = field(metadata=spec("instant", required=True, doc="ISO 8601 with offset"))
    expires: dt.datetime = field(
        metadata=spec("instant", required=True, doc="ISO 8601 with offset")
    )
    timezone: str = field(metadata=spec("zone", required=True, doc="IANA zone the issuer used"))
    demand: str = field(metadata=spec("text", required=True))
    sources: tuple[Source, ...] = field(metadata=spec("sources", required=True))
    title: str | None = field(default=None, metadata=spec("text"))
    expires_note: str | None = field(
        default=None, metadata=spec("text", doc="How exact the expiry instant is")
    )
    consequence: str | None = field(default=None, metadata=spec("text"))
    outcome: Outcome | None = field(default=None, metadata=spec("outcome"))
    tags: tuple[str, ...] = field(default=(), metadata=spec("tags"))
    note: str | None = field(default=None, metadata=spec("text"))

    @property
    def label(self) -> str:
        return self.title or self.id


@dataclass(frozen=True, slots=True)
class Meta:
    """Facts about the dataset itself."""

    title: str | None = field(default=None, metadata=spec("text"))
    description: str | None = field(default=None, metadata=spec("text"))
    updated: PartialDate | None = field(default=None, metadata=spec("date"))
    timezone: str = field(
        default="Africa/Niamey", metadata=spec("zone", doc="Zone of event times without offset")
    )


@dataclass(frozen=True, slots=True)
class Dataset:
    """Every record of a dataset, validated."""

    meta: Meta
    actors: tuple[Actor, ...]
    events: tuple[Event, ...]
    claims: tuple[Claim, ...]
    deadlines: tuple[Deadline, ...]
    files: tuple[str, ...] = ()

    def actor_map(self) -> dict[str, Actor]:
        return {a.id: a for a in self.actors}

    def counts(self) -> dict[str, int]:
        return {
            "actors": len(self.actors),
            "events": len(self.events),
            "claims": len(self.claims),
            "deadlines": len(self.deadlines),
        }


#: The record type of each top-level list, in document order.
SECTIONS: dict[str, type] = {
    "actors": Actor,
    "events": Event,
    "claims": Claim,
    "deadlines": Deadline,
}
