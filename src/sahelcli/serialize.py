"""Records as JSON-ready dicts with the dataset's own field names (the stable JSON interface).

Dates are ISO 8601 at their precision (``2023``, ``2023-07``, ``2023-07-26``); instants are
ISO 8601 with their offset. Absent optional fields are left out. ``record_from_json`` is the
inverse (used by the index cache).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sahelcli.model import Affiliation, PartialDate, is_record, yaml_fields

_SCALARS = (str, int, float, bool, type(None))
_NAMES: dict[type, tuple[str, ...]] = {}


def _yaml_names(cls: type) -> tuple[str, ...]:
    names = _NAMES.get(cls)
    if names is None:
        names = _NAMES[cls] = tuple(f.name for f in yaml_fields(cls))
    return names


def to_json(value: Any) -> Any:
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is PartialDate:
        return value.iso()
    if kind is tuple or kind is list:
        return [to_json(v) for v in value]
    if kind is dt.datetime:
        return value.isoformat()
    if kind is Affiliation and value.since is None and value.until is None:
        return value.actor  # an undated affiliation is written, and read, as a plain id
    if is_record(value):
        out: dict[str, Any] = {}
        for name in _yaml_names(kind):  # derived fields are not part of the format
            item = getattr(value, name)
            if item is None or item == ():
                continue
            out[name] = to_json(item)
        return out
    return value


_PARTIALS: dict[str, PartialDate] = {}


def _partial(text: str) -> PartialDate:
    """A stored ISO date back as a PartialDate (the same few dates recur across sources, so
    each is parsed once a run; the records are immutable, so sharing them is safe)."""
    found = _PARTIALS.get(text)
    if found is None:
        found = _PARTIALS[text] = PartialDate(*(int(p) for p in text.split("-")))
    return found


_FIELD_KINDS: dict[type, list[tuple[str, str]]] = {}


def _kinds(cls: type) -> list[tuple[str, str]]:
    kinds = _FIELD_KINDS.get(cls)
    if kinds is None:
        kinds = _FIELD_KINDS[cls] = [(f.name, f.spec.kind) for f in yaml_fields(cls)]
    return kinds


def record_from_json(cls: type, doc: dict[str, Any], **derived: Any) -> Any:
    """Rebuild a record from ``to_json`` output (trusted: written by us after validation)."""
    from sahelcli.model import Outcome, Role, Source

    values: dict[str, Any] = {}
    for name, kind in _kinds(cls):
        if name not in doc:
            continue
        value = doc[name]
        if kind == "date":
            value = _partial(value)
        elif kind == "instant":
            value = dt.datetime.fromisoformat(value)
        elif kind == "sources":
            value = tuple(record_from_json(Source, s) for s in value)
        elif kind == "outcome":
            value = record_from_json(Outcome, value)
        elif kind == "roles":
            value = tuple(record_from_json(Role, r) for r in value)
        elif kind == "affiliations":
            value = tuple(
                Affiliation(a) if isinstance(a, str) else record_from_json(Affiliation, a)
                for a in value
            )
        elif isinstance(value, list):
            value = tuple(value)
        values[name] = value
    return cls(**values, **derived)
