"""Claims with attribution: who says what about whom."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable

from sahelcli.model import Claim
from sahelcli.query.replay import visible


def grade_at_least(grade: str | None, minimum: str) -> bool:
    """Admiralty grades: reliability A (best) to F, credibility 1 (best) to 6, rated apart.

    ``B2`` or better means reliability A or B *and* credibility 1 or 2.
    """
    if grade is None:
        return False
    return grade[0] <= minimum[0] and grade[1] <= minimum[1]


def claims(
    records: Iterable[Claim],
    *,
    as_of: dt.datetime | None = None,
    by: Collection[str] = (),
    about: Collection[str] = (),
    statuses: Collection[str] = (),
    min_grade: str | None = None,
) -> list[Claim]:
    chosen = [
        c
        for c in records
        if visible(c.end, as_of)
        and (not by or not {c.claimant, *c.co_claimants}.isdisjoint(by))
        and (not about or not set(about).isdisjoint(c.about))
        and (not statuses or c.status in statuses)
        and (min_grade is None or grade_at_least(c.grade, min_grade))
    ]
    chosen.sort(key=lambda c: (c.start, c.id))
    return chosen
