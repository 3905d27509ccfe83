"""Every dataset rule, checked in one pass: plain YAML data in, typed records or problems out.

The allowed fields, their types and which are required come from the ``spec`` metadata on the
records in model.py. All problems are collected before anything is reported; positions
(line:column) are looked up afterwards, only when there is something to report.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sahelcli import dates
from sahelcli.chunked import NotSplittable, RecordSlices
from sahelcli.errors import DatasetError, Problem
from sahelcli.load import PathPart, SourceDoc, compose_positions, load_documents, locate
from sahelcli.model import (
    GRADE_PATTERN,
    SECTIONS,
    SLUG_PATTERN,
    Affiliation,
    Claim,
    Dataset,
    Deadline,
    Event,
    Meta,
    Outcome,
    PartialDate,
    Role,
    Source,
    yaml_fields,
)
from sahelcli.suggest import did_you_mean

_SLUG = re.compile(SLUG_PATTERN)
_GRADE = re.compile(GRADE_PATTERN)
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_URL = re.compile(r"^https?://[^\s/?#@]+(?:[/?#]\S*)?$")
TOP_LEVEL = ("meta", *SECTIONS)
_QUOTE_HINT = "quote it: YAML 1.1 reads yes/no/on/off as booleans and 1.10 as the number 1.1"


class FieldError(ValueError):
    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


#: Problems listed (each with its line and column); any more are only counted.
MAX_PROBLEMS = 200


@dataclasses.dataclass(slots=True)
class _Pending:
    """A problem before its position is known."""

    doc: int
    parts: tuple[PathPart, ...]
    message: str
    hint: str | None
    key: bool = False


def path_text(parts: Sequence[PathPart]) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# --- converters: one per field kind -----------------------------------------------------------


def _text(value: Any) -> str:
    if type(value) is str:
        if not value or value.isspace():
            raise FieldError("is empty (expected text)")
        return value
    if value is None:
        raise FieldError("is empty (expected text)")
    if isinstance(value, (bool, int, float, dt.date)):
        raise FieldError(f"expected text, got {dates.type_name(value)}", _QUOTE_HINT)
    raise FieldError(f"expected text, got {dates.type_name(value)}")


def _id(value: Any) -> str:
    text = _text(value)
    if not _SLUG.match(text):
        raise FieldError(
            f"{text!r} is not a valid id (expected a lowercase slug like 'ecowas-ultimatum-2023')"
        )
    return text


def _strings(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise FieldError(f"expected a list of text, got {dates.type_name(value)}", "write [a, b]")
    return tuple(_text(item) for item in value)


def _tags(value: Any) -> tuple[str, ...]:
    items = _strings(value)
    for tag in items:
        if not _SLUG.match(tag):
            raise FieldError(f"tag {tag!r} is not a lowercase slug (expected e.g. 'coup')")
    return items


_DATE_CACHE: dict[Any, Any] = {}


def _date(value: Any) -> Any:
    if type(value) is dt.date and dates.MIN_YEAR <= value.year <= dates.MAX_YEAR:
        return PartialDate(value.year, value.month, value.day)
    found = _DATE_CACHE.get(value) if type(value) is str else None
    if found is not None:
        return found
    try:
        parsed = dates.parse_partial_date(value)
    except dates.DateError as exc:
        raise FieldError(str(exc)) from None
    if type(value) is str and len(_DATE_CACHE) < 100_000:
        _DATE_CACHE[value] = parsed
    return parsed


def _time(value: Any) -> str:
    try:
        dates.parse_time(value)
    except dates.DateError as exc:
        raise FieldError(str(exc), 'write it in quotes: "07:00"') from None
    return str(value).strip()


def _instant(value: Any) -> dt.datetime:
    try:
        return dates.require_aware_instant(value)
    except dates.DateError as exc:
        raise FieldError(str(exc), "e.g. 2023-08-06T23:59:00+01:00") from None


def _zone(value: Any) -> str:
    name = _text(value)
    try:
        dates.zone(name)
    except dates.DateError as exc:
        raise FieldError(str(exc)) from None
    return name


def _url(value: Any) -> str:
    text = _text(value).strip()
    if not _URL.match(text) or any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in text):
        raise FieldError(f"{text!r} is not a URL (expected http:// or https://…)")
    return text


def _country(value: Any) -> str:
    text = _text(value)
    if not _COUNTRY.match(text):
        raise FieldError(f"{text!r} is not a country code (expected ISO 3166-1 alpha-2, e.g. NE)")
    return text


def _grade(value: Any) -> str:
    text = _text(value)
    if not _GRADE.match(text):
        raise FieldError(
            f"{text!r} is not an Admiralty grade (expected reliability A-F and credibility 1-6, "
            "e.g. B2)"
        )
    return text


#: The largest count stored (SQLite's integers are 64-bit).
MAX_COUNT = 2**63 - 1


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise FieldError(f"expected a whole number >= 0, got {dates.type_name(value)}")
    if value > MAX_COUNT:
        raise FieldError(f"{len(str(value))}-digit number is too large (at most {MAX_COUNT})")
    return value


def _number_in(low: float, high: float) -> Callable[[Any], float]:
    def convert(value: Any) -> float:
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not low <= value <= high
        ):
            raise FieldError(f"expected a number from {low:g} to {high:g}, got {value!r}")
        return float(value)

    return convert


def _ref(value: Any) -> str:
    return _id(value)


def _refs(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        raise FieldError("expected a list of ids, got a single string", f"write [{value}]")
    if not isinstance(value, list):
        raise FieldError(f"expected a list of ids, got {dates.type_name(value)}")
    return tuple(_id(item) for item in value)


SCALAR_CONVERTERS: dict[str, Callable[[Any], Any]] = {
    "id": _id,
    "text": _text,
    "strings": _strings,
    "tags": _tags,
    "date": _date,
    "time": _time,
    "instant": _instant,
    "zone": _zone,
    "url": _url,
    "country": _country,
    "grade": _grade,
    "count": _count,
    "latitude": _number_in(-90, 90),
    "longitude": _number_in(-180, 180),
    "actor-ref": _ref,
    "actor-refs": _refs,
    "event-ref": _ref,
}


@dataclasses.dataclass(frozen=True, slots=True)
class _Rule:
    """How one YAML field of a record is checked (built once per record type)."""

    kind: str
    required: bool
    choices: tuple[str, ...]
    convert: Callable[[Any], Any] | None  # scalar kinds; None for enum/sources/outcome


class Validator:
    """One pass over all documents; ``pending`` holds everything found."""

    def __init__(self, docs: Sequence[SourceDoc]) -> None:
        self.docs = docs
        self.pending: list[_Pending] = []
        self.overflow = 0  # problems found beyond MAX_PROBLEMS: counted, not listed
        self.doc_index = 0
        self._rules: dict[type, tuple[dict[str, _Rule], list[str]]] = {}

    def report(
        self, parts: Sequence[PathPart], message: str, hint: str | None = None, *, key: bool = False
    ) -> None:
        if len(self.pending) >= MAX_PROBLEMS:  # a hostile file must not cost gigabytes to report
            self.overflow += 1
            return
        self.pending.append(_Pending(self.doc_index, tuple(parts), message, hint, key))

    def rules(self, cls: type) -> tuple[dict[str, _Rule], list[str]]:
        cached = self._rules.get(cls)
        if cached is None:
            rules = {}
            for name, spec in yaml_fields(cls):
                rules[name] = _Rule(
                    spec.kind, spec.required, spec.choices, SCALAR_CONVERTERS.get(spec.kind)
                )
            required = [name for name, rule in rules.items() if rule.required]
            cached = self._rules[cls] = (rules, required)
        return cached

    def build(self, cls: type, raw: Any, parts: tuple[PathPart, ...]) -> dict[str, Any] | None:
        """Check one record against ``cls``; return its converted fields, or None if unusable."""
        if type(raw) is not dict:
            self.report(parts, f"expected a mapping of fields, got {dates.type_name(raw)}")
            return None
        rules, required = self.rules(cls)
        values: dict[str, Any] = {}
        ok = True
        for key, value in raw.items():
            rule = rules.get(key) if type(key) is str else None
            if rule is None:
                self.report(
                    (*parts, str(key)),
                    f"unknown field {key!r} (expected one of: {', '.join(rules)})",
                    did_you_mean(str(key), list(rules)),
                    key=True,
                )
                ok = False
                continue
            if value is None and not rule.required:
                continue
            try:
                if rule.convert is not None:
                    values[key] = rule.convert(value)
                elif rule.kind == "sources":
                    values[key] = self.sources(value, (*parts, key), required=rule.required)
                elif rule.kind == "roles":
                    values[key] = self.roles(value, (*parts, key))
                elif rule.kind == "affiliations":
                    values[key] = self.affiliations(value, (*parts, key))
                elif rule.kind == "outcome":
                    built = self.build(Outcome, value, (*parts, key))
                    if built is None:
                        ok = False
                    else:
                        values[key] = Outcome(**built)
                else:  # enum
                    values[key] = _choice(value, rule.choices)
            except FieldError as exc:
                if not isinstance(exc, _AlreadyReported):
                    self.report((*parts, key), exc.message, exc.hint)
                ok = False
        if len(values) < len(required) or not all(name in raw for name in required):
            for name in required:
                if name not in raw:
                    hint = (
                        "add at least one source with publisher, title, date and url"
                        if rules[name].kind == "sources"
                        else None
                    )
                    self.report(parts, f"missing required field {name!r}", hint)
                    ok = False
        return values if ok else None

    def affiliations(self, value: Any, parts: tuple[PathPart, ...]) -> Any:
        if type(value) is not list:
            raise FieldError(
                f"expected a list of actor ids, got {dates.type_name(value)}",
                f"write [{value}]" if isinstance(value, str) else None,
            )
        out = []
        for index, item in enumerate(value):
            if isinstance(item, str):
                out.append(Affiliation(_id(item)))
                continue
            built = self.build(Affiliation, item, (*parts, index))
            if built is None:
                raise _AlreadyReported
            out.append(Affiliation(**built))
        return tuple(out)

    def roles(self, value: Any, parts: tuple[PathPart, ...]) -> Any:
        if type(value) is not list:
            raise FieldError(
                f"expected a list of roles, got {dates.type_name(value)}",
                "e.g. [{text: Head of the junta, since: 2023-07-28}]",
            )
        out = []
        for index, item in enumerate(value):
            built = self.build(Role, item, (*parts, index))
            if built is None:
                raise _AlreadyReported
            role = Role(**built)
            if role.since and role.until and role.since.first_day() > role.until.last_day():
                self.report((*parts, index, "until"), "is before 'since'", "check the dates")
                raise _AlreadyReported
            out.append(role)
        return tuple(out)

    def sources(self, value: Any, parts: tuple[PathPart, ...], *, required: bool) -> Any:
        if type(value) is not list:
            raise FieldError(f"expected a list of sources, got {dates.type_name(value)}")
        if required and not value:
            raise FieldError(
                "is empty (expected at least one source)",
                "add publisher, title, date and url of the page you read",
            )
        out = []
        for index, item in enumerate(value):
            built = self.build(Source, item, (*parts, index))
            if built is None:
                raise _AlreadyReported
            out.append(Source(**built))
        return tuple(out)


class _AlreadyReported(FieldError):
    def __init__(self) -> None:
        super().__init__("")


def _choice(value: Any, choices: tuple[str, ...]) -> str:
    text = _text(value)
    if text not in choices:
        raise FieldError(
            f"{text!r} is not allowed (expected one of: {', '.join(choices)})",
            did_you_mean(text, choices),
        )
    return text


def validate_documents(docs: Sequence[SourceDoc]) -> Dataset:
    """Check and merge parsed documents into a Dataset; raise DatasetError with every problem."""
    checker = Validator(docs)
    meta_values: dict[str, Any] = {}
    collected: dict[str, list[tuple[int, tuple[PathPart, ...], dict[str, Any]]]] = {
        name: [] for name in SECTIONS
    }
    for doc_index, doc in enumerate(docs):
        checker.doc_index = doc_index
        data = doc.data
        if not isinstance(data, dict):
            checker.report(
                (),
                f"the top level is {dates.type_name(data)} (expected a mapping with "
                "meta, actors, events, claims, deadlines)",
                "start the file with 'events:' and indent the list under it",
            )
            continue
        for key, value in data.items():
            if key not in TOP_LEVEL:
                checker.report(
                    (str(key),),
                    f"unknown top-level key {key!r} (expected one of: {', '.join(TOP_LEVEL)})",
                    did_you_mean(str(key), TOP_LEVEL),
                    key=True,
                )
                continue
            if key == "meta":
                built = checker.build(Meta, value, ("meta",))
                for name, field_value in (built or {}).items():
                    meta_values.setdefault(name, field_value)
                continue
            if value is None:
                continue
            if not isinstance(value, (list, RecordSlices)):
                checker.report(
                    (key,),
                    f"expected a list of records, got {dates.type_name(value)}",
                    "each record starts with '- id: …'",
                )
                continue
            cls = SECTIONS[key]
            for index, raw in enumerate(value):
                parts = (key, index)
                built = checker.build(cls, raw, parts)
                if built is not None:
                    collected[key].append((doc_index, parts, built))
    meta = Meta(**meta_values)
    dataset = _cross_check(checker, collected, meta)
    if checker.pending:
        problems = _finalise(checker.pending, docs)
        if checker.overflow:
            problems.append(
                Problem(
                    docs[0].name if docs else "",
                    "",
                    f"and {checker.overflow:,} more problems, not listed",
                    f"fix the first {MAX_PROBLEMS} and validate again",
                )
            )
        raise DatasetError(problems)
    return dataset


def _cross_check(
    checker: Validator,
    collected: dict[str, list[tuple[int, tuple[PathPart, ...], dict[str, Any]]]],
    meta: Meta,
) -> Dataset:
    """Rules across records: unique ids, references that resolve, instants in order."""
    ids: dict[str, dict[str, tuple[int, tuple[PathPart, ...]]]] = {name: {} for name in SECTIONS}
    for section, records in collected.items():
        for doc_index, parts, values in records:
            record_id = values["id"]
            first = ids[section].get(record_id)
            if first is not None:
                checker.doc_index = doc_index
                where = checker.docs[first[0]].name
                checker.report(
                    (*parts, "id"),
                    f"duplicate {section[:-1]} id {record_id!r} (first used at "
                    f"{where} {path_text(first[1])})",
                    "ids must be unique per kind across all files",
                )
            else:
                ids[section][record_id] = (doc_index, parts)
    actor_ids = list(ids["actors"])
    event_ids = list(ids["events"])
    actor_set = set(actor_ids)
    event_set = set(event_ids)

    def check_ref(doc_index: int, parts: tuple[PathPart, ...], ref: str, kind: str) -> None:
        known, pool = (actor_set, actor_ids) if kind == "actor" else (event_set, event_ids)
        if ref not in known:
            checker.doc_index = doc_index
            checker.report(parts, f"unknown {kind} id {ref!r}", did_you_mean(ref, pool))

    zone_name = meta.timezone
    built: dict[str, list[Any]] = {name: [] for name in SECTIONS}
    today = dt.date.today()
    section_ids = {
        section: {values.get("id") for _, _, values in records}
        for section, records in collected.items()
    }
    for section, records in collected.items():
        cls = SECTIONS[section]
        ref_fields = [
            (f.name, f.spec.kind)
            for f in yaml_fields(cls)
            if f.spec.kind in ("actor-ref", "actor-refs", "event-ref", "affiliations")
        ]
        for doc_index, parts, values in records:
            for name, kind in ref_fields:
                value = values.get(name)
                if value is None:
                    continue
                if kind == "affiliations":
                    value = tuple(a.actor for a in value)
                target = "event" if kind == "event-ref" else "actor"  # affiliations: actors
                if isinstance(value, tuple):
                    for i, ref in enumerate(value):
                        check_ref(doc_index, (*parts, name, i), ref, target)
                else:
                    check_ref(doc_index, (*parts, name), value, target)
            if cls is Event:
                for name, message, hint in coordinate_problems(values):
                    checker.doc_index = doc_index
                    checker.report((*parts, name), message, hint)
            if cls in (Event, Claim):
                time = values.get("time")
                values["start"] = dates.event_start(values["date"], time, zone_name)
                values["end"] = dates.event_end(values["date"], time, zone_name)
            elif cls is Deadline and values["expires"] <= values["issued"]:
                checker.doc_index = doc_index
                checker.report(
                    (*parts, "expires"),
                    f"expires ({values['expires'].isoformat()}) is not after issued "
                    f"({values['issued'].isoformat()})",
                    "check the dates and UTC offsets",
                )
            replaces = values.get("replaces")
            if replaces is not None and replaces in section_ids[section]:
                checker.doc_index = doc_index
                checker.report(
                    (*parts, "replaces"),
                    f"{replaces!r} is still the id of a record",
                    "replaces names the id a record had before it was renamed",
                )
            added, revised = values.get("added"), values.get("revised")
            if added and revised and revised.last_day() < added.first_day():
                checker.doc_index = doc_index
                checker.report(
                    (*parts, "revised"),
                    f"revised ({revised.iso()}) is before added ({added.iso()})",
                    "a record is revised after it is added",
                )
            for name, stamp in (("added", added), ("revised", revised)):
                if stamp and stamp.first_day() > today:
                    checker.doc_index = doc_index
                    checker.report((*parts, name), f"{stamp.iso()} is in the future")
            built[section].append(cls(**values))
    return Dataset(
        meta=meta,
        actors=tuple(built["actors"]),
        events=tuple(built["events"]),
        claims=tuple(built["claims"]),
        deadlines=tuple(built["deadlines"]),
        files=tuple(doc.name for doc in checker.docs),
    )


def coordinate_problems(values: dict[str, Any]) -> list[tuple[str, str, str]]:
    """An event's latitude and longitude come together, and a precision needs both."""
    latitude, longitude = values.get("latitude"), values.get("longitude")
    if (latitude is None) != (longitude is None):
        missing = "longitude" if longitude is None else "latitude"
        given = "latitude" if longitude is None else "longitude"
        return [(given, f"{given} without {missing}", "give both, in WGS 84 decimal degrees")]
    if values.get("location_precision") is not None and latitude is None:
        return [
            (
                "location_precision",
                "location_precision without latitude and longitude",
                "add the coordinates, or remove the precision",
            )
        ]
    return []


def _finalise(pending: list[_Pending], docs: Sequence[SourceDoc]) -> list[Problem]:
    """Attach line:column to each problem, parsing each affected file once more."""
    roots: dict[int, Any] = {}
    problems = []
    for item in pending:
        if item.doc not in roots:
            roots[item.doc] = compose_positions(docs[item.doc].text)
        position = locate(roots[item.doc], item.parts, key=item.key)
        line, column = position if position else (None, None)
        problems.append(
            Problem(
                docs[item.doc].name,
                path_text(item.parts),
                item.message,
                item.hint,
                line,
                column,
            )
        )
    problems.sort(key=lambda p: (p.file, p.line or 0, p.column or 0))
    return problems


def load_dataset(path: Path, *, pure_python: bool = False) -> Dataset:
    """Read, parse and validate a dataset file or folder. Raises DatasetError."""
    from sahelcli.load import gc_paused

    docs = load_documents(path, pure_python=pure_python)
    with gc_paused():
        try:
            return validate_documents(docs)
        except NotSplittable:  # a big file's slices did not parse alone: read it whole
            return validate_documents(load_documents(path, split=False))
