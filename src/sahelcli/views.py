"""Query results -> output documents (Table / Detail). No I/O: the CLI hands these to render()."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from sahelcli.dates import format_duration, format_instant
from sahelcli.render import Column, Detail, Row, Table
from sahelcli.serialize import to_json

if TYPE_CHECKING:
    from pathlib import Path

    from sahelcli.model import Actor, Claim, Deadline, Event
    from sahelcli.query.actors import ActorSummary, Profile
    from sahelcli.query.brief import Brief
    from sahelcli.query.deadlines import DeadlineState
    from sahelcli.query.search import Hit

STATUS_STYLE = {"open": "bold yellow", "expired": "red", "met": "green", "withdrawn": "dim"}


def source_line(source: Mapping[str, Any]) -> str:
    via = f" via {source['via']}" if source.get("via") else ""
    return f'{source["publisher"]}{via}, "{source["title"]}" ({source["date"]}) {source["url"]}'


def _sources_cell(row: Row) -> list[str]:
    return [source_line(s) for s in row.get("sources", [])]


def _names(ids: Sequence[str], actors: Mapping[str, Actor]) -> list[str]:
    return [actors[i].name if i in actors else i for i in ids]


# --- timeline ---------------------------------------------------------------------------------


def event_row(event: Event) -> Row:
    row: Row = to_json(event)
    return row


def timeline_table(events: Sequence[Event], actors: Mapping[str, Actor], *, sources: bool) -> Table:
    columns = [
        Column("date", "Date", "date"),
        Column("title", "Title", min_width=30),
        Column(
            "actors",
            "Actors",
            "list",
            cell=lambda r: _names(r.get("actors", []), actors),
            max_width=40,
        ),
        Column("tags", "Tags", "list", style="cyan", max_width=24),
    ]
    if sources:
        columns.append(Column("sources", "Sources", "list", cell=_sources_cell, max_width=50))
    return Table("events", columns, [event_row(e) for e in events], empty="no events match")


# --- actors -----------------------------------------------------------------------------------


def actors_table(rows: Sequence[ActorSummary]) -> Table:
    data = [{**to_json(r.actor), "event_count": r.events, "claim_count": r.claims} for r in rows]
    return Table(
        "actors",
        [
            Column("id", "Id", style="bold"),
            Column("name", "Name"),
            Column("kind", "Kind"),
            Column("country", "Country"),
            Column("event_count", "Events", "number"),
            Column("claim_count", "Claims", "number"),
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

    return Table(
        name,
        [
            Column("date", "Date", "date"),
            Column(
                "claimant",
                "Claimant",
                cell=lambda r: _names([r["claimant"]], actors)[0],
                max_width=22,
            ),
            Column(
                "about",
                "About",
                "list",
                cell=lambda r: _names(r.get("about", []), actors),
                max_width=22,
            ),
            Column("stance", "Stance"),
            Column("text", "Claim", min_width=30),
            Column("status", "Status", style="yellow"),
            Column("grade", "Grade"),
            Column("source", "Source", cell=first_source, max_width=30),
        ],
        [to_json(c) for c in claims],
        title="Claims" if name == "claims" else name.replace("_", " ").capitalize(),
        empty="no claims match",
    )


def profile_detail(profile: Profile, actors: Mapping[str, Actor], *, limit: int | None) -> Detail:
    actor = profile.actor
    events = profile.events if limit is None else profile.events[:limit]
    shown = f"{len(events)} of {len(profile.events)}" if len(events) < len(profile.events) else ""
    fields: list[tuple[str, str, Any]] = [
        ("id", "Id", actor.id),
        ("name", "Name", actor.name),
        ("kind", "Kind", actor.kind),
        ("country", "Country", actor.country),
        ("aliases", "Aliases", list(actor.aliases)),
        ("role", "Role", actor.role),
        ("member_of", "Part of", [f"{a.name} ({a.id})" for a in profile.member_of]),
        ("members", "Includes", [f"{a.name} ({a.id})" for a in profile.members]),
    ]
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


def countdown_text(state: DeadlineState) -> str:
    if state.status == "open":
        return f"{format_duration(state.remaining)} left"
    return f"expired {format_duration(-state.remaining)} ago"


def deadline_row(state: DeadlineState) -> Row:
    deadline = state.deadline
    row: Row = to_json(deadline)
    row.update(
        status=state.status,
        as_of=state.now.isoformat(),
        expires_utc=format_instant(deadline.expires, "UTC"),
        expires_local=format_instant(deadline.expires, deadline.timezone),
        seconds_left=int(state.remaining.total_seconds()),
        countdown=countdown_text(state),
    )
    return row


def deadlines_table(states: Sequence[DeadlineState], actors: Mapping[str, Actor]) -> Table:
    return Table(
        "deadlines",
        [
            Column("id", "Id", style="bold", max_width=24),
            Column(
                "issuer", "Issuer", cell=lambda r: _names([r["issuer"]], actors)[0], max_width=20
            ),
            Column(
                "target", "Target", cell=lambda r: _names([r["target"]], actors)[0], max_width=20
            ),
            Column("expires_local", "Expires (issuer's zone)", min_width=25),
            Column("expires_utc", "Expires (UTC)", min_width=25),
            Column("status", "Status", style="yellow"),
            Column("countdown", "Time left / since", min_width=20),
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
    fields: list[tuple[str, str, Any]] = [
        ("id", "Id", deadline.id),
        ("title", "Title", deadline.title),
        ("issuer", "Issuer", _names([deadline.issuer], actors)[0]),
        ("target", "Target", _names([deadline.target], actors)[0]),
        ("demand", "Demand", deadline.demand),
        ("consequence", "Consequence", deadline.consequence),
        ("issued", "Issued", format_instant(deadline.issued, deadline.timezone)),
        ("expires", "Expires", f"{row['expires_local']} ({deadline.timezone})"),
        ("expires_utc", "Expires (UTC)", row["expires_utc"]),
        ("as_of", "As of", format_instant(state.now, deadline.timezone)),
        ("status", "Status", state.status),
        ("countdown", "Countdown", row["countdown"]),
        ("expires_note", "How exact", deadline.expires_note),
        (
            "outcome",
            "Outcome",
            f"{outcome.date} ({outcome.status}): {outcome.text}" if outcome else None,
        ),
        ("note", "Note", deadline.note),
        ("sources", "Sources", [source_line(to_json(s)) for s in deadline.sources]),
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
    return Detail("deadline", deadline.label, fields, sections, data)


# --- search -----------------------------------------------------------------------------------


def search_table(hits: Sequence[Hit]) -> Table:
    return Table(
        "results",
        [
            Column("kind", "Kind", style="cyan"),
            Column("id", "Id", style="bold"),
            Column("date", "Date", "date"),
            Column("text", "Text"),
        ],
        [{"kind": h.kind, "id": h.id, "date": h.date, "text": h.text} for h in hits],
        empty="no matches",
    )


# --- brief ------------------------------------------------------------------------------------


def brief_detail(
    result: Brief, actors: Mapping[str, Actor], title: str, zone_name: str | None = None
) -> Detail:
    span = f"{result.first} to {result.last}" if result.first and result.last else "no events"
    latest = timeline_table(result.latest, actors, sources=False)
    latest.name = "latest_events"
    latest.title = (
        f"Latest {len(result.latest)} events (none in the last {result.window_days} days)"
        if result.latest_is_fallback
        else f"Events in the last {result.window_days} days, newest first"
    )
    deadlines = deadlines_table(result.deadlines, actors)
    deadlines.title = "Open and recent deadlines"
    disputed = claims_table(result.disputed, actors, "disputed_claims")
    disputed.title = "Claims in dispute"
    active = actors_table(result.active)
    active.name = "most_active"
    active.title = "Most active actors"
    fields: list[tuple[str, str, Any]] = [
        ("as_of", "As of", format_instant(result.now, zone_name)),
        ("span", "Dataset span", span),
        ("events", "Events known", result.total_events),
        ("open_deadlines", "Open deadlines", sum(s.status == "open" for s in result.deadlines)),
    ]
    data: dict[str, Any] = {
        "title": title,
        "as_of": result.now.isoformat(),
        "first": result.first.iso() if result.first else None,
        "last": result.last.iso() if result.last else None,
        "events_known": result.total_events,
        "window_days": result.window_days,
        "latest_events": latest.rows,
        "deadlines": deadlines.rows,
        "disputed_claims": disputed.rows,
        "most_active": active.rows,
    }
    return Detail("brief", title, fields, [latest, deadlines, disputed, active], data)


# --- tags and the cache -----------------------------------------------------------------------


def tags_table(events: Sequence[Event]) -> Table:
    from collections import Counter

    counts = Counter(t for e in events for t in e.tags)
    rows = [{"tag": t, "events": n} for t, n in sorted(counts.items())]
    return Table("tags", [Column("tag", "Tag"), Column("events", "Events", "number")], rows)


def cache_table(paths: Sequence[Path]) -> Table:
    import datetime as dt

    def modified(path: Path) -> str:
        moment = dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.timezone.utc)
        return moment.isoformat(timespec="seconds")

    rows = [{"path": str(p), "bytes": p.stat().st_size, "modified": modified(p)} for p in paths]
    return Table(
        "index_files",
        [
            Column("path", "Path"),
            Column("bytes", "Bytes", "number"),
            Column("modified", "Modified"),
        ],
        rows,
        empty="no cache files",
    )
