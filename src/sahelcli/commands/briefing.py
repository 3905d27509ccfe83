"""What a reader asks first: the timeline, the brief, the deadlines and one countdown."""

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from sahelcli.commands import new_app
from sahelcli.commands.common import actor_ids, choose, event_tags, file_target, session
from sahelcli.completion import choices, deadline_names
from sahelcli.errors import UsageError
from sahelcli.options import Actors, Force, Search, Since, Tags, Until

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sahelcli.model import Event
    from sahelcli.query.geo import Near
    from sahelcli.query.stats import Counts
    from sahelcli.query.timeline import EventQuery
    from sahelcli.render import Row, Table
    from sahelcli.session import Session

app = new_app()

#: Events a timeline draws on a terminal unless --all or --limit says otherwise.
SCREENFUL = 20
#: The default radius of --near, in kilometres.
NEAR_KM = 50.0


def screenful(run: "Session") -> int:
    """Events that fit the terminal (two lines each, with the id under the title, plus the
    caption and header), between 5 and SCREENFUL: a default view that needs no pager."""
    from sahelcli.output import terminal_size

    _columns, lines = terminal_size(run.stream())
    return max(5, min(SCREENFUL, (lines - 4) // 2))


@app.command()
def timeline(
    ctx: typer.Context,
    since: Since = None,
    until: Until = None,
    actor: Actors = None,
    tag: Tags = None,
    search: Search = None,
    limit: int | None = typer.Option(
        None, "--limit", "-n", min=1, max=10**9, metavar="N", help="At most N events."
    ),
    all_events: bool = typer.Option(
        False,
        "--all",
        help=f"On a terminal, every event (default: what fits the screen, at most {SCREENFUL}).",
    ),
    reverse: bool = typer.Option(False, "--reverse", "-r", help="Newest first."),
    sources: bool = typer.Option(False, "--sources", help="Add a column with the sources."),
    near: str | None = typer.Option(
        None,
        "--near",
        metavar="PLACE",
        help="Within --km of a place an event's location names (Niamey), or of LAT,LON.",
    ),
    km: float | None = typer.Option(
        None,
        "--km",
        min=0,
        max=20_040,
        metavar="N",
        help=f"With --near: the radius (default {NEAR_KM:g}).",
    ),
) -> None:
    """Events in date order, filtered."""
    from sahelcli.query.text import fold
    from sahelcli.query.timeline import EventQuery
    from sahelcli.query.timeline import timeline as run_query
    from sahelcli.views import timeline_table

    run = session(ctx)
    if search is not None and not search.strip():
        raise UsageError("--search: the text is empty")
    if limit is not None and all_events:
        raise UsageError(
            "--limit and --all cannot be used together",
            hint="--all shows every event, --limit N the first N",
        )
    query = EventQuery(
        as_of=run.now,
        since=run.parse_instant(since, "--since", date_means="start") if since else None,
        until=run.parse_instant(until, "--until", date_means="end") if until else None,
        actors=actor_ids(run, actor),
        tags=event_tags(run, tag),
        text=fold(search) if search else None,
        near=_near(run, near, km),
        limit=limit,
        reverse=reverse,
    )
    if query.since and query.until and query.since > query.until:
        raise UsageError("--since is after --until", hint="swap them")
    title = None
    if run.draws_on_terminal():
        # A terminal gets a screenful unless --all or --limit (drawing costs ~0.3 ms a row),
        # and a caption saying how many of how many. Pipes and files get everything asked for.
        events, total = _screenful(run, query, whole=all_events)
        shown = f"{len(events)} of {total} events" if len(events) < total else f"{total} events"
        title = shown + (
            " (--all for every one, --limit N to choose)"
            if len(events) < total and limit is None
            else ""
        )
        table = timeline_table(events, {a.id: a for a in run.store.actors()}, sources=sources)
    else:  # rows straight from the index when it applies every filter (decoded once)
        rows = run.store.event_rows(query)
        listed: Sequence[Event | Row] = (
            rows if rows is not None else run_query(run.subset(events=query).events, query)
        )
        table = timeline_table(listed, {a.id: a for a in run.store.actors()}, sources=sources)
    table.title = title
    run.emit(table, nothing_found=not table.rows)


def _near(run: "Session", place: str | None, km: float | None) -> "Near | None":
    """The --near filter: a point (LAT,LON, or where located events name ``place``)."""
    if place is None:
        if km is not None:
            raise UsageError("--km needs --near", hint="e.g. --near Niamey --km 100")
        return None
    from sahelcli.errors import NotFound
    from sahelcli.query.geo import Near, parse_point, place_point

    try:
        point = parse_point(place)
    except ValueError as exc:
        raise UsageError(f"--near: {exc}") from None
    if point is None:
        point = place_point(place, run.store.events(None))
    if point is None:
        raise NotFound(
            f"no event with coordinates is at {place!r}",
            hint="name a place as events' locations do (Niamey, Agadez), or give LAT,LON",
        )
    return Near(point, NEAR_KM if km is None else km)


def _screenful(run: "Session", query: "EventQuery", *, whole: bool) -> "tuple[list[Event], int]":
    """The events a terminal shows and how many match. By default the latest screenful;
    with --reverse, --limit N, or --since without --until, the first ones in the order asked
    (so `--since D` starts at D); --all shows every one."""
    from sahelcli.query.timeline import timeline as run_query

    unlimited = query._replace(limit=None)
    total = run.store.count_events(unlimited)
    size = None if whole else (query.limit or screenful(run))
    latest = query.limit is None and not query.reverse and not (query.since and not query.until)
    if size is not None and total is not None:  # the store cuts the page
        page = query._replace(limit=size, reverse=True if latest else query.reverse)
        events = run_query(run.subset(events=page).events, page)
        if latest:
            events.reverse()  # back to oldest first
        return events, total
    every = run_query(run.subset(events=unlimited).events, unlimited)
    total = len(every) if total is None else total
    if size is None:
        return every, total
    return (every[-size:] if latest else every[:size]), total


@app.command()
def brief(
    ctx: typer.Context,
    days: int = typer.Option(
        30,
        "--days",
        min=1,
        max=36_500,
        metavar="N",
        help="The window: the last N days (at most 100 years).",
    ),
    actor: Actors = None,
    tag: Tags = None,
    top: int = typer.Option(
        5, "--top", min=1, max=1000, metavar="N", help="How many most active actors."
    ),
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        metavar="FILE",
        help="Write to FILE (format from -f, else from its extension: .md, .json, .csv…).",
    ),
    force: Force = False,
    changes_since: str | None = typer.Option(
        None,
        "--changes-since",
        metavar="DATE",
        help="Add what is new in the data since DATE (records added or revised).",
    ),
) -> None:
    """A one-page situation brief at --as-of: the last N days, and how fresh the data is."""
    import sys

    from sahelcli.dates import human_instant
    from sahelcli.query import brief as brief_query
    from sahelcli.views import brief_detail

    run = session(ctx)
    target = file_target(output, force=force)
    focus_ids = actor_ids(run, actor)
    focus_tags = event_tags(run, tag)
    dataset = run.dataset
    caps = {**brief_query.CAPS, "actors": top}
    result = brief_query.brief(
        dataset, run.now, days=days, actors=focus_ids, tags=focus_tags, caps=caps
    )
    zone_name = dataset.meta.timezone
    if result.stale_days and result.stale_days > STALE_WARNING_DAYS and result.data_updated:
        print(
            f"sahel: warning: the data stops at {result.data_updated.human()}, "
            f"{result.stale_days} days before {human_instant(run.now, zone_name)}; "
            "later events are not in this brief",
            file=sys.stderr,
        )
    focus = focus_flags(focus_ids, focus_tags)
    title = f"Situation brief: {dataset.meta.title or 'sahel dataset'}"
    doc = brief_detail(result, dataset.actor_map(), title, zone_name, focus)
    if changes_since is not None:
        doc.sections.append(_changes_section(run, changes_since))
    if target is None:
        run.emit(doc)
        return
    from sahelcli.exports import write_bytes_atomic

    text = run.render_text(doc, run.format or FORMAT_BY_SUFFIX.get(target.suffix.lower(), "md"))
    write_bytes_atomic(target, text.encode("utf-8"), force=force)


def focus_flags(actors: set[str], tags: set[str]) -> list[str]:
    """The options that focused a brief or report, to show (and to repeat in hints)."""
    return [f"--actor {a}" for a in sorted(actors)] + [f"--tag {t}" for t in sorted(tags)]


def _changes_section(run: "Session", since: str) -> "Table":
    from sahelcli.query.changes import changes
    from sahelcli.views import changes_table

    first = run.parse_day(since, "--changes-since")
    found = changes(run.store.full(), first)
    table = changes_table(found[:CHANGES_SHOWN])
    table.name = "changes"
    table.title = f"New in the data since {first.isoformat()} ({len(found)})"
    if len(found) > CHANGES_SHOWN:
        table.footer = f"+{len(found) - CHANGES_SHOWN} more: sahel changes --since {since}"
    return table


#: Records the brief lists under --changes-since (the rest: `sahel changes`).
CHANGES_SHOWN = 5

#: The brief warns on stderr when its instant is this long after the data's last update.
STALE_WARNING_DAYS = 30
FORMAT_BY_SUFFIX = {
    ".md": "md",
    ".markdown": "md",
    ".json": "json",
    ".jsonl": "jsonl",
    ".csv": "csv",
    ".tsv": "tsv",
    ".txt": "table",
}


@app.command()
def deadlines(
    ctx: typer.Context,
    chart: bool = typer.Option(
        False,
        "--chart",
        help="Draw each deadline from issue to expiry on a time axis, with the as-of instant.",
    ),
) -> None:
    """Every ultimatum and deadline with its status and time left (or since expiry)."""
    from sahelcli.query.deadlines import known_deadlines
    from sahelcli.views import deadlines_table

    run = session(ctx)
    dataset = run.subset(deadlines=None)
    states = known_deadlines(dataset.deadlines, run.now)
    if chart:
        from sahelcli.charts import deadline_chart

        states.sort(key=lambda s: (s.deadline.issued, s.deadline.id))
        picture = deadline_chart(states, run.now, dataset.meta.timezone)
        run.emit(picture, nothing_found=not states)
        return
    run.emit(deadlines_table(states, dataset.actor_map()), nothing_found=not states)


@app.command()
def deadline(
    ctx: typer.Context,
    name: str = typer.Argument(
        ...,
        help="Deadline id, words of its title, or its issuer or target.",
        autocompletion=deadline_names,
    ),
    watch: bool = typer.Option(
        False, "--watch", "-w", help="Live countdown on a terminal until expiry or Ctrl-C."
    ),
) -> None:
    """One deadline in full, with a countdown at --as-of (default now)."""
    from sahelcli.query.deadlines import select
    from sahelcli.views import deadline_detail

    run = session(ctx)
    # Unreplayed on purpose: select() applies the as-of instant itself, and can then say that
    # a deadline matching the name was not issued yet instead of "no such deadline".
    records = run.store.deadlines(None)
    actors = run.store.actors()
    chosen, others = select(records, actors, name, run.now)
    actor_map = {a.id: a for a in actors}
    if watch and run.is_terminal() and chosen.status == "open":
        from sahelcli.live import watch_countdown

        watch_countdown(run, chosen, others, actor_map)
        return
    run.emit(deadline_detail(chosen, others, actor_map))


#: What `stats --by` counts by (the periods are query.stats.PERIODS), and what `--kind` counts.
STATS_BY = ("month", "week", "year", "tag", "actor", "kind")
STATS_KINDS = ("events", "claims", "deadlines", "all")


@app.command()
def stats(
    ctx: typer.Context,
    by: str = typer.Option(
        "month",
        "--by",
        "-b",
        metavar="month|week|year|tag|actor|kind",
        help="Count per calendar month, ISO week or year, or per tag, actor or record kind.",
        autocompletion=choices(STATS_BY),
    ),
    kind: str = typer.Option(
        "events",
        "--kind",
        "-k",
        metavar="events|claims|deadlines|all",
        help="Which records to count (default events; --by kind counts all).",
        autocompletion=choices(STATS_KINDS),
    ),
    since: Since = None,
    until: Until = None,
    actor: Actors = None,
    tag: Tags = None,
    search: Search = None,
) -> None:
    """How many events (or claims, deadlines) per period, tag, actor or kind: a bar chart
    on a terminal, rows in pipes. Every period in the range is listed, empty ones as 0."""
    from sahelcli.charts import stats_chart
    from sahelcli.dates import zone
    from sahelcli.query import stats as query
    from sahelcli.query.text import fold
    from sahelcli.store import NOTHING

    by = choose(by, STATS_BY, "--by")
    kind = choose(kind, STATS_KINDS, "--kind")
    run = session(ctx)
    if by == "kind" and kind == "events":
        kind = "all"
    if search is not None and not search.strip():
        raise UsageError("--search: the text is empty")
    if tag and kind == "claims":
        raise UsageError("--tag: claims carry no tags", hint="count events or deadlines by tag")
    filters = query.Filters(
        since=run.parse_instant(since, "--since", date_means="start") if since else None,
        until=run.parse_instant(until, "--until", date_means="end") if until else None,
        actors=frozenset(actor_ids(run, actor)),
        tags=frozenset(event_tags(run, tag)),
        text=fold(search) if search else None,
    )
    if filters.since and filters.until and filters.since > filters.until:
        raise UsageError("--since is after --until", hint="swap them")
    dataset = run.subset(
        events=None if kind in ("events", "all") else NOTHING,
        claims=None if kind in ("claims", "all") else NOTHING,
        deadlines=None if kind in ("deadlines", "all") else NOTHING,
    )
    tz = zone(dataset.meta.timezone)
    found = query.items(dataset.events, dataset.claims, dataset.deadlines, filters, tz)
    first = filters.since.astimezone(tz).date() if filters.since else None
    last = filters.until.astimezone(tz).date() if filters.until else None
    if first is not None or last is not None:  # one side given: the data gives the other
        days = [item.date.first_day() for item in found]
        first = first or min(days, default=last)
        last = last or max(days, default=first)
    counts = query.count(found, by, first, last)
    window = _window(counts, by)
    chart = stats_chart(counts, by, kind, dataset.actor_map(), window)
    if chart.note and not run.draws_on_terminal():  # a terminal shows it under the chart
        import sys

        print(f"sahel: note: {chart.note}", file=sys.stderr)
    run.emit(chart, nothing_found=not counts.rows)


def _window(counts: "Counts", by: str) -> str | None:
    from sahelcli.charts import period_label
    from sahelcli.query.stats import PERIODS

    if by not in PERIODS or not counts.rows:
        return None
    first, last = counts.rows[0].key, counts.rows[-1].key
    if first == last:
        return period_label(first, by)
    return f"{period_label(first, by)} – {period_label(last, by)}"


@app.command()
def report(
    ctx: typer.Context,
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        metavar="FILE",
        help="The HTML file to write (required on a terminal; '-' for stdout).",
    ),
    days: int = typer.Option(
        30, "--days", min=1, max=36_500, metavar="N", help="The brief's window: the last N days."
    ),
    actor: Actors = None,
    tag: Tags = None,
    force: Force = False,
) -> None:
    """One self-contained HTML page: the brief, live deadline countdowns, an events-per-month
    chart, the timeline with its sources and the claims. No network requests: it works
    offline, on a phone, and prints."""
    from sahelcli.query import brief as brief_query
    from sahelcli.query import stats as stats_query
    from sahelcli.report import render_report

    run = session(ctx)
    if output is None and run.is_terminal():
        raise UsageError(
            "the report is an HTML file: say where to write it",
            hint="sahel report -o brief.html (or -o - for standard output)",
        )
    target = file_target(output, force=force)
    focus_ids = actor_ids(run, actor)
    focus_tags = event_tags(run, tag)
    dataset = run.dataset
    result = brief_query.brief(dataset, run.now, days=days, actors=focus_ids, tags=focus_tags)
    chosen = brief_query.focused(dataset, run.now, focus_ids, focus_tags)
    monthly = stats_query.count([stats_query.event_item(e) for e in chosen.events], "month")
    focus = focus_flags(focus_ids, focus_tags)
    html = render_report(
        dataset,
        result,
        title=f"Situation report: {dataset.meta.title or 'sahel dataset'}",
        events=chosen.events,
        claims=chosen.claims,
        deadlines=chosen.deadlines,
        monthly=monthly,
        live=run.as_of is None,
        focus=focus,
    )
    if target is None:
        stream = run.stream()
        stream.write(html)
        stream.flush()
        return
    from sahelcli.exports import write_bytes_atomic

    write_bytes_atomic(target, html.encode("utf-8"), force=force)
