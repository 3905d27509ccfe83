"""The dataset as a SQLite database for Datasette, sqlite3 or any SQL tool.

One table per record kind, link tables for every list of references, sources deduplicated in
their own table and linked per kind, FOREIGN KEYs on every reference and an index on every
column one filters or joins on. Dates are ISO text at their precision with a ``*_precision``
column and the first/last day they stand for; instants are ISO text with their offset plus a
``*_utc`` column that sorts correctly.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from sahelcli.extras import LIST_KINDS, SQL_TYPES, other_fields
from sahelcli.model import SECTIONS, Actor, Claim, Dataset, Deadline, Event, PartialDate, Source

SCHEMA_VERSION = 5  # 2: short, co-claimants; 3: since/until, roles; 4: provenance; 5: precision

#: The YAML fields placed by hand, and where they go: a column or a link table. Any other
#: field (one added to the model since) gets a column named after it, or for a list of
#: strings a link table ``<kind>_<field>`` (see _fill_other_fields).
FIELD_HOMES: dict[str, dict[str, str]] = {
    "Actor": {
        "added": "provenance.added",
        "revised": "provenance.revised",
        "replaces": "provenance.replaces",
        "id": "actors.id",
        "name": "actors.name",
        "short": "actors.short",
        "kind": "actors.kind",
        "aliases": "actor_aliases",
        "country": "actors.country",
        "role": "actors.role",
        "affiliations": "actor_affiliations",
        "sources": "actor_sources",
        "since": "actors.since",
        "until": "actors.until",
        "roles": "actor_roles",
    },
    "Event": {
        "added": "provenance.added",
        "revised": "provenance.revised",
        "replaces": "provenance.replaces",
        "id": "events.id",
        "date": "events.date",
        "title": "events.title",
        "sources": "event_sources",
        "time": "events.time",
        "summary": "events.summary",
        "actors": "event_actors",
        "tags": "event_tags",
        "location": "events.location",
        "note": "events.note",
        "fatalities": "events.fatalities",
        "latitude": "events.latitude",
        "longitude": "events.longitude",
        "location_precision": "events.location_precision",
    },
    "Claim": {
        "added": "provenance.added",
        "revised": "provenance.revised",
        "replaces": "provenance.replaces",
        "id": "claims.id",
        "date": "claims.date",
        "claimant": "claims.claimant_id",
        "about": "claim_about",
        "stance": "claims.stance",
        "text": "claims.text",
        "status": "claims.status",
        "sources": "claim_sources",
        "grade": "claims.grade",
        "note": "claims.note",
        "event": "claims.event_id",
        "co_claimants": "claim_co_claimants",
    },
    "Deadline": {
        "added": "provenance.added",
        "revised": "provenance.revised",
        "replaces": "provenance.replaces",
        "id": "deadlines.id",
        "issuer": "deadlines.issuer_id",
        "target": "deadlines.target_id",
        "issued": "deadlines.issued",
        "expires": "deadlines.expires",
        "timezone": "deadlines.timezone",
        "demand": "deadlines.demand",
        "sources": "deadline_sources",
        "title": "deadlines.title",
        "expires_note": "deadlines.expires_note",
        "consequence": "deadlines.consequence",
        "outcome": "deadlines.outcome_*",
        "tags": "deadline_tags",
        "note": "deadlines.note",
    },
}

SCHEMA = """
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT
);
CREATE TABLE actors (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    short TEXT,
    kind TEXT NOT NULL,
    country TEXT,
    role TEXT,
    since TEXT,
    until TEXT
);
CREATE TABLE actor_roles (
    actor_id TEXT NOT NULL REFERENCES actors(id),
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    since TEXT,
    until TEXT,
    PRIMARY KEY (actor_id, position)
);
CREATE TABLE actor_aliases (
    actor_id TEXT NOT NULL REFERENCES actors(id),
    alias TEXT NOT NULL,
    PRIMARY KEY (actor_id, alias)
);
CREATE TABLE actor_affiliations (
    actor_id TEXT NOT NULL REFERENCES actors(id),
    affiliation_id TEXT NOT NULL REFERENCES actors(id),
    since TEXT,
    until TEXT,
    PRIMARY KEY (actor_id, affiliation_id)
);
CREATE TABLE events (
    id TEXT PRIMARY KEY,
    date TEXT NOT NULL,
    date_precision TEXT NOT NULL CHECK (date_precision IN ('year', 'month', 'day')),
    date_first TEXT NOT NULL,
    date_last TEXT NOT NULL,
    time TEXT,
    start_utc TEXT NOT NULL,
    end_utc TEXT NOT NULL,
    title TEXT NOT NULL,
    summary TEXT,
    location TEXT,
    note TEXT,
    fatalities INTEGER,
    latitude REAL,
    longitude REAL,
    location_precision TEXT
);
CREATE TABLE event_actors (
    event_id TEXT NOT NULL REFERENCES events(id),
    actor_id TEXT NOT NULL REFERENCES actors(id),
    position INTEGER NOT NULL,
    PRIMARY KEY (event_id, actor_id)
);
CREATE TABLE event_tags (
    event_id TEXT NOT NULL REFERENCES events(id),
    tag TEXT NOT NULL,
    PRIMARY KEY (event_id, tag)
);
CREATE TABLE claims (
    id TEXT PRIMARY KEY,
    date TEXT NOT NULL,
    date_precision TEXT NOT NULL CHECK (date_precision IN ('year', 'month', 'day')),
    date_first TEXT NOT NULL,
    date_last TEXT NOT NULL,
    claimant_id TEXT NOT NULL REFERENCES actors(id),
    stance TEXT NOT NULL,
    text TEXT NOT NULL,
    status TEXT NOT NULL,
    grade TEXT,
    note TEXT,
    event_id TEXT REFERENCES events(id)
);
CREATE TABLE claim_about (
    claim_id TEXT NOT NULL REFERENCES claims(id),
    actor_id TEXT NOT NULL REFERENCES actors(id),
    PRIMARY KEY (claim_id, actor_id)
);
CREATE TABLE claim_co_claimants (
    claim_id TEXT NOT NULL REFERENCES claims(id),
    actor_id TEXT NOT NULL REFERENCES actors(id),
    PRIMARY KEY (claim_id, actor_id)
);
CREATE TABLE deadlines (
    id TEXT PRIMARY KEY,
    title TEXT,
    issuer_id TEXT NOT NULL REFERENCES actors(id),
    target_id TEXT NOT NULL REFERENCES actors(id),
    issued TEXT NOT NULL,
    issued_utc TEXT NOT NULL,
    expires TEXT NOT NULL,
    expires_utc TEXT NOT NULL,
    timezone TEXT NOT NULL,
    expires_note TEXT,
    demand TEXT NOT NULL,
    consequence TEXT,
    outcome_date TEXT,
    outcome_date_precision TEXT,
    outcome_status TEXT,
    outcome_text TEXT,
    note TEXT
);
CREATE TABLE deadline_tags (
    deadline_id TEXT NOT NULL REFERENCES deadlines(id),
    tag TEXT NOT NULL,
    PRIMARY KEY (deadline_id, tag)
);
CREATE TABLE provenance (
    kind TEXT NOT NULL CHECK (kind IN ('actor', 'event', 'claim', 'deadline')),
    id TEXT NOT NULL,
    added TEXT,
    revised TEXT,
    replaces TEXT,
    PRIMARY KEY (kind, id)
);
CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    publisher TEXT NOT NULL,
    title TEXT NOT NULL,
    date TEXT NOT NULL,
    date_precision TEXT NOT NULL,
    url TEXT NOT NULL,
    via TEXT
);
CREATE TABLE actor_sources (
    actor_id TEXT NOT NULL REFERENCES actors(id),
    source_id INTEGER NOT NULL REFERENCES sources(id),
    position INTEGER NOT NULL,
    PRIMARY KEY (actor_id, source_id)
);
CREATE TABLE event_sources (
    event_id TEXT NOT NULL REFERENCES events(id),
    source_id INTEGER NOT NULL REFERENCES sources(id),
    position INTEGER NOT NULL,
    PRIMARY KEY (event_id, source_id)
);
CREATE TABLE claim_sources (
    claim_id TEXT NOT NULL REFERENCES claims(id),
    source_id INTEGER NOT NULL REFERENCES sources(id),
    position INTEGER NOT NULL,
    PRIMARY KEY (claim_id, source_id)
);
CREATE TABLE deadline_sources (
    deadline_id TEXT NOT NULL REFERENCES deadlines(id),
    source_id INTEGER NOT NULL REFERENCES sources(id),
    position INTEGER NOT NULL,
    PRIMARY KEY (deadline_id, source_id)
);
CREATE INDEX actors_name ON actors(name);
CREATE INDEX actors_kind ON actors(kind);
CREATE INDEX actor_aliases_alias ON actor_aliases(alias);
CREATE INDEX actor_affiliations_affiliation ON actor_affiliations(affiliation_id);
CREATE INDEX events_start ON events(start_utc);
CREATE INDEX events_date_first ON events(date_first);
CREATE INDEX event_actors_actor ON event_actors(actor_id);
CREATE INDEX event_tags_tag ON event_tags(tag);
CREATE INDEX claims_date_first ON claims(date_first);
CREATE INDEX claims_claimant ON claims(claimant_id);
CREATE INDEX claims_event ON claims(event_id);
CREATE INDEX claims_status ON claims(status);
CREATE INDEX claim_about_actor ON claim_about(actor_id);
CREATE INDEX deadlines_expires ON deadlines(expires_utc);
CREATE INDEX deadlines_issuer ON deadlines(issuer_id);
CREATE INDEX deadlines_target ON deadlines(target_id);
CREATE INDEX deadline_tags_tag ON deadline_tags(tag);
CREATE INDEX sources_url ON sources(url);
CREATE INDEX sources_publisher ON sources(publisher);
CREATE INDEX actor_sources_source ON actor_sources(source_id);
CREATE INDEX event_sources_source ON event_sources(source_id);
CREATE INDEX claim_sources_source ON claim_sources(source_id);
CREATE INDEX deadline_sources_source ON deadline_sources(source_id);
CREATE VIEW timeline AS
    SELECT e.id, e.date, e.date_precision, e.time, e.title, e.location,
        (SELECT group_concat(a.name, '; ') FROM event_actors ea
            JOIN actors a ON a.id = ea.actor_id WHERE ea.event_id = e.id) AS actors,
        (SELECT group_concat(t.tag, ', ') FROM event_tags t WHERE t.event_id = e.id) AS tags,
        e.summary
    FROM events e ORDER BY e.start_utc, e.id;
"""


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="seconds")


def _date_columns(date: PartialDate) -> tuple[str, str, str, str]:
    return date.iso(), date.precision, date.first_day().isoformat(), date.last_day().isoformat()


class _Sources:
    """Deduplicates sources and collects the per-kind link rows."""

    def __init__(self) -> None:
        self.ids: dict[Source, int] = {}
        self.links: dict[str, list[tuple[str, int, int]]] = {
            "actor": [],
            "event": [],
            "claim": [],
            "deadline": [],
        }

    def link(self, kind: str, record_id: str, sources: Iterable[Source]) -> None:
        seen: set[int] = set()
        for position, source in enumerate(sources):
            source_id = self.ids.setdefault(source, len(self.ids) + 1)
            if source_id not in seen:
                seen.add(source_id)
                self.links[kind].append((record_id, source_id, position))

    def rows(self) -> list[tuple[Any, ...]]:
        return [
            (sid, s.publisher, s.title, s.date.iso(), s.date.precision, s.url, s.via)
            for s, sid in self.ids.items()
        ]


def _pairs(record_id: str, values: Sequence[str]) -> list[tuple[str, str]]:
    return [(record_id, v) for v in dict.fromkeys(values)]


def _fill_provenance(conn: sqlite3.Connection, dataset: Dataset) -> None:
    """When each record entered the dataset and last changed (records that say so)."""
    kinds = (
        ("actor", dataset.actors),
        ("event", dataset.events),
        ("claim", dataset.claims),
        ("deadline", dataset.deadlines),
    )
    conn.executemany(
        "INSERT INTO provenance VALUES (?, ?, ?, ?, ?)",
        [
            (
                kind,
                r.id,
                r.added.iso() if r.added else None,
                r.revised.iso() if r.revised else None,
                r.replaces,
            )
            for kind, records in kinds
            for r in records
            if r.added or r.revised or r.replaces
        ],
    )


def fill(conn: sqlite3.Connection, dataset: Dataset) -> None:
    """Create the schema in an empty database and insert every record."""
    conn.executescript(SCHEMA)
    _fill_provenance(conn, dataset)
    meta = dataset.meta
    conn.executemany(
        "INSERT INTO meta VALUES (?, ?)",
        [
            ("title", meta.title),
            ("description", meta.description),
            ("updated", meta.updated.iso() if meta.updated else None),
            ("timezone", meta.timezone),
            ("schema_version", str(SCHEMA_VERSION)),
        ],
    )
    sources = _Sources()
    _fill_actors(conn, dataset.actors, sources)
    _fill_events(conn, dataset.events, sources)
    _fill_claims(conn, dataset.claims, sources)
    _fill_deadlines(conn, dataset.deadlines, sources)
    conn.executemany("INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?)", sources.rows())
    for kind, rows in sources.links.items():
        conn.executemany(f"INSERT INTO {kind}_sources VALUES (?, ?, ?)", rows)
    for section, default in SECTIONS.items():
        records: Sequence[Any] = getattr(dataset, section)
        _fill_other_fields(conn, section, type(records[0]) if records else default, records)


def _iso(date: PartialDate | None) -> str | None:
    return date.iso() if date else None


def _fill_actors(conn: sqlite3.Connection, actors: Sequence[Actor], sources: _Sources) -> None:
    conn.executemany(
        "INSERT INTO actors VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (a.id, a.name, a.short, a.kind, a.country, a.role, _iso(a.since), _iso(a.until))
            for a in actors
        ],
    )
    conn.executemany(
        "INSERT INTO actor_roles VALUES (?, ?, ?, ?, ?)",
        [
            (a.id, n, r.text, _iso(r.since), _iso(r.until))
            for a in actors
            for n, r in enumerate(a.roles)
        ],
    )
    for actor in actors:
        conn.executemany("INSERT INTO actor_aliases VALUES (?, ?)", _pairs(actor.id, actor.aliases))
        seen: set[str] = set()
        for affiliation in actor.affiliations:
            if affiliation.actor in seen:
                continue
            seen.add(affiliation.actor)
            conn.execute(
                "INSERT INTO actor_affiliations VALUES (?, ?, ?, ?)",
                (actor.id, affiliation.actor, _iso(affiliation.since), _iso(affiliation.until)),
            )
        sources.link("actor", actor.id, actor.sources)


def _fill_events(conn: sqlite3.Connection, events: Sequence[Event], sources: _Sources) -> None:
    conn.executemany(
        "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                e.id,
                *_date_columns(e.date),
                e.time,
                _utc(e.start),
                _utc(e.end),
                e.title,
                e.summary,
                e.location,
                e.note,
                e.fatalities,
                e.latitude,
                e.longitude,
                e.location_precision,
            )
            for e in events
        ],
    )
    event_actors: list[tuple[str, str, int]] = []
    event_tags: list[tuple[str, str]] = []
    for event in events:
        for position, actor_id in enumerate(dict.fromkeys(event.actors)):
            event_actors.append((event.id, actor_id, position))
        event_tags.extend(_pairs(event.id, event.tags))
        sources.link("event", event.id, event.sources)
    conn.executemany("INSERT INTO event_actors VALUES (?, ?, ?)", event_actors)
    conn.executemany("INSERT INTO event_tags VALUES (?, ?)", event_tags)


def _fill_claims(conn: sqlite3.Connection, claims: Sequence[Claim], sources: _Sources) -> None:
    conn.executemany(
        "INSERT INTO claims VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                c.id,
                *_date_columns(c.date),
                c.claimant,
                c.stance,
                c.text,
                c.status,
                c.grade,
                c.note,
                c.event,
            )
            for c in claims
        ],
    )
    about: list[tuple[str, str]] = []
    for claim in claims:
        about.extend(_pairs(claim.id, claim.about))
        sources.link("claim", claim.id, claim.sources)
    conn.executemany("INSERT INTO claim_about VALUES (?, ?)", about)
    conn.executemany(
        "INSERT INTO claim_co_claimants VALUES (?, ?)",
        [pair for claim in claims for pair in _pairs(claim.id, claim.co_claimants)],
    )


def _fill_deadlines(
    conn: sqlite3.Connection, deadlines: Sequence[Deadline], sources: _Sources
) -> None:
    rows = []
    tags: list[tuple[str, str]] = []
    for d in deadlines:
        outcome = d.outcome
        rows.append(
            (
                *(d.id, d.title, d.issuer, d.target),
                *(d.issued.isoformat(), _utc(d.issued), d.expires.isoformat(), _utc(d.expires)),
                *(d.timezone, d.expires_note, d.demand, d.consequence),
                outcome.date.iso() if outcome else None,
                outcome.date.precision if outcome else None,
                outcome.status if outcome else None,
                outcome.text if outcome else None,
                d.note,
            )
        )
        tags.extend(_pairs(d.id, d.tags))
        sources.link("deadline", d.id, d.sources)
    conn.executemany(
        "INSERT INTO deadlines VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows
    )
    conn.executemany("INSERT INTO deadline_tags VALUES (?, ?)", tags)


def _fill_other_fields(
    conn: sqlite3.Connection, table: str, cls: type, records: Sequence[Any]
) -> None:
    """Fields with no home in FIELD_HOMES (added to the model since): a column of the
    record's table, or for a list of strings a link table ``<kind>_<field>``."""
    singular = table[:-1]
    for field in other_fields(cls, FIELD_HOMES[cls.__name__]):
        name = field.name
        if field.spec.kind in LIST_KINDS:
            link = f"{singular}_{name}"
            conn.execute(
                f'CREATE TABLE "{link}" ({singular}_id TEXT NOT NULL REFERENCES {table}(id), '
                "value TEXT NOT NULL, position INTEGER NOT NULL, "
                f"PRIMARY KEY ({singular}_id, position))"
            )
            conn.executemany(
                f'INSERT INTO "{link}" VALUES (?, ?, ?)',
                [(r.id, v, n) for r in records for n, v in enumerate(getattr(r, name))],
            )
            continue
        sql_type = SQL_TYPES.get(field.spec.kind, "TEXT")
        conn.execute(f'ALTER TABLE {table} ADD COLUMN "{name}" {sql_type}')
        conn.executemany(
            f'UPDATE {table} SET "{name}" = ? WHERE id = ?',
            [(_column_value(getattr(r, name)), r.id) for r in records],
        )


def _column_value(value: Any) -> Any:
    """A value for a generic column: scalars as they are, dates as ISO, others as JSON."""
    from sahelcli.serialize import to_json

    data = to_json(value)
    if data is None or isinstance(data, str | int | float):
        return data
    return json.dumps(data, ensure_ascii=False)


def write_database(dataset: Dataset, path: Path, *, force: bool = True) -> None:
    """Write ``dataset`` as a new SQLite database at ``path``, atomically.

    The database is built in a temporary file next to ``path`` and moved into place when
    complete; an existing file is replaced only with ``force`` (the default, for caches).
    """
    from sahelcli.errors import OutputError
    from sahelcli.exports import atomic_target

    with atomic_target(path, force=force) as temp:
        try:
            conn = sqlite3.connect(temp)
            try:
                conn.execute("PRAGMA foreign_keys = ON")
                conn.execute("PRAGMA journal_mode = OFF")
                with conn:
                    fill(conn, dataset)
                broken = conn.execute("PRAGMA foreign_key_check").fetchall()
                if broken:  # a validated dataset cannot get here
                    raise OutputError(f"database has {len(broken)} dangling references")
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                conn.execute("PRAGMA optimize")
            finally:
                conn.close()
            with open(temp, "rb+") as handle:
                os.fsync(handle.fileno())
        except sqlite3.Error as exc:
            raise OutputError(f"cannot write database {path}: {exc}") from None
