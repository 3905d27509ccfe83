"""The records themselves: actors, one actor's profile, claims, search, tags, any one record."""

from typing import TYPE_CHECKING

import typer

from sahelcli.commands import new_app
from sahelcli.commands.common import actor_ids, session
from sahelcli.completion import actor_names, choices
from sahelcli.errors import NotFound, UsageError
from sahelcli.model import CLAIM_STATUSES

if TYPE_CHECKING:
    from sahelcli.model import Dataset
    from sahelcli.query.records import Found
    from sahelcli.render import Document
    from sahelcli.session import Session

app = new_app()

#: Events an actor's profile shows on a terminal unless --all or --limit says otherwise.
PROFILE_EVENTS = 10


@app.command()
def actors(ctx: typer.Context) -> None:
    """Every actor with kind, country and how many events and claims involve them."""
    from sahelcli.query.actors import actor_list
    from sahelcli.views import actors_table

    run = session(ctx)
    run.emit(actors_table(actor_list(run.dataset, run.now)))


@app.command()
def actor(
    ctx: typer.Context,
    name: str = typer.Argument(
        ..., help="Id, name or alias (any case, accents, prefix).", autocompletion=actor_names
    ),
    limit: int | None = typer.Option(
        None,
        "--limit",
        "-n",
        min=1,
        max=10**9,
        metavar="N",
        help=f"At most N events (default: {PROFILE_EVENTS} on a terminal, all in pipes).",
    ),
    all_events: bool = typer.Option(False, "--all", help="Show every event on a terminal."),
) -> None:
    """One actor's profile: role, affiliations, events, claims by and about, deadlines."""
    if limit is not None and all_events:
        raise UsageError(
            "--limit and --all cannot be used together",
            hint="--all shows every event, --limit N the first N",
        )
    from sahelcli.query.actors import profile
    from sahelcli.query.names import resolve_actor
    from sahelcli.query.timeline import EventQuery
    from sahelcli.store import RecordQuery
    from sahelcli.views import profile_detail

    run = session(ctx)
    found = resolve_actor(run.store.actors(), name)
    if run.as_of is not None:
        from sahelcli.dates import human_instant
        from sahelcli.query.replay import actor_as_of

        then = actor_as_of(found, run.now)
        if then is None:
            assert found.since is not None
            raise NotFound(
                f"{found.name} did not exist yet at {human_instant(run.now, 'UTC')}",
                hint=f"it dates from {found.since.human()}",
            )
        found = then
    dataset = run.subset(
        events=EventQuery(as_of=run.now, actors={found.id}),
        claims=RecordQuery(actor=found.id),
        deadlines=RecordQuery(actor=found.id),
    )
    result = profile(dataset, found, run.now)
    # Pipes and data formats get every event, as `timeline` does; a terminal a screenful.
    if limit is None and run.draws_on_terminal() and not all_events:
        limit = PROFILE_EVENTS
    run.emit(profile_detail(result, dataset.actor_map(), limit=limit))


@app.command()
def claims(
    ctx: typer.Context,
    by: list[str] | None = typer.Option(
        None,
        "--by",
        metavar="NAME",
        help="Made by this actor (alone or jointly; repeatable).",
        autocompletion=actor_names,
    ),
    about: list[str] | None = typer.Option(
        None, "--about", metavar="NAME", help="About this actor.", autocompletion=actor_names
    ),
    status: list[str] | None = typer.Option(
        None,
        "--status",
        metavar="STATUS",
        help="unverified, corroborated, disputed or refuted (repeatable).",
        autocompletion=choices(CLAIM_STATUSES),
    ),
    min_grade: str | None = typer.Option(
        None, "--min-grade", metavar="GRADE", help="Admiralty grade at least this good, e.g. B2."
    ),
) -> None:
    """Claims with who made them, about whom, their status and source."""
    import re

    from sahelcli.model import CLAIM_STATUSES, GRADE_PATTERN
    from sahelcli.query.claims import claims as run_query
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
    run = session(ctx)
    dataset = run.subset(claims=None)
    found = run_query(
        dataset.claims,
        as_of=run.now,
        by=actor_ids(run, by),
        about=actor_ids(run, about),
        statuses=set(status or []),
        min_grade=min_grade,
    )
    run.emit(claims_table(found, dataset.actor_map()), nothing_found=not found)


@app.command()
def search(
    ctx: typer.Context,
    text: str = typer.Argument(..., help="Text to find (any case, accents ignored)."),
) -> None:
    """Find text across events, actors, claims and deadlines (exit 1 when nothing matches)."""
    from sahelcli.query.search import search as run_query
    from sahelcli.query.text import fold
    from sahelcli.query.timeline import EventQuery
    from sahelcli.store import RecordQuery
    from sahelcli.views import search_table

    if not text.strip():
        raise UsageError("the search text is empty", hint="sahel search TEXT")
    run = session(ctx)
    folded = fold(text)
    dataset = run.subset(
        events=EventQuery(as_of=run.now, text=folded),
        claims=RecordQuery(text=folded),
        deadlines=RecordQuery(text=folded),
    )
    hits = run_query(dataset, text, run.now)
    if not hits:
        raise NotFound(f"nothing matches {text!r}")
    run.emit(search_table(hits))


@app.command()
def tags(ctx: typer.Context) -> None:
    """Every tag used by events, with how many events carry it."""
    from sahelcli.views import tags_table

    run = session(ctx)
    run.emit(tags_table(run.dataset.events))


@app.command()
def show(
    ctx: typer.Context,
    name: str = typer.Argument(
        ..., metavar="ID", help="A record's id or unique id prefix; an actor's or deadline's name."
    ),
    kind: str | None = typer.Option(
        None,
        "--kind",
        "-k",
        metavar="KIND",
        help="Only this kind: event, claim, deadline, actor.",
        autocompletion=choices(("event", "claim", "deadline", "actor")),
    ),
) -> None:
    """Any one record in full (event, claim, deadline or actor), with its sources and links."""
    from sahelcli.query.records import KINDS, find_record

    if kind is not None and kind not in KINDS:
        from sahelcli.suggest import did_you_mean

        raise UsageError(
            f"--kind: {kind!r} is not a record kind",
            hint=did_you_mean(kind, KINDS) or "choose one of " + ", ".join(KINDS),
        )
    run = session(ctx)
    dataset = run.dataset  # as known at --as-of
    found = find_record(dataset, name, (kind,) if kind else KINDS)
    run.emit(_card(run, dataset, found))


def _card(run: "Session", dataset: "Dataset", found: "Found") -> "Document":
    from sahelcli import views

    actor_map = dataset.actor_map()
    if found.kind == "event":
        claims = [c for c in dataset.claims if c.event == found.record.id]
        return views.event_card(found.record, claims, actor_map, dataset.meta.timezone)
    if found.kind == "claim":
        events = {e.id: e for e in dataset.events}
        event = events.get(found.record.event) if found.record.event else None
        return views.claim_card(found.record, event, actor_map)
    if found.kind == "deadline":
        from sahelcli.query.deadlines import state_at

        return views.deadline_detail(state_at(found.record, run.now), [], actor_map)
    from sahelcli.query.actors import profile

    limit = PROFILE_EVENTS if run.draws_on_terminal() else None
    return views.profile_detail(profile(dataset, found.record, run.now), actor_map, limit=limit)
