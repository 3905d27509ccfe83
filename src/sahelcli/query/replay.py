"""The replay rules, held once: what was known at an instant.

``--as-of`` promises that no hindsight leaks in. Every view of the data (queries, search,
exports, the index's answers) applies these rules through ``as_of_view``, which the session
applies where a run's dataset is built, so no command can forget one.

- An event or claim is known once the whole period its date covers has passed: replaying
  3 August at noon shows nothing dated "August 2023" or "3 August" without an hour.
- A deadline is known once issued; its outcome once the outcome's date has passed.
- An actor is known from its ``since`` date; its role is the latest of its dated roles begun.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sahelcli.dates import zone
from sahelcli.model import Actor, Claim, Dataset, Deadline, PartialDate

UTC = dt.timezone.utc


def visible(end: dt.datetime, as_of: dt.datetime | None) -> bool:
    """Whether a dated record whose period ends at ``end`` is known at ``as_of``."""
    return as_of is None or end <= as_of


def issued_by(deadline: Deadline, as_of: dt.datetime | None) -> bool:
    """Whether ``deadline`` had been set by ``as_of``."""
    return as_of is None or deadline.issued <= as_of


def outcome_known_from(deadline: Deadline) -> dt.datetime:
    """An outcome is known once the period its date covers has passed (as for events)."""
    assert deadline.outcome is not None
    day = deadline.outcome.date.last_day()
    return dt.datetime.combine(day, dt.time.max, tzinfo=zone(deadline.timezone))


def outcome_known(deadline: Deadline, as_of: dt.datetime | None) -> bool:
    """Whether the deadline's outcome is on record and its date has passed by ``as_of``."""
    if deadline.outcome is None:
        return False
    return as_of is None or outcome_known_from(deadline) <= as_of


def _begun(date: PartialDate | None, as_of: dt.datetime) -> bool:
    return date is None or dt.datetime.combine(date.first_day(), dt.time.min, tzinfo=UTC) <= as_of


def actor_as_of(actor: Actor, as_of: dt.datetime) -> Actor | None:
    """The actor as known at ``as_of``: None before its ``since`` date; its affiliations those
    in force then; its roles cut to those begun by then, and its one-line ``role`` replaced by
    the latest of them (no hindsight: Tiani in early July 2023 is the guard's commander, not
    the junta's head)."""
    if not _begun(actor.since, as_of):
        return None
    affiliations = tuple(
        a
        for a in actor.affiliations
        if _begun(a.since, as_of) and (a.until is None or not _ended(a.until, as_of))
    )
    if affiliations != actor.affiliations:
        actor = actor._replace(affiliations=affiliations)
    if not actor.roles:
        return actor
    roles = tuple(r for r in actor.roles if _begun(r.since, as_of))
    current = [r for r in roles if r.until is None or not _ended(r.until, as_of)]
    latest = current[-1] if current else None
    return actor._replace(roles=roles, role=latest.text if latest else None)


def _ended(date: PartialDate, as_of: dt.datetime) -> bool:
    end = dt.datetime.combine(date.last_day(), dt.time.max, tzinfo=UTC)
    return end < as_of


def as_of_view(
    dataset: Dataset, as_of: dt.datetime, other_event_ends: Mapping[str, dt.datetime] = {}
) -> Dataset:
    """The dataset as it stood at ``as_of``: unknown records dropped, unknown outcomes and
    references to hidden events cleared. A dataset that holds only some events (a store's
    subset) passes the ends of the other events its claims refer to in ``other_event_ends``."""
    events = tuple(e for e in dataset.events if visible(e.end, as_of))
    shown_events = {e.id for e in events}
    shown_events.update(i for i, end in other_event_ends.items() if visible(end, as_of))
    claims: list[Claim] = []
    for claim in dataset.claims:
        if not visible(claim.end, as_of):
            continue
        if claim.event is not None and claim.event not in shown_events:
            claim = claim._replace(event=None)
        claims.append(claim)
    deadlines: list[Deadline] = []
    for deadline in dataset.deadlines:
        if not issued_by(deadline, as_of):
            continue
        if deadline.outcome is not None and not outcome_known(deadline, as_of):
            deadline = deadline._replace(outcome=None)
        deadlines.append(deadline)
    actors = tuple(a for a in (actor_as_of(a, as_of) for a in dataset.actors) if a is not None)
    return dataset._replace(
        actors=actors, events=events, claims=tuple(claims), deadlines=tuple(deadlines)
    )
