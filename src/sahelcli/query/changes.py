"""What the dataset learned in a window of days: records added or revised (their provenance),
as opposed to what happened then (their ``date``)."""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from sahelcli.model import Dataset, PartialDate

KIND_ORDER = ("event", "claim", "deadline", "actor")


class Change(NamedTuple):
    kind: str  # event | claim | deadline | actor
    id: str
    change: str  # new | revised
    on: PartialDate  # the day it was added or revised
    date: str | None  # the record's own date (ISO), where it has one
    text: str  # its title, text or name


def _text(record: Any) -> str:
    for name in ("title", "text", "name", "demand"):
        value = getattr(record, name, None)
        if value:
            return str(value)
    return str(record.id)


def _date(record: Any) -> str | None:
    date = getattr(record, "date", None)
    if date is not None:
        return str(date.iso())
    expires = getattr(record, "expires", None)
    return expires.date().isoformat() if expires is not None else None


def _within(day: PartialDate, since: dt.date, until: dt.date | None) -> bool:
    return day.last_day() >= since and (until is None or day.first_day() <= until)


def changes(dataset: Dataset, since: dt.date, until: dt.date | None = None) -> list[Change]:
    """Records added (``new``) or else revised in [since, until], by kind, newest first."""
    kinds: dict[str, tuple[Any, ...]] = {
        "event": dataset.events,
        "claim": dataset.claims,
        "deadline": dataset.deadlines,
        "actor": dataset.actors,
    }
    found: list[Change] = []
    for kind in KIND_ORDER:
        for record in kinds[kind]:
            if record.added is not None and _within(record.added, since, until):
                change, on = "new", record.added
            elif record.revised is not None and _within(record.revised, since, until):
                change, on = "revised", record.revised
            else:
                continue
            found.append(Change(kind, record.id, change, on, _date(record), _text(record)))
    found.sort(key=lambda c: (c.date or "", c.id), reverse=True)  # newest record first...
    found.sort(key=lambda c: (KIND_ORDER.index(c.kind), -c.on.last_day().toordinal()))  # stable
    return found
