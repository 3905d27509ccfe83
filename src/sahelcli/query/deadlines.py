"""Ultimatums and deadlines: status and countdown at any instant."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from sahelcli.dates import elapsed
from sahelcli.errors import NotFound
from sahelcli.model import Actor, Deadline
from sahelcli.query.names import closest, match
from sahelcli.query.replay import issued_by, outcome_known


class DeadlineState(NamedTuple):
    """A deadline as it stood at ``now``."""

    deadline: Deadline
    now: dt.datetime
    status: str  # open | expired | met | withdrawn
    remaining: dt.timedelta  # expires - now: positive while time is left, negative after

    @property
    def outcome_known(self) -> bool:
        return outcome_known(self.deadline, self.now)


def state_at(deadline: Deadline, now: dt.datetime) -> DeadlineState:
    """Status at ``now``: an outcome counts only once its date has come."""
    remaining = elapsed(now, deadline.expires)
    if outcome_known(deadline, now):
        assert deadline.outcome is not None
        status = deadline.outcome.status
        if status == "expired" and remaining > dt.timedelta(0):
            status = "open"  # an outcome dated on the expiry day, before the hour
    else:
        status = "open" if remaining > dt.timedelta(0) else "expired"
    return DeadlineState(deadline, now, status, remaining)


def known_deadlines(records: Iterable[Deadline], now: dt.datetime) -> list[DeadlineState]:
    """Deadlines issued by ``now``, soonest expiry first."""
    states = [state_at(d, now) for d in records if issued_by(d, now)]
    states.sort(key=lambda s: (s.deadline.expires, s.deadline.id))
    return states


def select(
    records: Sequence[Deadline], actors: Sequence[Actor], query: str, now: dt.datetime
) -> tuple[DeadlineState, list[DeadlineState]]:
    """The deadline ``query`` names (id, issuer or target) and the others that also matched.

    Of several matches, the open one expiring first is chosen; when none is open, the one
    that expired most recently.
    """
    known = known_deadlines(records, now)
    by_id, _ = match(query, [s.deadline for s in known], lambda d: [d.id, d.title or d.id])
    actor_hits, _ = match(query, actors, lambda a: [a.id, a.name, *a.aliases])
    actor_ids = {a.id for a in actor_hits}
    chosen_ids = {d.id for d in by_id}
    hits = [
        s
        for s in known
        if s.deadline.id in chosen_ids
        or s.deadline.issuer in actor_ids
        or s.deadline.target in actor_ids
    ]
    if not hits:
        names = [s.deadline.id for s in known] + [a.id for a in actors]
        suggestions = closest(query, names)
        hint = (
            "did you mean " + " or ".join(repr(s) for s in suggestions) + "?"
            if suggestions
            else None
        )
        raise NotFound(f"no deadline matches {query!r}", hint=hint or "run 'sahel deadlines'")
    open_ones = [s for s in hits if s.status == "open"]
    if open_ones:
        best = min(open_ones, key=lambda s: s.deadline.expires)
    else:
        best = max(hits, key=lambda s: s.deadline.expires)
    return best, [s for s in hits if s is not best]
