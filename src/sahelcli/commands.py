"""The subcommands. Each one: resolve names, call one query function, emit one document."""

import sys
from collections.abc import Callable
from pathlib import Path

import typer

from sahelcli import completion
from sahelcli.errors import NotFound, UsageError
from sahelcli.options import Actors, Search, Since, Tags, Until
from sahelcli.session import Session

GetSession = Callable[[typer.Context], Session]

#: Events a timeline draws on a terminal unless --all or --limit says otherwise.
SCREENFUL = 20


def _actor_ids(session: Session, names: list[str] | None) -> set[str]:
    from sahelcli.query.names import resolve_actor_ids

    return resolve_actor_ids(session.store.actors(), names)


def _check_tags(session: Session, tags: list[str] | None) -> set[str]:
    from sahelcli.query.names import require_known_tags

    return require_known_tags(tags, session.store.tags)


def register(app: typer.Typer, get: GetSession) -> None:
    @app.command()
    def validate(
        ctx: typer.Context,
        path: Path | None = typer.Argument(
            None, help="Dataset file or folder (default: --data, SAHEL_DATA or the bundled one)."
        ),
    ) -> None:
        """Check a dataset and print a summary, or every problem found (exit 3)."""
        from sahelcli.validate import load_dataset

        session = get(ctx)
        target = path or session.dataset_path()
        dataset = load_dataset(target)
        counts = dataset.counts()
        summary = ", ".join(f"{n} {k}" for k, n in counts.items())
        files = len(dataset.files)
        print(f"{target}: valid ({summary}; {files} file{'s' if files != 1 else ''})")

    @app.command()
    def timeline(
        ctx: typer.Context,
        since: Since = None,
        until: Until = None,
        actor: Actors = None,
        tag: Tags = None,
        search: Search = None,
        limit: int | None = typer.Option(
            None, "--limit", "-n", min=1, metavar="N", help="At most N events."
        ),
        all_events: bool = typer.Option(
            False, "--all", help=f"On a terminal, every event (default: the latest {SCREENFUL})."
        ),
        reverse: bool = typer.Option(False, "--reverse", "-r", help="Newest first."),
        sources: bool = typer.Option(False, "--sources", help="Add a column with the sources."),
    ) -> None:
        """Events in date order, filtered."""
        from sahelcli.query.text import fold
        from sahelcli.query.timeline import TimelineFilter
        from sahelcli.query.timeline import timeline as run
        from sahelcli.store import EventQuery
        from sahelcli.views import timeline_table

        session = get(ctx)
        # On a terminal, a screenful (the latest events) unless --all or --limit: drawing costs
        # ~0.4 ms a row. Pipes and files always get everything asked for.
        screenful = limit is None and not all_events and session.draws_on_terminal()
        query = TimelineFilter(
            as_of=session.now,
            since=session.parse_instant(since, "--since", date_means="start") if since else None,
            until=session.parse_instant(until, "--until", date_means="end") if until else None,
            actors=_actor_ids(session, actor),
            tags=_check_tags(session, tag),
            search=search,
            limit=SCREENFUL + 1 if screenful else limit,
            reverse=reverse or screenful,
        )
        if query.since and query.until and query.since > query.until:
            raise UsageError("--since is after --until", hint="swap them")
        if search is not None and not search.strip():
            raise UsageError("--search: the text is empty")
        narrow = EventQuery(
            as_of=query.as_of,
            since=query.since,
            until=query.until,
            actors=query.actors,
            tags=query.tags,
            text=fold(search) if search else None,
            limit=query.limit,
            reverse=query.reverse,
        )
        dataset = session.subset(events=narrow)
        events = run(dataset.events, query, dataset.meta.timezone)
        title = None
        if screenful:
            if len(events) > SCREENFUL:
                events = events[:SCREENFUL]
                title = f"The latest {SCREENFUL} events (--all for every one, --limit N to choose)"
            if not reverse:
                events.reverse()  # back to oldest first
        table = timeline_table(events, dataset.actor_map(), sources=sources)
        table.title = title
        session.emit(table)

    @app.command()
    def actors(ctx: typer.Context) -> None:
        """Every actor with kind, country and how many events and claims involve them."""
        from sahelcli.query.actors import actor_list
        from sahelcli.views import actors_table

        session = get(ctx)
        session.emit(actors_table(actor_list(session.dataset, session.now)))

    @app.command()
    def actor(
        ctx: typer.Context,
        name: str = typer.Argument(
            ...,
            help="Id, name or alias (any case, accents, prefix).",
            autocompletion=completion.actor_names,
        ),
        limit: int = typer.Option(10, "--limit", "-n", min=1, metavar="N", help="Events to show."),
        all_events: bool = typer.Option(False, "--all", help="Show every event."),
    ) -> None:
        """One actor's profile: role, affiliations, events, claims by and about, deadlines."""
        from sahelcli.query.actors import profile
        from sahelcli.query.names import resolve_actor
        from sahelcli.store import EventQuery, RecordQuery
        from sahelcli.views import profile_detail

        session = get(ctx)
        found = resolve_actor(session.store.actors(), name)
        dataset = session.subset(
            events=EventQuery(as_of=session.now, actors={found.id}),
            claims=RecordQuery(actor=found.id),
            deadlines=RecordQuery(actor=found.id),
        )
        result = profile(dataset, found, session.now)
        session.emit(
            profile_detail(result, dataset.actor_map(), limit=None if all_events else limit)
        )

    @app.command()
    def claims(
        ctx: typer.Context,
        by: list[str] | None = typer.Option(
            None,
            "--by",
            metavar="NAME",
            help="Made by this actor.",
            autocompletion=completion.actor_names,
        ),
        about: list[str] | None = typer.Option(
            None,
            "--about",
            metavar="NAME",
            help="About this actor.",
            autocompletion=completion.actor_names,
        ),
        status: list[str] | None = typer.Option(
            None,
            "--status",
            metavar="STATUS",
            help="unverified, corroborated, disputed or refuted (repeatable).",
        ),
        min_grade: str | None = typer.Option(
            None,
            "--min-grade",
            metavar="GRADE",
            help="Admiralty grade at least this good, e.g. B2.",
        ),
    ) -> None:
        """Claims with who made them, about whom, their status and source."""
        import re

        from sahelcli.model import CLAIM_STATUSES, GRADE_PATTERN
        from sahelcli.query.claims import claims as run
        from sahelcli.suggest import did_you_mean
        from sahelcli.views import claims_table

        for value in status or []:
            if value not in CLAIM_STATUSES:
                raise UsageError(
                    f"--status: {value!r} is not a claim status",
                    hint=did_you_mean(value, CLAIM_STATUSES) or ", ".join(CLAIM_STATUSES),
                )
        if min_grade is not None:
            min_grade = min_grade.upper()
            if not re.match(GRADE_PATTERN, min_grade):
                raise UsageError(
                    f"--min-grade: {min_grade!r} is not an Admiralty grade",
                    hint="reliability A-F then credibility 1-6, e.g. B2",
                )
        session = get(ctx)
        dataset = session.subset(claims=None)
        found = run(
            dataset.claims,
            as_of=session.now,
            by=_actor_ids(session, by),
            about=_actor_ids(session, about),
            statuses=set(status or []),
            min_grade=min_grade,
        )
        session.emit(claims_table(found, dataset.actor_map()))

    @app.command()
    def deadlines(ctx: typer.Context) -> None:
        """Every ultimatum and deadline with its status and time left (or since expiry)."""
        from sahelcli.query.deadlines import known_deadlines
        from sahelcli.views import deadlines_table

        session = get(ctx)
        dataset = session.subset(deadlines=None)
        states = known_deadlines(dataset.deadlines, session.now)
        session.emit(deadlines_table(states, dataset.actor_map()))

    @app.command()
    def deadline(
        ctx: typer.Context,
        name: str = typer.Argument(
            ...,
            help="Deadline id, or its issuer or target.",
            autocompletion=completion.deadline_names,
        ),
        watch: bool = typer.Option(
            False, "--watch", "-w", help="Live countdown on a terminal until expiry or Ctrl-C."
        ),
    ) -> None:
        """One deadline in full, with a countdown at --as-of (default now)."""
        from sahelcli.query.deadlines import select
        from sahelcli.views import deadline_detail

        session = get(ctx)
        dataset = session.subset(deadlines=None)
        chosen, others = select(dataset.deadlines, dataset.actors, name, session.now)
        actor_map = dataset.actor_map()
        if watch and session.is_terminal() and chosen.status == "open":
            from sahelcli.live import watch_countdown

            watch_countdown(session, chosen, others, actor_map)
            return
        session.emit(deadline_detail(chosen, others, actor_map))

    @app.command()
    def search(
        ctx: typer.Context,
        text: str = typer.Argument(..., help="Text to find (any case, accents ignored)."),
    ) -> None:
        """Find text across events, actors, claims and deadlines (exit 1 when nothing matches)."""
        from sahelcli.query.search import search as run
        from sahelcli.query.text import fold
        from sahelcli.store import EventQuery, RecordQuery
        from sahelcli.views import search_table

        if not text.strip():
            raise UsageError("the search text is empty", hint="sahel search TEXT")
        session = get(ctx)
        folded = fold(text)
        dataset = session.subset(
            events=EventQuery(as_of=session.now, text=folded),
            claims=RecordQuery(text=folded),
            deadlines=RecordQuery(text=folded),
        )
        hits = run(dataset, text, session.now)
        if not hits:
            raise NotFound(f"nothing matches {text!r}")
        session.emit(search_table(hits))

    @app.command()
    def brief(
        ctx: typer.Context,
        days: int = typer.Option(
            30, "--days", min=1, metavar="N", help="Window of recent events, in days."
        ),
        top: int = typer.Option(
            5, "--top", min=1, metavar="N", help="How many most active actors."
        ),
    ) -> None:
        """A one-page situation brief at --as-of (use -f md for a report)."""
        from sahelcli.query.brief import brief as run
        from sahelcli.views import brief_detail

        session = get(ctx)
        dataset = session.dataset
        result = run(dataset, session.now, days=days, top=top)
        title = f"Situation brief: {dataset.meta.title or 'sahel dataset'}"
        session.emit(brief_detail(result, dataset.actor_map(), title, dataset.meta.timezone))

    @app.command()
    def tags(ctx: typer.Context) -> None:
        """Every tag used by events, with how many events carry it."""
        from collections import Counter

        from sahelcli.render import Column, Table

        session = get(ctx)
        counts = Counter(t for e in session.dataset.events for t in e.tags)
        rows = [{"tag": t, "events": n} for t, n in sorted(counts.items())]
        session.emit(
            Table("tags", [Column("tag", "Tag"), Column("events", "Events", "number")], rows)
        )

    @app.command()
    def schema(ctx: typer.Context) -> None:
        """Print the JSON Schema of the dataset format (for editors)."""
        import json

        from sahelcli.schema import dataset_schema

        sys.stdout.write(json.dumps(dataset_schema(), indent=2) + "\n")

    cache_app = typer.Typer(help="Show or remove the compiled index (the cache).")
    app.add_typer(cache_app, name="cache")

    @cache_app.command("info")
    def cache_info(ctx: typer.Context) -> None:
        """Where the index lives, and each cache file with its size."""
        from sahelcli.index import cache_dir, cache_files
        from sahelcli.render import Column, Table

        session = get(ctx)
        rows = [
            {"path": str(p), "bytes": p.stat().st_size, "modified": _mtime(p)}
            for p in cache_files()
        ]
        print(f"cache folder: {cache_dir()}", file=sys.stderr)
        session.emit(
            Table(
                "index_files",
                [
                    Column("path", "Path"),
                    Column("bytes", "Bytes", "number"),
                    Column("modified", "Modified"),
                ],
                rows,
                empty="no cache files",
            )
        )

    @cache_app.command("clear")
    def cache_clear(ctx: typer.Context) -> None:
        """Remove every index file and hash stamp (rebuilt on the next query)."""
        from sahelcli.index import cache_files

        removed = 0
        for path in cache_files():
            path.unlink(missing_ok=True)
            removed += 1
        print(f"removed {removed} cache file{'s' if removed != 1 else ''}", file=sys.stderr)


def _mtime(path: Path) -> str:
    import datetime as dt

    moment = dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.timezone.utc)
    return moment.isoformat(timespec="seconds")
