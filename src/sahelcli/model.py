"""Plain, immutable records for the dataset.

Records are ``NamedTuple`` classes: immutable, compact, fast to build, and cheap to define
(frozen, slotted dataclasses cost ~0.8 ms each to generate at import, on every run of the CLI).
Each field that appears in YAML carries a ``Spec`` in its ``Annotated`` type: the validator
(validate.py) and the JSON Schema (schema.py) are both generated from these specs, so the
format is defined in exactly one place. Derived fields (``start``, ``end``) carry none.
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Annotated, Any, Literal, NamedTuple

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
#: What an event's coordinates stand for: the very spot, the town, the region or the country.
LOCATION_PRECISIONS = ("exact", "town", "region", "country")
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
GRADE_PATTERN = r"^[A-F][1-6]$"


SpecKind = Literal[
    "id",
    "text",
    "strings",
    "enum",
    "date",
    "time",
    "instant",
    "zone",
    "url",
    "country",
    "grade",
    "count",
    "latitude",
    "longitude",
    "tags",
    "actor-ref",
    "actor-refs",
    "event-ref",
    "sources",
    "outcome",
    "roles",
    "affiliations",
]


class Spec(NamedTuple):
    """How a field appears in YAML: its kind (see validate.SCALAR_CONVERTERS), its docs, and
    whether text search (``sahel search``, ``--search``, the index) looks in it."""

    kind: SpecKind
    required: bool = False
    doc: str = ""
    choices: tuple[str, ...] = ()
    search: bool = False


class YamlField(NamedTuple):
    name: str
    spec: Spec


_YAML_FIELDS: dict[type, tuple[YamlField, ...]] = {}


def yaml_fields(cls: type) -> tuple[YamlField, ...]:
    """The fields of a record type that appear in YAML, in order (those with a Spec)."""
    found = _YAML_FIELDS.get(cls)
    if found is None:
        found = _YAML_FIELDS[cls] = tuple(
            YamlField(name, meta)
            for name, hint in cls.__annotations__.items()
            for meta in getattr(hint, "__metadata__", ())
            if isinstance(meta, Spec)
        )
    return found


def is_record(value: Any) -> bool:
    """Whether ``value`` is one of our records (a named tuple), not a plain tuple of values."""
    return isinstance(value, tuple) and hasattr(type(value), "_fields")


def required(
    kind: SpecKind, doc: str = "", choices: tuple[str, ...] = (), *, search: bool = False
) -> Spec:
    return Spec(kind, True, doc, choices, search)


def optional(
    kind: SpecKind, doc: str = "", choices: tuple[str, ...] = (), *, search: bool = False
) -> Spec:
    return Spec(kind, False, doc, choices, search)


def search_texts(record: Any) -> list[str]:
    """The texts of ``record`` that search looks in: its fields whose Spec says ``search``
    (nested records such as a deadline's outcome included). One rule for every caller."""
    found: list[str] = []
    for name, spec in yaml_fields(type(record)):
        if not spec.search:
            continue
        value = getattr(record, name)
        if isinstance(value, str):
            found.append(value)
        elif is_record(value):
            found.extend(search_texts(value))
        elif isinstance(value, tuple):
            found.extend(v for v in value if isinstance(v, str))
    return found


class PartialDate(NamedTuple):
    """A calendar date known to year, month or day precision: 2023, 2023-07 or 2023-07-26.

    Ordered as (year, month, day); compare dates of one precision, or use first_day/last_day.
    """

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


class Source(NamedTuple):
    """A page that was read: who published it, its headline, when, and where."""

    publisher: Annotated[str, required("text", "Original outlet or agency")]
    title: Annotated[str, required("text", "Headline as published")]
    date: Annotated[PartialDate, required("date", "Publication date")]
    url: Annotated[str, required("url", "http(s) URL of the page read")]
    via: Annotated[str | None, optional("text", "Site read, when it syndicates `publisher`")] = None


#: When the dataset learned of a record, and last changed it in substance (every kind has them).
Added = Annotated[PartialDate | None, optional("date", "When the record entered the dataset")]
Revised = Annotated[
    PartialDate | None, optional("date", "When the record last changed in substance")
]
#: The id a record had before it was renamed (so `sahel diff` shows a rename, not a removal).
Replaces = Annotated[str | None, optional("id", "The id this record had before a rename")]


class Role(NamedTuple):
    """A part an actor played from one date to another (``since``/``until`` optional)."""

    text: Annotated[str, required("text", search=True)]
    since: Annotated[PartialDate | None, optional("date", "From this date")] = None
    until: Annotated[PartialDate | None, optional("date", "Up to this date")] = None


class Affiliation(NamedTuple):
    """An actor another one belongs to, from one date to another (both optional). Written as
    a plain id, or as ``{actor: id, since: date, until: date}``."""

    actor: Annotated[str, required("actor-ref")]
    since: Annotated[PartialDate | None, optional("date", "From this date")] = None
    until: Annotated[PartialDate | None, optional("date", "Up to this date")] = None


class Actor(NamedTuple):
    """A state, organisation, person, armed group or unit that takes part."""

    id: Annotated[str, required("id", search=True)]
    name: Annotated[str, required("text", search=True)]
    kind: Annotated[str, required("enum", choices=ACTOR_KINDS)]
    short: Annotated[
        str | None, optional("text", "Short display name for tables (ECOWAS, Tiani)")
    ] = None
    aliases: Annotated[
        tuple[str, ...],
        optional("strings", "Other names, matched case/accent-insensitively", search=True),
    ] = ()
    country: Annotated[str | None, optional("country", "ISO 3166-1 alpha-2")] = None
    role: Annotated[str | None, optional("text", "One line on their part", search=True)] = None
    affiliations: Annotated[
        tuple[Affiliation, ...],
        optional("affiliations", "Actors this one belongs to: ids, or {actor, since, until}"),
    ] = ()
    sources: Annotated[tuple[Source, ...], optional("sources")] = ()
    since: Annotated[
        PartialDate | None, optional("date", "When it came into being (founded, took power)")
    ] = None
    until: Annotated[PartialDate | None, optional("date", "When it ceased to exist")] = None
    roles: Annotated[
        tuple[Role, ...], optional("roles", "Dated roles: text, since, until", search=True)
    ] = ()
    added: Added = None
    revised: Revised = None
    replaces: Replaces = None


class Event(NamedTuple):
    """Something that happened, dated at the precision its sources allow."""

    id: Annotated[str, required("id")]
    date: Annotated[PartialDate, required("date", "YYYY, YYYY-MM or YYYY-MM-DD")]
    title: Annotated[str, required("text", search=True)]
    sources: Annotated[tuple[Source, ...], required("sources")]
    time: Annotated[
        str | None, optional("time", "HH:MM, dataset time zone unless an offset follows")
    ] = None
    summary: Annotated[str | None, optional("text", search=True)] = None
    actors: Annotated[tuple[str, ...], optional("actor-refs")] = ()
    tags: Annotated[tuple[str, ...], optional("tags")] = ()
    location: Annotated[str | None, optional("text", search=True)] = None
    note: Annotated[str | None, optional("text", "Disagreements, caveats", search=True)] = None
    fatalities: Annotated[int | None, optional("count")] = None
    latitude: Annotated[float | None, optional("latitude", "WGS 84 decimal degrees")] = None
    longitude: Annotated[float | None, optional("longitude", "WGS 84 decimal degrees")] = None
    location_precision: Annotated[
        str | None,
        optional("enum", "What the coordinates stand for", choices=LOCATION_PRECISIONS),
    ] = None
    added: Added = None
    revised: Revised = None
    replaces: Replaces = None
    # Derived, not in YAML: the first and last instant the event's date (at its precision)
    # covers. It is shown from ``start`` in timelines, and known in a replay once ``end`` passed.
    start: dt.datetime = EPOCH
    end: dt.datetime = EPOCH


class Claim(NamedTuple):
    """Something an actor asserts or denies about others, with its standing."""

    id: Annotated[str, required("id")]
    date: Annotated[PartialDate, required("date")]
    claimant: Annotated[str, required("actor-ref", "Who makes the claim")]
    about: Annotated[tuple[str, ...], required("actor-refs")]
    stance: Annotated[str, required("enum", choices=STANCES)]
    text: Annotated[str, required("text", search=True)]
    status: Annotated[str, required("enum", choices=CLAIM_STATUSES)]
    sources: Annotated[tuple[Source, ...], required("sources")]
    grade: Annotated[
        str | None, optional("grade", "Admiralty grade: reliability A-F, credibility 1-6")
    ] = None
    note: Annotated[str | None, optional("text", search=True)] = None
    event: Annotated[str | None, optional("event-ref", "Related event id")] = None
    co_claimants: Annotated[
        tuple[str, ...], optional("actor-refs", "Others making the claim jointly")
    ] = ()
    added: Added = None
    revised: Revised = None
    replaces: Replaces = None
    start: dt.datetime = EPOCH  # derived, as for events
    end: dt.datetime = EPOCH

    @property
    def parties(self) -> tuple[str, ...]:
        """Every actor the claim involves: who makes it (alone or jointly) and whom it is about."""
        return (self.claimant, *self.co_claimants, *self.about)


class Outcome(NamedTuple):
    """What became of a deadline."""

    date: Annotated[PartialDate, required("date")]
    status: Annotated[str, required("enum", choices=OUTCOME_STATUSES)]
    text: Annotated[str, required("text", search=True)]


class Deadline(NamedTuple):
    """An ultimatum: who demanded what of whom, by when, and what came of it."""

    id: Annotated[str, required("id", search=True)]
    issuer: Annotated[str, required("actor-ref")]
    target: Annotated[str, required("actor-ref")]
    issued: Annotated[dt.datetime, required("instant", "ISO 8601 with offset")]
    expires: Annotated[dt.datetime, required("instant", "ISO 8601 with offset")]
    timezone: Annotated[str, required("zone", "IANA zone the issuer used")]
    demand: Annotated[str, required("text", search=True)]
    sources: Annotated[tuple[Source, ...], required("sources")]
    title: Annotated[str | None, optional("text", search=True)] = None
    expires_note: Annotated[str | None, optional("text", "How exact the expiry instant is")] = None
    consequence: Annotated[str | None, optional("text", search=True)] = None
    outcome: Annotated[Outcome | None, optional("outcome", search=True)] = None
    tags: Annotated[tuple[str, ...], optional("tags")] = ()
    note: Annotated[str | None, optional("text")] = None
    added: Added = None
    revised: Revised = None
    replaces: Replaces = None

    @property
    def label(self) -> str:
        return self.title or self.id

    @property
    def parties(self) -> tuple[str, ...]:
        """Every actor the deadline involves: who set it and whom it binds."""
        return (self.issuer, self.target)


class Meta(NamedTuple):
    """Facts about the dataset itself."""

    title: Annotated[str | None, optional("text")] = None
    description: Annotated[str | None, optional("text")] = None
    updated: Annotated[PartialDate | None, optional("date")] = None
    timezone: Annotated[str, optional("zone", "Zone of event times without offset")] = (
        "Africa/Niamey"
    )


class Dataset(NamedTuple):
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


def names_of(ids: Iterable[str], actors: Mapping[str, Actor]) -> list[str]:
    """Each actor's name, or its id when the actor is not in ``actors``."""
    return [actors[i].name if i in actors else i for i in ids]


#: The record type of each top-level list, in document order.
SECTIONS: dict[str, type] = {
    "actors": Actor,
    "events": Event,
    "claims": Claim,
    "deadlines": Deadline,
}
