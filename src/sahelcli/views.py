"""Query results -> output documents (Table / Detail). No I/O: the CLI hands these to render()."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from sahelcli.dates import format_duration, format_instant, human_instant, short_duration, zone
from sahelcli.model import names_of
from sahelcli.render import Column, Detail, Link, Row, Shown, Table
from sahelcli.serialize import to_json

if TYPE_CHECKING:
    from sahelcli.errors import Problem
    from sahelcli.model import Actor, Claim, Dataset, Deadline, Event, Role
    from sahelcli.query.actors import ActorSummary, Profile
    from sahelcli.query.brief import Brief, Section
    from sahelcli.query.changes import Change
    from sahelcli.query.deadlines import DeadlineState
    from sahelcli.query.diff import FieldChange, RecordDiff
    from sahelcli.query.search import Hit


def source_line(source: Mapping[str, Any]) -> str:
    return f"{source_label(source)} {source['url']}"


def source_label(source: Mapping[str, Any]) -> str:
    """``Reuters via Yahoo, "Headline" (2023-07-30)``: a source without its URL."""
    via = f" via {source['via']}" if source.get("via") else ""
    return f'{source["publisher"]}{via}, "{source["title"]}" ({source["date"]})'


def source_links(row: Row) -> list[Link]:
    """Every source of a record as a Link: cards print each URL whole on its own line."""
    return [Link(source_label(s), s["url"]) for s in row.get("sources", [])]


def _publisher_links(row: Row) -> list[Link]:
    """The sources as their publishers' names, linked (OSC 8) on a colour terminal."""
    return [Link(s["publisher"], s["url"]) for s in row.get("sources", [])]


def _sources_cell(row: Row) -> list[str]:
    return [source_line(s) for s in row.get("sources", [])]


def _shorts(ids: Sequence[str], actors: Mapping[str, Actor]) -> list[str]:
    """Actors' short display names (``short``, else the name) for terminal tables."""
    return [(actors[i].short or actors[i].name) if i in actors else i for i in ids]


# --- timeline ---------------------------------------------------------------------------------


def event_row(event: Event) -> Row:
    row: Row = to_json(event)
    return row


def timeline_table(
    events: Sequence[Event | Row], actors: Mapping[str, Actor], *, sources: bool
) -> Table:
    """The events as a list; each given as a record or already as its row (``event_row``:
    a store may hand the rows over straight from the index, decoded once)."""
    columns = [
        Column("date", "Date", "date"),
        Column("title", "Title", flex=True),
        Column(
            "actors",
            "Actors",
            "list",
            cell=lambda r: names_of(r.get("actors", []), actors),
            display=lambda r: _shorts(r.get("actors", []), actors),
            max_width=28,
            priority=2,
        ),
        Column("tags", "Tags", "list", style="cyan", max_width=24, priority=3),
    ]
    if sources:
        columns.append(
            Column(
                "sources",
                "Sources",
                "list",
                cell=_sources_cell,
                display=_publisher_links,
                max_width=30,
                priority=1,
            )
        )
    columns.append(Column("id", "Id", style="dim", tuck=True))
    rows = [e if isinstance(e, dict) else event_row(e) for e in events]
    return Table("events", columns, rows, empty="no events match")


# --- actors -----------------------------------------------------------------------------------


def actors_table(rows: Sequence[ActorSummary]) -> Table:
    data = [{**to_json(r.actor), "event_count": r.events, "claim_count": r.claims} for r in rows]
    return Table(
        "actors",
        [
            Column("id", "Id", style="bold"),
            Column("short", "Short", only="terminal", priority=2),
            Column("name", "Name", flex=True),
            Column("kind", "Kind", priority=3),
            Column("country", "Country", priority=4),
            Column("event_count", "Events", "number"),
            Column("claim_count", "Claims", "number", priority=1),
        ],
        data,
        empty="no actors",
    )


def claims_table(
    claims: Sequence[Claim], actors: Mapping[str, Actor], name: str = "claims"
) -> Table:
    def first_source(row: Row) -> str:
        found = row.get("sources") or []
        return source_line(found[0]) if found else ""

    def first_publisher(row: Row) -> list[Link]:
        return _publisher_links(row)[:1]

    def claimants(row: Row) -> list[str]:
        return [row["claimant"], *row.get("co_claimants", [])]

    return Table(
        name,
        [
            Column("date", "Date", "date"),
            Column(
                "claimant",
                "Claimant",
                cell=lambda r: names_of([r["claimant"]], actors)[0],
                display=lambda r: _shorts(claimants(r), actors),
                kind="list",
                max_width=18,
            ),
            Column(
                "about",
                "About",
                "list",
                cell=lambda r: names_of(r.get("about", []), actors),
                display=lambda r: _shorts(r.get("about", []), actors),
                max_width=18,
                priority=3,
            ),
            Column("stance", "Stance", priority=1),
            Column("text", "Claim", flex=True),
            Column("status", "Status", style="yellow"),
            Column("grade", "Grade", priority=2),
            Column("source", "Source", cell=first_source, display=first_publisher, priority=4),
            Column("id", "Id", style="dim", tuck=True),
        ],
        [to_json(c) for c in claims],
        title="Claims" if name == "claims" else name.replace("_", " ").capitalize(),
        empty="no claims match",
    )


def _role_line(role: Role) -> str:
    """``Head of the junta (since 28 Jul 2023)``."""
    if role.since and role.until:
        return f"{role.text} ({role.since.human()} – {role.until.human()})"
    if role.since:
        return f"{role.text} (since {role.since.human()})"
    if role.until:
        return f"{role.text} (until {role.until.human()})"
    return role.text


def profile_detail(profile: Profile, actors: Mapping[str, Actor], *, limit: int | None) -> Detail:
    actor = profile.actor
    events = profile.events if limit is None else profile.events[:limit]
    shown = f"{len(events)} of {len(profile.events)}" if len(events) < len(profile.events) else ""
    fields: list[tuple[str, str, Any]] = [
        ("id", "Id", actor.id),
        ("name", "Name", actor.name),
        ("short", "Short name", actor.short),
        ("kind", "Kind", actor.kind),
        ("country", "Country", actor.country),
        ("aliases", "Aliases", list(actor.aliases)),
        ("role", "Role", actor.role),
        ("since", "Since", actor.since.human() if actor.since else None),
        ("until", "Until", actor.until.human() if actor.until else None),
        ("roles", "Roles", [_role_line(r) for r in actor.roles]),
        ("member_of", "Part of", [f"{a.name} ({a.id})" for a in profile.member_of]),
        ("members", "Includes", [f"{a.name} ({a.id})" for a in profile.members]),
        *provenance_fields(actor),
        ("sources", "Sources", source_links(to_json(actor))),
    ]
    fields = with_other_fields(fields, actor, ("affiliations",))
    timeline = timeline_table(events, actors, sources=False)
    timeline.title = f"Events, newest first ({shown or len(events)})"
    by = claims_table(profile.claims_by, actors, "claims_by")
    by.title = "Claims made by " + actor.name
    about = claims_table(profile.claims_about, actors, "claims_about")
    about.title = "Claims about " + actor.name
    deadlines = deadlines_table(profile.deadlines, actors)
    deadlines.title = "Deadlines issued or faced"
    data = {
        **to_json(actor),
        "member_of": [a.id for a in profile.member_of],
        "members": [a.id for a in profile.members],
        "events": timeline.rows,
        "event_count": len(profile.events),
        "claims_by": by.rows,
        "claims_about": about.rows,
        "deadlines": deadlines.rows,
    }
    return Detail(
        "actor", f"{actor.name} ({actor.id})", fields, [timeline, by, about, deadlines], data
    )


# --- deadlines --------------------------------------------------------------------------------


def _instant(moment: dt.datetime, zone_name: str) -> Shown:
    return Shown(format_instant(moment, zone_name), human_instant(moment, zone_name))


def _name_and_id(actor_id: str, actors: Mapping[str, Actor]) -> Shown:
    """An actor's name in data formats (as before), ``Name (id)`` on a terminal card."""
    name = names_of([actor_id], actors)[0]
    return Shown(name, f"{name} ({actor_id})" if name != actor_id else name)


def countdown_text(state: DeadlineState) -> str:
    if state.status == "open":
        return f"{format_duration(state.remaining)} left"
    return f"expired {format_duration(-state.remaining)} ago"


def short_countdown(state: DeadlineState) -> str:
    """The countdown at the precision a list needs (``3d 11h`` is plenty a year later)."""
    if state.remaining.total_seconds() > 0:
        return f"{short_duration(state.remaining)} left"
    return f"{short_duration(-state.remaining)} ago"


def deadline_row(state: DeadlineState) -> Row:
    deadline = state.deadline
    row: Row = to_json(deadline)
    if not state.outcome_known:
        row.pop("outcome", None)
    row.update(
        status=state.status,
        as_of=state.now.isoformat(),
        expires_utc=format_instant(deadline.expires, "UTC"),
        expires_local=format_instant(deadline.expires, deadline.timezone),
        seconds_left=int(state.remaining.total_seconds()),
        countdown=countdown_text(state),
    )
    return row


def _party_column(key: str, header: str, actors: Mapping[str, Actor], *, priority: int) -> Column:
    """A deadline's issuer or target: the name in data formats, the short name on a terminal."""
    return Column(
        key,
        header,
        cell=lambda r: names_of([r[key]], actors)[0],
        display=lambda r: _shorts([r[key]], actors)[0],
        max_width=16,
        priority=priority,
    )


def deadlines_table(states: Sequence[DeadlineState], actors: Mapping[str, Actor]) -> Table:
    by_id = {s.deadline.id: s for s in states}

    def expires_human(row: Row) -> str:
        deadline = by_id[row["id"]].deadline
        return human_instant(deadline.expires, deadline.timezone)

    def expires_utc_human(row: Row) -> str:
        return human_instant(by_id[row["id"]].deadline.expires, "UTC", year=False)

    return Table(
        "deadlines",
        [
            Column("id", "Id", style="bold", tuck=True),
            Column(
                "label",
                "Deadline",
                display=lambda r: r.get("title") or r["id"],
                only="terminal",
                flex=True,
            ),
            _party_column("issuer", "Issuer", actors, priority=3),
            _party_column("target", "Target", actors, priority=4),
            Column("expires_local", "Expires", display=expires_human),
            Column("expires_utc", "UTC", display=expires_utc_human, priority=5),
            Column("status", "Status", style="yellow"),
            Column(
                "countdown",
                "Left / since",
                display=lambda r: short_countdown(by_id[r["id"]]),
                priority=1,
            ),
        ],
        [deadline_row(s) for s in states],
        empty="no deadlines",
    )


def deadline_detail(
    state: DeadlineState, others: Sequence[DeadlineState], actors: Mapping[str, Actor]
) -> Detail:
    deadline: Deadline = state.deadline
    row = deadline_row(state)
    outcome = deadline.outcome if state.outcome_known else None
    zone_name = deadline.timezone
    fields: list[tuple[str, str, Any]] = [
        ("id", "Id", deadline.id),
        ("title", "Title", deadline.title),
        ("issuer", "Issuer", _name_and_id(deadline.issuer, actors)),
        ("target", "Target", _name_and_id(deadline.target, actors)),
        ("demand", "Demand", deadline.demand),
        ("consequence", "Consequence", deadline.consequence),
        ("issued", "Issued", _instant(deadline.issued, zone_name)),
        (
            "expires",
            "Expires",
            Shown(
                f"{row['expires_local']} ({zone_name})",
                human_instant(deadline.expires, zone_name)
                + " · "
                + human_instant(deadline.expires, "UTC", year=False),
            ),
        ),
        ("expires_utc", "Expires (UTC)", Shown(row["expires_utc"], "")),
        ("as_of", "As of", _instant(state.now, zone_name)),
        ("status", "Status", state.status),
        ("countdown", "Countdown", row["countdown"]),
        ("expires_note", "How exact", deadline.expires_note),
        (
            "outcome",
            "Outcome",
            Shown(
                f"{outcome.date} ({outcome.status}): {outcome.text}",
                f"{outcome.status}, {outcome.date.human()}: {outcome.text}",
            )
            if outcome
            else None,
        ),
        ("tags", "Tags", ", ".join(deadline.tags) or None),
        ("note", "Note", deadline.note),
        *provenance_fields(deadline),
        ("sources", "Sources", source_links(to_json(deadline))),
    ]
    data = dict(row)
    if outcome is None:
        data.pop("outcome", None)
    sections = []
    if others:
        table = deadlines_table(others, actors)
        table.name = "also_matching"
        table.title = "Also matching"
        sections.append(table)
        data["also_matching"] = [r["id"] for r in table.rows]
    fields = with_other_fields(fields, deadline, ("timezone",))
    return Detail("deadline", deadline.label, fields, sections, data)


# --- search -----------------------------------------------------------------------------------


def search_table(hits: Sequence[Hit]) -> Table:
    return Table(
        "results",
        [
            Column("kind", "Kind", style="cyan"),
            Column("id", "Id", style="bold", tuck=True),
            Column("date", "Date", "date"),
            Column("text", "Text", flex=True),
        ],
        [{"kind": h.kind, "id": h.id, "date": h.date, "text": h.text} for h in hits],
        empty="no matches",
    )


# --- brief ------------------------------------------------------------------------------------


def _window_label(start: dt.datetime, end: dt.datetime, zone_name: str) -> str:
    first = start.astimezone(zone(zone_name)).date()
    last = end.astimezone(zone(zone_name)).date()
    return f"{first.day} {first:%b %Y} – {last.day} {last:%b %Y}"


def _first_source(row: Row) -> list[Link]:
    return source_links(row)[:1]


def brief_detail(
    result: Brief,
    actors: Mapping[str, Actor],
    title: str,
    zone_name: str,
    focus: Sequence[str] = (),
) -> Detail:
    """The brief as a Detail: a freshness header, then four capped, windowed sections."""
    first_day = result.start.astimezone(zone(zone_name)).date().isoformat()
    last_day = result.end.astimezone(zone(zone_name)).date().isoformat()
    window = _window_label(result.start, result.end, zone_name)
    focus_flags = "".join(f" {flag}" for flag in focus)

    def capped(table: Table, section: Section[Any], label: str, command: str) -> Table:
        count = f"{len(section.shown)} of {section.total}" if section.more else str(section.total)
        table.title = f"{label} ({count})"
        if section.more:
            table.footer = f"+{section.more} more: {command}"
        return table

    events = capped(
        timeline_table(result.events.shown, actors, sources=False),
        result.events,
        "Events, newest first",
        f"sahel timeline --since {first_day} --until {last_day}{focus_flags}",
    )
    events.name = "latest_events"
    events.columns.insert(
        -1,
        Column(
            "source",
            "Source",
            cell=_first_source,
            display=lambda r: _publisher_links(r)[:1],
            priority=4,
        ),
    )
    deadlines = capped(
        deadlines_table(result.deadlines.shown, actors),
        result.deadlines,
        "Deadlines open, set or ended in the window",
        "sahel deadlines",
    )
    claims = capped(
        claims_table(result.claims.shown, actors, "claims"),
        result.claims,
        "Claims made in the window",
        "sahel claims",
    )
    active_rows = [
        {**to_json(a.actor), "event_count": a.events, "claim_count": a.claims}
        for a in result.active.shown
    ]
    active_text = ", ".join(
        f"{a.actor.short or a.actor.name} ({_count(a.events, 'event')}, "
        f"{_count(a.claims, 'claim')})"
        for a in result.active.shown
    )
    if result.active.more:
        active_text += f", +{result.active.more} more"
    fields: list[tuple[str, str, Any]] = [
        ("as_of", "As of", _instant(result.now, zone_name)),
        ("data", "Data", freshness(result)),
        ("window", "Window", window + (" (the last days of the data)" if result.moved else "")),
        ("focus", "Focus", " ".join(focus) or None),
        ("events_known", "Events known", result.total_events),
        (
            "most_active",
            "Most active",
            Shown([r["id"] for r in active_rows], active_text) if active_rows else None,
        ),
    ]
    data: dict[str, Any] = {
        "title": title,
        "as_of": result.now.isoformat(),
        "data_updated": result.data_updated.iso() if result.data_updated else None,
        "window": {"start": result.start.isoformat(), "end": result.end.isoformat()},
        "window_days": result.window_days,
        "window_moved": result.moved,
        "first": result.first.iso() if result.first else None,
        "last": result.last.iso() if result.last else None,
        "events_known": result.total_events,
        "latest_events": events.rows,
        "latest_events_total": result.events.total,
        "deadlines": deadlines.rows,
        "deadlines_total": result.deadlines.total,
        "claims": claims.rows,
        "claims_total": result.claims.total,
        "disputed_claims": [r for r in claims.rows if r.get("status") == "disputed"],
        "most_active": active_rows,
    }
    return Detail("brief", title, fields, [events, deadlines, claims], data)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def freshness(result: Brief) -> str:
    """``data last updated 18 Feb 2026, 283 days before this brief; later events are not in
    it``: says whether silence means quiet or no data."""
    if result.data_updated is None:
        return "the dataset gives no update date"
    text = f"last updated {result.data_updated.human()}"
    if result.stale_days:
        text += f", {result.stale_days} days before this brief; later events are not in it"
    return text


# --- tags and the cache -----------------------------------------------------------------------


def tags_table(events: Sequence[Event]) -> Table:
    from collections import Counter

    counts = Counter(t for e in events for t in e.tags)
    rows = [{"tag": t, "events": n} for t, n in sorted(counts.items())]
    return Table("tags", [Column("tag", "Tag"), Column("events", "Events", "number")], rows)


def cache_table(rows: Sequence[Row]) -> Table:
    """The cache, one row per dataset: its path, the data's ``updated`` date, how many
    indexes (versions) are kept, their size in human units (and in bytes for scripts), and
    when one was last used."""
    return Table(
        "cache",
        [
            Column("dataset", "Dataset", flex=True),
            Column("updated", "Updated", "date"),
            Column("indexes", "Indexes", "number"),
            Column("size", "Size"),
            Column("bytes", "Bytes", "number", only="data"),
            Column("used", "Last used", "date"),
            Column("files", "Files", "list", only="data"),
        ],
        list(rows),
        empty="no cache files",
    )


# --- one record (`sahel show`) ----------------------------------------------------------------


def _actor_list(ids: Sequence[str], actors: Mapping[str, Actor]) -> Shown:
    names = names_of(ids, actors)
    human = [f"{n} ({i})" if n != i else n for n, i in zip(names, ids, strict=True)]
    return Shown(names, ", ".join(human))


def with_other_fields(
    fields: list[tuple[str, str, Any]], record: Any, shown_elsewhere: Collection[str] = ()
) -> list[tuple[str, str, Any]]:
    """``fields`` of a card plus, before its sources, every set field of ``record`` the card
    does not show (a field added to the model since: see extras.py), as ``Label: value``."""
    from sahelcli.extras import as_text, label, other_values

    placed = {key for key, _label, _value in fields} | set(shown_elsewhere)
    others = [(name, label(name), as_text(v)) for name, v in other_values(record, placed)]
    at = next((i for i, (key, _l, _v) in enumerate(fields) if key == "sources"), len(fields))
    return [*fields[:at], *others, *fields[at:]]


def provenance_fields(record: Any) -> list[tuple[str, str, Any]]:
    """When the dataset learned of a record (``added``) and last changed it (``revised``)."""
    return [
        (
            "added",
            "Added",
            Shown(record.added.iso(), record.added.human()) if record.added else None,
        ),
        (
            "revised",
            "Revised",
            Shown(record.revised.iso(), record.revised.human()) if record.revised else None,
        ),
        ("replaces", "Formerly", record.replaces),
    ]


def event_card(
    event: Event, claims: Sequence[Claim], actors: Mapping[str, Actor], zone_name: str
) -> Detail:
    """Every field of an event, its sources one per line, and the claims that refer to it."""
    when = event.date.human() + (f" {event.time}" if event.time else "")
    place = None
    if event.latitude is not None and event.longitude is not None:
        place = f"{event.latitude}, {event.longitude}"
        if event.location_precision:
            place += f" ({event.location_precision})"
    fields: list[tuple[str, str, Any]] = [
        ("id", "Id", event.id),
        ("date", "Date", Shown(event.date.iso() + (f" {event.time}" if event.time else ""), when)),
        ("title", "Title", event.title),
        ("summary", "Summary", event.summary),
        ("location", "Location", event.location),
        ("coordinates", "Coordinates", place),
        ("fatalities", "Fatalities", event.fatalities),
        ("actors", "Actors", _actor_list(event.actors, actors)),
        ("tags", "Tags", ", ".join(event.tags) or None),
        ("note", "Note", event.note),
        *provenance_fields(event),
        ("sources", "Sources", source_links(to_json(event))),
    ]
    fields = with_other_fields(
        fields, event, ("time", "latitude", "longitude", "location_precision")
    )
    related = claims_table(claims, actors, "claims")
    related.title = "Claims about this event"
    data = {"kind": "event", **to_json(event), "links": {"claims": [c.id for c in claims]}}
    sections = [related] if claims else []
    return Detail("event", f"Event: {event.title}", fields, sections, data)


def claim_card(claim: Claim, event: Event | None, actors: Mapping[str, Actor]) -> Detail:
    """Every field of a claim, its sources one per line, and the event it refers to."""
    fields: list[tuple[str, str, Any]] = [
        ("id", "Id", claim.id),
        ("date", "Date", Shown(claim.date.iso(), claim.date.human())),
        ("claimant", "Claimant", _actor_list([claim.claimant, *claim.co_claimants], actors)),
        ("stance", "Stance", claim.stance),
        ("about", "About", _actor_list(claim.about, actors)),
        ("text", "Claim", claim.text),
        ("status", "Status", claim.status),
        ("grade", "Grade", claim.grade),
        ("event", "Event", Shown(claim.event, f"{event.title} ({event.id})") if event else None),
        ("note", "Note", claim.note),
        *provenance_fields(claim),
        ("sources", "Sources", source_links(to_json(claim))),
    ]
    data = {
        "kind": "claim",
        **to_json(claim),
        "links": {"event": event.id if event else None},
    }
    fields = with_other_fields(fields, claim, ("co_claimants",))
    return Detail("claim", f"Claim: {claim.id}", fields, [], data)


# --- validation -------------------------------------------------------------------------------


def validation_detail(target: str, dataset: Dataset | None, problems: Sequence[Problem]) -> Detail:
    """`sahel validate` as data: valid or not, the counts and freshness, or every problem."""
    counts = dataset.counts() if dataset else {}
    meta = dataset.meta if dataset else None
    updated = meta.updated.iso() if meta and meta.updated else None
    fields: list[tuple[str, str, Any]] = [
        ("path", "Path", target),
        ("valid", "Valid", dataset is not None),
        *((kind, kind.capitalize(), n) for kind, n in counts.items()),
        ("files", "Files", len(dataset.files) if dataset else None),
        ("title", "Title", meta.title if meta else None),
        ("updated", "Updated", updated),
    ]
    rows = [
        {
            "file": p.file,
            "line": p.line,
            "column": p.column,
            "path": p.path,
            "message": p.message,
            "hint": p.hint,
        }
        for p in problems
    ]
    table = Table(
        "problems",
        [
            Column("file", "File"),
            Column("line", "Line", "number"),
            Column("column", "Col", "number"),
            Column("path", "Field"),
            Column("message", "Problem", flex=True),
            Column("hint", "Hint", priority=1),
        ],
        rows,
        empty="no problems",
    )
    data: dict[str, Any] = {
        "path": target,
        "valid": dataset is not None,
        **counts,
        "title": meta.title if meta else None,
        "updated": updated,
        "problems": rows,
    }
    return Detail("validation", f"Validation of {target}", fields, [table] if rows else [], data)


# --- diff -------------------------------------------------------------------------------------


def _diff_value(value: Any) -> str:
    if value is None:
        return "(absent)"
    if isinstance(value, str):
        return value
    import json

    return json.dumps(value, ensure_ascii=False)


def word_diff(old: str, new: str) -> str:
    """``old → new`` for short values; for long text only what changed, as git's plain word
    diff marks it: ``[-removed words-]{+added words+}``."""
    if len(old) + len(new) < 60:
        return f"{old} → {new}"
    import difflib

    before, after = old.split(), new.split()
    out: list[str] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            words = before[a1:a2]
            out.append(" ".join(words if len(words) <= 6 else [*words[:3], "…", *words[-3:]]))
            continue
        if a2 > a1:
            out.append("[-" + " ".join(before[a1:a2]) + "-]")
        if b2 > b1:
            out.append("{+" + " ".join(after[b1:b2]) + "+}")
    return " ".join(out)


def diff_table(changes: Sequence[RecordDiff], meta: Sequence[FieldChange]) -> Table:
    """One row per changed field (added and removed records: one row each)."""
    rows: list[Row] = [
        {
            "kind": "meta",
            "id": "meta",
            "change": "changed",
            "field": f.field,
            "old": _diff_value(f.old),
            "new": _diff_value(f.new),
            "label": "",
        }
        for f in meta
    ]
    for record in changes:
        if record.change not in ("changed", "renamed"):
            rows.append(
                {
                    "kind": record.kind,
                    "id": record.id,
                    "change": record.change,
                    "field": "",
                    "old": "",
                    "new": "",
                    "label": record.label,
                }
            )
            continue
        rows.extend(
            {
                "kind": record.kind,
                "id": record.id,
                "change": record.change,
                "field": f.field,
                "old": _diff_value(f.old),
                "new": _diff_value(f.new),
                "label": record.label,
            }
            for f in record.fields
        )

    def shown_change(row: Row) -> str:
        if row["change"] not in ("changed", "renamed"):
            return str(row["label"])
        return f"{row['field']}: {word_diff(row['old'], row['new'])}"

    return Table(
        "differences",
        [
            Column("kind", "Kind", style="cyan"),
            Column("id", "Id", style="bold", tuck=True),
            Column("change", "Change"),
            Column("field", "Field", only="data"),
            Column("old", "Old", only="data"),
            Column("new", "New", only="data"),
            Column("label", "Record", only="data"),
            Column("what", "What", display=shown_change, only="terminal", flex=True),
        ],
        rows,
        empty="no differences",
    )


# --- changes ----------------------------------------------------------------------------------


def changes_table(found: Sequence[Change]) -> Table:
    return Table(
        "changes",
        [
            Column("kind", "Kind", style="cyan"),
            Column("change", "Change"),
            Column("on", "On", "date"),
            Column("date", "Date", "date", priority=2),
            Column("text", "Record", flex=True),
            Column("id", "Id", style="dim", tuck=True),
        ],
        [
            {
                "kind": c.kind,
                "id": c.id,
                "change": c.change,
                "on": c.on.iso(),
                "date": c.date,
                "text": c.text,
            }
            for c in found
        ],
        empty="nothing added or revised in that window",
    )
