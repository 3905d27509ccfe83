"""Other tools' formats: `sahel export` and `sahel import`.

Only Typer is imported here; each command imports its exporter or importer when it runs.
"""

import datetime as dt
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import typer

from sahelcli.commands import new_app
from sahelcli.commands.common import choose, file_target
from sahelcli.commands.common import session as session_of
from sahelcli.completion import choices
from sahelcli.errors import UsageError
from sahelcli.options import Actors, Force, Search, Since, Tags, Until
from sahelcli.render.safe import clean_line
from sahelcli.session import Session

if TYPE_CHECKING:
    from sahelcli.model import Dataset, Deadline, Event

T = TypeVar("T")
app = new_app()

EXPORT_FORMATS = ("ics", "timelinejs", "sqlite", "geojson")
IMPORT_SOURCES = ("acled",)


def _write(session: Session, output: Path | None, data: bytes, *, force: bool) -> None:
    """Bytes to stdout (``output`` None), or atomically to ``output`` (see ``file_target``)."""
    if output is None:
        stream = session.stream()
        stream.flush()
        buffer = getattr(stream, "buffer", None)
        if buffer is not None:
            buffer.write(data)
            buffer.flush()
        else:  # a text-only stream (tests): CRLF survives since nothing translates newlines
            stream.write(data.decode("utf-8"))
            stream.flush()
        return
    from sahelcli.exports import write_bytes_atomic

    write_bytes_atomic(output, data, force=force)


def _resolve_actors(dataset: "Dataset", names: list[str] | None) -> set[str]:
    from sahelcli.query.names import resolve_actor_ids

    return resolve_actor_ids(dataset.actors, names)


def _check_tags(dataset: "Dataset", tags: list[str] | None) -> set[str]:
    from sahelcli.query.names import require_known_tags

    def known() -> set[str]:
        return {t for e in dataset.events for t in e.tags} | {
            t for d in dataset.deadlines for t in d.tags
        }

    return require_known_tags(tags, known, "event or deadline")


def _select_deadlines(
    deadlines: Iterable["Deadline"],
    now: dt.datetime,
    *,
    since: dt.datetime | None,
    until: dt.datetime | None,
    actors: set[str],
    tags: set[str],
    search: str | None,
) -> list["Deadline"]:
    """Deadlines issued by ``now`` whose expiry falls in [since, until], soonest first."""
    from sahelcli.model import search_texts
    from sahelcli.query.replay import issued_by
    from sahelcli.query.text import contains, fold

    needle = fold(search) if search else None
    chosen = []
    for deadline in deadlines:
        if not issued_by(deadline, now):
            continue
        if since is not None and deadline.expires < since:
            continue
        if until is not None and deadline.expires > until:
            continue
        if actors and actors.isdisjoint(deadline.parties):
            continue
        if tags and tags.isdisjoint(deadline.tags):
            continue
        if needle is not None and not contains(needle, *search_texts(deadline)):
            continue
        chosen.append(deadline)
    chosen.sort(key=lambda d: (d.expires, d.id))
    return chosen


def _stamp(session: Session, dataset: "Dataset") -> dt.datetime:
    """A DTSTAMP that does not change between runs: --as-of, else meta.updated, else the
    latest date in the data."""
    if session.as_of is not None:
        return session.now
    if dataset.meta.updated is not None:
        return dt.datetime.combine(
            dataset.meta.updated.first_day(), dt.time.min, tzinfo=dt.timezone.utc
        )
    moments = [e.start for e in dataset.events] + [d.issued for d in dataset.deadlines]
    return max(moments, default=dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc))


def _progress(label: str) -> Callable[[Sequence[T]], Iterable[T]] | None:
    """A progress bar on stderr when stderr is a terminal; None (nothing shown) otherwise."""
    try:
        terminal = sys.stderr is not None and sys.stderr.isatty()
    except (ValueError, OSError):
        terminal = False
    if not terminal:
        return None

    def track(items: Sequence[T]) -> Iterable[T]:
        from rich.console import Console
        from rich.progress import track as rich_track

        console = Console(stderr=True)
        yield from rich_track(items, description=label, console=console, transient=True)

    return track


@app.command("export")
def export(
    ctx: typer.Context,
    fmt: str = typer.Argument(
        ...,
        metavar="FORMAT",
        help="ics, timelinejs, sqlite or geojson.",
        autocompletion=choices(EXPORT_FORMATS),
    ),
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        metavar="FILE",
        help="File to write (default: stdout; required for sqlite).",
    ),
    force: Force = False,
    since: Since = None,
    until: Until = None,
    actor: Actors = None,
    tag: Tags = None,
    search: Search = None,
    events: bool = typer.Option(
        False, "--events", help="ics: add dated events as all-day entries."
    ),
) -> None:
    """Export to a calendar (ics), a TimelineJS3 document (timelinejs), SQLite (sqlite) or a
    GeoJSON map layer (geojson).

    ics holds every deadline at its expiry (UTC) with a reminder a day before; timelinejs
    the events, and the deadlines as eras (issue to expiry); geojson the events that have
    coordinates, as points (RFC 7946). All three honour --as-of and the timeline filters.
    sqlite writes the whole dataset (as known at --as-of, if given) to the file -o names.
    """
    kind = choose(fmt, EXPORT_FORMATS, "export format")
    if events and kind != "ics":
        raise UsageError("--events applies to the ics export only")
    output = file_target(output, force=force)  # fail before any work
    session = session_of(ctx)
    if kind == "sqlite":
        _export_sqlite(session, output, force=force, filters=(since, until, actor, tag, search))
        return
    dataset = session.dataset
    now = session.now
    since_at = session.parse_instant(since, "--since", date_means="start") if since else None
    until_at = session.parse_instant(until, "--until", date_means="end") if until else None
    actor_ids = _resolve_actors(dataset, actor)
    tags = _check_tags(dataset, tag)
    chosen_events = _events(dataset, now, since_at, until_at, actor_ids, tags, search)
    deadlines = _select_deadlines(
        dataset.deadlines,
        now,
        since=since_at,
        until=until_at,
        actors=actor_ids,
        tags=tags,
        search=search,
    )
    if kind == "ics":
        from sahelcli.exports.ics import to_ics

        text = to_ics(
            deadlines,
            chosen_events if events else [],
            dataset.actor_map(),
            stamp=_stamp(session, dataset),
            now=now,
            title=dataset.meta.title,
        )
    elif kind == "geojson":
        from sahelcli.exports import geojson

        layer = geojson.to_geojson(chosen_events, dataset.actor_map(), title=dataset.meta.title)
        text = geojson.dumps(layer)
    else:
        from sahelcli.exports.timelinejs import dumps, to_timelinejs

        text = dumps(
            to_timelinejs(
                chosen_events,
                dataset.actor_map(),
                zone_name=dataset.meta.timezone,
                title=dataset.meta.title,
                description=dataset.meta.description,
                as_of=now if session.as_of is not None else None,
                deadlines=deadlines,
            )
        )
    _write(session, output, text.encode("utf-8"), force=force)


def _events(
    dataset: "Dataset",
    now: dt.datetime,
    since: dt.datetime | None,
    until: dt.datetime | None,
    actors: set[str],
    tags: set[str],
    search: str | None,
) -> list["Event"]:
    from sahelcli.query.text import fold
    from sahelcli.query.timeline import EventQuery, timeline

    query = EventQuery(
        as_of=now,
        since=since,
        until=until,
        actors=actors,
        tags=tags,
        text=fold(search) if search else None,
    )
    return timeline(dataset.events, query)


def _export_sqlite(
    session: Session,
    output: Path | None,
    *,
    force: bool,
    filters: tuple[object, ...],
) -> None:
    if output is None:
        raise UsageError(
            "a SQLite database cannot be written to standard output",
            hint="name the file: sahel export sqlite -o sahel.db",
        )
    if any(f for f in filters):
        raise UsageError(
            "--since, --until, --actor, --tag and --search do not apply to sqlite "
            "(it holds the whole dataset)",
            hint="filter in SQL, e.g. with Datasette",
        )
    from sahelcli.exports.sqlite import write_database

    dataset = session.dataset  # as known at --as-of, if given
    write_database(dataset, output, force=force)


@app.command("import")
def import_(
    ctx: typer.Context,
    source: str = typer.Argument(
        ..., metavar="SOURCE", help="acled.", autocompletion=choices(IMPORT_SOURCES)
    ),
    path: Path = typer.Argument(..., metavar="FILE", help="The file to convert (CSV)."),
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        metavar="FILE",
        help="Dataset file to write (.yaml; default: stdout).",
    ),
    force: Force = False,
    skip_bad: bool = typer.Option(
        False, "--skip-bad", help="Skip rows that cannot be imported (listed on stderr)."
    ),
) -> None:
    """Convert another source's export into a sahel dataset file (see README: Import).

    acled: an ACLED CSV export. Every row becomes an event (id acled-<event_id_cnty>), every
    actor named an actor (id acled-<name>), every cited outlet a source. Bad rows are listed
    as FILE:LINE: problem; nothing is written unless --skip-bad. Use the result alone or
    beside other files in a --data folder.
    """
    choose(source, IMPORT_SOURCES, "import source")
    output = file_target(output, force=force)
    from sahelcli.importers.acled import import_acled, to_yaml
    from sahelcli.load import SourceDoc
    from sahelcli.validate import validate_documents

    if path.is_dir():
        raise UsageError(f"{path} is a folder", hint="give the CSV file")
    result = import_acled(
        path, name=str(path), skip_bad=skip_bad, track=_progress("Importing ACLED rows")
    )
    for problem in result.problems:
        print(f"{clean_line(problem.format())} (skipped)", file=sys.stderr)
    if result.problems:
        count = len(result.problems)
        print(
            f"sahel: skipped {count} bad row{'s' if count != 1 else ''} of {result.rows}",
            file=sys.stderr,
        )
    text = to_yaml(result, path.name)
    name = str(output) if output is not None else "<stdout>"
    # Safety net: what is written must validate as a sahel dataset (the YAML writer is
    # round-tripped in the tests, so the data itself is checked, without a re-parse).
    validate_documents([SourceDoc(name, Path(name), text, result.document)])
    _write(session_of(ctx), output, text.encode("utf-8"), force=force)
    if _progress("") is not None:  # a terminal: say what was done
        print(
            f"sahel: imported {result.events} events and {result.actors} actors"
            + (f" to {output}" if name != "<stdout>" else ""),
            file=sys.stderr,
        )
