"""Actors: the list with activity counts, and one actor's profile."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import NamedTuple

from sahelcli.model import Actor, Claim, Dataset, Event
from sahelcli.query.deadlines import DeadlineState, known_deadlines
from sahelcli.query.replay import visible
from sahelcli.query.timeline import sort_key


class ActorSummary(NamedTuple):
    actor: Actor
    events: int
    claims: int


class Profile(NamedTuple):
    actor: Actor
    member_of: list[Actor]  # actors this one lists in its affiliations
    members: list[Actor]  # actors that list this one
    events: list[Event]  # newest first
    claims_by: list[Claim]
    claims_about: list[Claim]
    deadlines: list[DeadlineState]


def activity(dataset: Dataset, as_of: dt.datetime | None) -> tuple[Counter[str], Counter[str]]:
    """How many visible events and claims (by or about) involve each actor."""
    events: Counter[str] = Counter()
    claims: Counter[str] = Counter()
    for event in dataset.events:
        if visible(event.end, as_of):
            events.update(set(event.actors))
    for claim in dataset.claims:
        if visible(claim.end, as_of):
            claims.update(set(claim.parties))
    return events, claims


def actor_list(dataset: Dataset, as_of: dt.datetime | None) -> list[ActorSummary]:
    events, claims = activity(dataset, as_of)
    rows = [ActorSummary(a, events[a.id], claims[a.id]) for a in dataset.actors]
    rows.sort(key=lambda r: r.actor.id)
    return rows


def most_active(dataset: Dataset, as_of: dt.datetime | None, top: int) -> list[ActorSummary]:
    rows = actor_list(dataset, as_of)
    rows.sort(key=lambda r: (-(r.events + r.claims), r.actor.id))
    return [r for r in rows if r.events + r.claims][:top]


def profile(dataset: Dataset, actor: Actor, now: dt.datetime) -> Profile:
    by_id = dataset.actor_map()
    events = [e for e in dataset.events if actor.id in e.actors and visible(e.end, now)]
    events.sort(key=sort_key)
    events.reverse()  # newest first
    claims = [c for c in dataset.claims if visible(c.end, now)]
    claims.sort(key=lambda c: (c.start, c.id), reverse=True)
    return Profile(
        actor=actor,
        member_of=[by_id[a.actor] for a in actor.affiliations if a.actor in by_id],
        members=sorted(
            (a for a in dataset.actors if actor.id in {x.actor for x in a.affiliations}),
            key=lambda a: a.id,
        ),
        events=events,
        claims_by=[c for c in claims if actor.id in (c.claimant, *c.co_claimants)],
        claims_about=[c for c in claims if actor.id in c.about],
        deadlines=[
            s
            for s in known_deadlines(dataset.deadlines, now)
            if actor.id in (s.deadline.issuer, s.deadline.target)
        ],
    )
