"""Records as JSON-ready dicts with the dataset's own field names (the stable JSON interface).

Dates are ISO 8601 at their precision (``2023``, ``2023-07``, ``2023-07-26``); instants are
ISO 8601 with their offset. Absent optional fields are left out. ``record_from_json`` is the
inverse (used by the index cache).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from sahelcli.model import PartialDate


def to_json(value: Any) -> Any:
    if isinstance(value, PartialDate):
        return value.iso()
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        for field in dataclasses.fields(value):
            if "spec" not in field.metadata:
                continue  # derived, not part of the format
            item = getattr(value, field.name)
            if item is None or item == ():
                continue
            out[field.name] = to_json(item)
        return out
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    return value
