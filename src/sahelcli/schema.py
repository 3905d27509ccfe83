"""JSON Schema of the dataset format, generated from the record specs in model.py.

``docs/dataset.schema.json`` is this output (``sahel schema``); a test keeps the two in sync.
"""

from __future__ import annotations

from typing import Any

from sahelcli.model import (
    GRADE_PATTERN,
    SECTIONS,
    SLUG_PATTERN,
    Affiliation,
    Meta,
    Outcome,
    Role,
    Source,
    Spec,
    yaml_fields,
)

_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
_INSTANT = r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$"
_TIME = r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?(Z|[+-]\d{2}:?\d{2})?$"


def _kind_schema(spec: Spec) -> dict[str, Any]:
    kind = spec.kind
    slug = {"type": "string", "pattern": SLUG_PATTERN}
    simple: dict[str, dict[str, Any]] = {
        "id": slug,
        "actor-ref": slug,
        "event-ref": slug,
        "actor-refs": {"type": "array", "items": slug},
        "tags": {"type": "array", "items": slug},
        "text": {"type": "string", "minLength": 1},
        "strings": {"type": "array", "items": {"type": "string", "minLength": 1}},
        "date": {"type": "string", "pattern": _DATE},
        "time": {"type": "string", "pattern": _TIME},
        "instant": {"type": "string", "pattern": _INSTANT},
        "zone": {"type": "string", "minLength": 1},
        "url": {"type": "string", "pattern": r"^https?://\S+$"},
        "country": {"type": "string", "pattern": "^[A-Z]{2}$"},
        "grade": {"type": "string", "pattern": GRADE_PATTERN},
        "count": {"type": "integer", "minimum": 0},
        "latitude": {"type": "number", "minimum": -90, "maximum": 90},
        "longitude": {"type": "number", "minimum": -180, "maximum": 180},
        "sources": {"type": "array", "items": {"$ref": "#/$defs/source"}},
        "outcome": {"$ref": "#/$defs/outcome"},
        "roles": {"type": "array", "items": {"$ref": "#/$defs/role"}},
        "affiliations": {
            "type": "array",
            "items": {"oneOf": [slug, {"$ref": "#/$defs/affiliation"}]},
        },
    }
    if kind == "enum":
        return {"type": "string", "enum": list(spec.choices)}
    out = dict(simple[kind])
    if kind == "sources" and spec.required:
        out["minItems"] = 1
    return out


def record_schema(cls: type) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    required: list[str] = []
    for name, spec in yaml_fields(cls):
        prop = _kind_schema(spec)
        if spec.doc:
            prop["description"] = spec.doc
        properties[name] = prop
        if spec.required:
            required.append(name)
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        schema["required"] = required
    return schema


def dataset_schema() -> dict[str, Any]:
    defs = {name[:-1]: record_schema(cls) for name, cls in SECTIONS.items()}
    defs["source"] = record_schema(Source)
    defs["outcome"] = record_schema(Outcome)
    defs["role"] = record_schema(Role)
    defs["affiliation"] = record_schema(Affiliation)
    defs["meta"] = record_schema(Meta)
    properties: dict[str, Any] = {"meta": {"$ref": "#/$defs/meta"}}
    for name in SECTIONS:
        properties[name] = {"type": "array", "items": {"$ref": f"#/$defs/{name[:-1]}"}}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://github.com/sahel-cli/sahel/schema/dataset.schema.json",
        "title": "sahel dataset",
        "description": "Events, actors, claims and deadlines of a crisis chronology (YAML).",
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
        "$defs": defs,
    }
