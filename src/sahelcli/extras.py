"""The fields an output does not place by hand reach it anyway, in a plain generic form.

Each output that chooses its fields (the SQLite, calendar, TimelineJS and GeoJSON exports,
the cards of ``sahel show``, the timeline list) names the fields it places itself and the
ones it leaves out on purpose. Every other field of a record comes through here: a labelled
line in a description, a property, a column. So a field declared in model.py reaches every
output with no other change, and tests/test_field_reach.py proves it by adding a field to a
copy of the model.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from typing import Any

from sahelcli.model import YamlField, yaml_fields

#: SQLite column types by Spec kind (everything else is TEXT).
SQL_TYPES = {"count": "INTEGER", "latitude": "REAL", "longitude": "REAL"}
#: Spec kinds whose values are lists of plain strings (a link table in SQLite).
LIST_KINDS = ("strings", "tags", "actor-refs")


def placed_fields(
    used: Mapping[str, set[str]], left_out: Mapping[str, set[str]]
) -> dict[str, frozenset[str]]:
    """Per record kind, the fields an export places by hand or leaves out on purpose (its
    FIELDS_USED and FIELDS_LEFT_OUT): every other field reaches it through this module."""
    return {kind: frozenset(used[kind] | left_out[kind]) for kind in used}


def other_fields(cls: type, placed: Collection[str]) -> list[YamlField]:
    """The YAML fields of ``cls`` not in ``placed`` (placed by hand, or left out)."""
    return [f for f in yaml_fields(cls) if f.name not in placed]


def other_values(record: Any, placed: Collection[str]) -> list[tuple[str, Any]]:
    """``(name, JSON value)`` of each set field of ``record`` not in ``placed``."""
    from sahelcli.serialize import to_json

    found = []
    for field in other_fields(type(record), placed):
        value = getattr(record, field.name)
        if value is None or value == ():
            continue
        found.append((field.name, to_json(value)))
    return found


def label(name: str) -> str:
    """``location_precision`` -> ``Location precision``."""
    return name.replace("_", " ").capitalize()


def as_text(value: Any) -> str:
    """A JSON value as one line of text: lists joined with "; ", objects as JSON."""
    if isinstance(value, list):
        return "; ".join(as_text(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def text_lines(record: Any, placed: Collection[str]) -> list[str]:
    """``Label: value`` for each other set field (for descriptions and cards)."""
    return [f"{label(name)}: {as_text(value)}" for name, value in other_values(record, placed)]
