"""Ultimatums and deadlines: status and countdown at any instant."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from sahelcli.dates import elapsed, human_instant
from sahelcli.errors import NotFound
from sahelcli.model import Actor, Deadline
from sahelcli.query.names import closest, match
from sahelcli.query.replay import issued_by, outcome_known
from sahelcli.query.text import name_key


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


def deadline_names(deadline: Deadline) -> list[str]:
    """Id, title, and every run of the title's words (`ultimatum`, `one-week ultimatum`)."""
    words = name_key(deadline.title).split() if deadline.title else []
    return [deadline.id, *([deadline.title] if deadline.title else [])] + [
        " ".join(words[i:]) for i in range(1, len(words))
    ]


def matching(records: Sequence[Deadline], actors: Sequence[Actor], query: str) -> list[Deadline]:
    """Deadlines ``query`` names by id, title or title words, or by issuer or target."""
    by_name, _ = match(query, records, deadline_names)
    named = {d.id for d in by_name}
    actor_hits, _ = match(query, actors, lambda a: [a.id, a.name, *a.aliases])
    actor_ids = {a.id for a in actor_hits}
    return [d for d in records if d.id in named or d.issuer in actor_ids or d.target in actor_ids]


def select(
    records: Sequence[Deadline], actors: Sequence[Actor], query: str, now: dt.datetime
) -> tuple[DeadlineState, list[DeadlineState]]:
    """The deadline ``query`` names (id, title words, issuer or target) and the others that
    also matched, as known at ``now``.

    Of several matches, the open one expiring first is chosen; when none is open, the one
    that expired most recently. A name that matches only deadlines issued after ``now`` is
    reported as such (with the first issue date), not as unknown.
    """
    found = matching(records, actors, query)
    hits = [state_at(d, now) for d in found if issued_by(d, now)]
    if not hits:
        later = sorted((d for d in found if not issued_by(d, now)), key=lambda d: d.issued)
        if later:
            first = later[0]
            raise NotFound(
                f"no deadline matching {query!r} was known at {human_instant(now, first.timezone)}",
                hint=f"the first, {first.id!r}, was issued "
                f"{human_instant(first.issued, first.timezone)}",
            )
        words = {
            w
            for d in records
            for w in [*name_key(d.title or "").split(), *d.id.split("-")]
            if len(w) > 2
        }
        suggestions = closest(query, [*(d.id for d in records), *sorted(words)])
        hint = (
            "did you mean " + " or ".join(repr(s) for s in suggestions) + "?"
            if suggestions
            else None
        )
        raise NotFound(f"no deadline matches {query!r}", hint=hint, topic="deadline")
    hits.sort(key=lambda s: (s.deadline.expires, s.deadline.id))
    open_ones = [s for s in hits if s.status == "open"]
    if open_ones:
        best = min(open_ones, key=lambda s: s.deadline.expires)
    else:
        best = max(hits, key=lambda s: s.deadline.expires)
    return best, [s for s in hits if s is not best]
