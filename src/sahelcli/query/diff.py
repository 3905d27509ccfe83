"""Field-level differences between two versions of a dataset.

Records are matched by kind and id. A record present only in the new version is "added",
only in the old one "removed", in both with different fields "changed" (with each changed
field's old and new value). A new record that says ``replaces: old-id`` is the old record renamed:
it shows as "renamed", with the id among its changed fields, instead of a removal plus an
addition.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from sahelcli.model import SECTIONS, Dataset
from sahelcli.serialize import to_json

KINDS = {"actors": "actor", "events": "event", "claims": "claim", "deadlines": "deadline"}


class FieldChange(NamedTuple):
    field: str
    old: Any  # JSON value, None when absent
    new: Any


class RecordDiff(NamedTuple):
    kind: str  # actor | event | claim | deadline
    id: str
    change: str  # added | removed | changed | renamed
    label: str  # the record's title, name or text, as it is now (or was, when removed)
    fields: tuple[FieldChange, ...] = ()


def _label(kind: str, record: dict[str, Any]) -> str:
    for key in ("title", "name", "text", "demand"):
        if record.get(key):
            return str(record[key])
    return str(record.get("id", ""))


def _records(dataset: Dataset, section: str) -> dict[str, dict[str, Any]]:
    return {r.id: to_json(r) for r in getattr(dataset, section)}


def _changed_fields(old: dict[str, Any], new: dict[str, Any]) -> tuple[FieldChange, ...]:
    """The top-level fields whose JSON values differ (a changed source list is one field)."""
    keys = list(dict.fromkeys([*old, *new]))
    return tuple(FieldChange(k, old.get(k), new.get(k)) for k in keys if old.get(k) != new.get(k))


def diff(old: Dataset, new: Dataset) -> list[RecordDiff]:
    """Every record added, removed or changed from ``old`` to ``new``, by kind then id."""
    out: list[RecordDiff] = []
    for section in SECTIONS:
        kind = KINDS[section]
        before, after = _records(old, section), _records(new, section)
        renamed = {
            r["replaces"]: r_id
            for r_id, r in after.items()
            if r.get("replaces") in before and r["replaces"] not in after
        }
        for old_id, new_id in sorted(renamed.items()):
            was = {**before.pop(old_id)}
            now = {k: v for k, v in after.pop(new_id).items() if k != "replaces"}
            fields = _changed_fields(was, now)
            out.append(RecordDiff(kind, new_id, "renamed", _label(kind, now), fields))
        for record_id in sorted(set(before) | set(after)):
            if record_id not in before:
                out.append(RecordDiff(kind, record_id, "added", _label(kind, after[record_id])))
            elif record_id not in after:
                out.append(RecordDiff(kind, record_id, "removed", _label(kind, before[record_id])))
            else:
                fields = _changed_fields(before[record_id], after[record_id])
                if fields:
                    label = _label(kind, after[record_id])
                    out.append(RecordDiff(kind, record_id, "changed", label, fields))
    return out


def meta_changes(old: Dataset, new: Dataset) -> tuple[FieldChange, ...]:
    """What changed in the ``meta`` block."""
    return _changed_fields(to_json(old.meta), to_json(new.meta))
