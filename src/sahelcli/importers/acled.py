"""ACLED exports (CSV) to the sahel dataset format.

Accepts the modern 31-column export, the 2024+ variant with textual ``inter`` codes, and
older layouts (``data_id``/``event_id_no_cnty``, no ``sub_event_type``, upper-case headers,
``ally_actor_*``). Comma, semicolon or tab separated (read from the header line), CRLF or LF,
UTF-8 with or without BOM. Dates as ``2023-07-26``, ``26 July 2023`` or ``9-May-20``.

One event per row, id ``acled-<event_id_cnty>``; actors get stable ids ``acled-<slug of the
name>``; each cited outlet becomes a source. ACLED rows carry no article URL, so every source
points at ACLED's data export tool and each event's ``note`` says so.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sahelcli.errors import Problem
from sahelcli.importers import BadRows, dump_yaml, slug
from sahelcli.model import PartialDate

#: ACLED's geo_precision codes: 1, the coordinates are the named town's; 2, a town near the
#: place, or a part of a region; 3, a region's (its capital's) point only.
GEO_PRECISION = {"1": "town", "2": "region", "3": "region"}

EXPORT_TOOL_URL = "https://acleddata.com/data-export-tool/"
ID_PREFIX = "acled-"
NO_URL_NOTE = (
    "ACLED rows carry no article URL: the source link is ACLED's data export tool and the "
    "publisher is the outlet ACLED cites."
)

#: Older header names mapped to the modern ones.
ALIASES = {"ally_actor_1": "assoc_actor_1", "ally_actor_2": "assoc_actor_2"}

#: ACLED interaction codes: (label, sahel actor kind).
INTER_CODES: dict[int, tuple[str, str]] = {
    1: ("State forces", "military-unit"),
    2: ("Rebel group", "armed-group"),
    3: ("Political militia", "armed-group"),
    4: ("Identity militia", "armed-group"),
    5: ("Rioters", "organisation"),
    6: ("Protesters", "organisation"),
    7: ("Civilians", "organisation"),
    8: ("External/Other forces", "organisation"),
}
_TEXT_INTER = (
    ("state", 1),
    ("rebel", 2),
    ("political militia", 3),
    ("identity militia", 4),
    ("communal militia", 4),
    ("ethnic militia", 4),
    ("riot", 5),
    ("protest", 6),
    ("civilian", 7),
    ("external", 8),
    ("other", 8),
)

# English month names, written out: calendar.month_name follows the C library's locale.
_MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTHS: dict[str, int] = {name: i for i, name in enumerate(_MONTH_NAMES, 1)}
_MONTHS.update({name[:3]: i for i, name in enumerate(_MONTH_NAMES, 1)})
_MONTHS["sept"] = 9

_ISO_DATE = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[\s\-/]+([A-Za-z]+)\.?[\s\-/,]+(\d{4}|\d{2})$")
_MONTH_DAY_YEAR = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")
DATE_FORMS = "2023-07-26, 26 July 2023 or 9-May-20"

Row = tuple[int, list[str]]  # (first line of the row in the file, its cells)


class RowError(ValueError):
    """One row that cannot be imported."""


@dataclass
class ImportResult:
    document: dict[str, Any]
    rows: int
    problems: list[Problem] = field(default_factory=list)  # rows skipped

    @property
    def events(self) -> int:
        return len(self.document["events"])

    @property
    def actors(self) -> int:
        return len(self.document["actors"])


# --- reading -----------------------------------------------------------------------------------


def read_text(path: Path, name: str) -> str:
    from sahelcli.errors import DataIOError

    try:
        raw = path.read_bytes()
    except OSError as exc:
        error = DataIOError([Problem(name, "", f"cannot read: {exc.strerror or exc}")])
        error.message = f"cannot import {name}; nothing written"
        raise error from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise BadRows(
            [
                Problem(
                    name,
                    "",
                    f"not UTF-8 text (byte 0x{raw[exc.start]:02x} cannot be decoded)",
                    "export the file again as UTF-8",
                    line,
                )
            ],
            name,
            skippable=False,
        ) from None


def sniff_delimiter(header_line: str) -> str:
    """The separator of the header line: comma, semicolon or tab, whichever occurs most."""
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def read_rows(text: str, name: str) -> tuple[list[str], list[Row]]:
    """Header (normalised names) and rows with their first line number."""
    first_line = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(first_line))
    rows: list[Row] = []
    header: list[str] | None = None
    line = 1
    try:
        for cells in reader:
            if header is None:
                header = [_column_name(c) for c in cells]
            elif any(c.strip() for c in cells):
                rows.append((line, cells))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise BadRows(
            [Problem(name, "", f"unreadable CSV: {exc}", line=line)], name, skippable=False
        ) from None
    if not header:
        raise BadRows([Problem(name, "", "empty file (no header line)", line=1)], name)
    return header, rows


def _column_name(cell: str) -> str:
    key = cell.strip().lstrip("\ufeff").strip().lower()
    return ALIASES.get(key, key)


# --- values ------------------------------------------------------------------------------------


def parse_date(text: str, year_hint: str = "") -> dt.date:
    value = text.strip()
    match = _ISO_DATE.match(value)
    if match:
        year, month, day = (int(g) for g in match.groups())
        return _real_date(value, year, month, day)
    match = _DAY_MONTH_YEAR.match(value)
    if match:
        day_text, month_name, year_text = match.groups()
        return _named_month_date(value, int(day_text), month_name, year_text, year_hint)
    match = _MONTH_DAY_YEAR.match(value)
    if match:
        month_name, day_text, year_text = match.groups()
        return _named_month_date(value, int(day_text), month_name, year_text, year_hint)
    raise RowError(f"event_date {value!r} is not a date (expected {DATE_FORMS})")


def _named_month_date(
    value: str, day: int, month_name: str, year_text: str, year_hint: str
) -> dt.date:
    month = _MONTHS.get(month_name.lower())
    if month is None:
        raise RowError(f"event_date {value!r}: unknown month {month_name!r}")
    return _real_date(value, _full_year(year_text, year_hint), month, day)


def _full_year(year_text: str, year_hint: str) -> int:
    if len(year_text) == 4:
        return int(year_text)
    short = int(year_text)
    hint = year_hint.strip()
    if len(hint) == 4 and hint.isdigit() and int(hint) % 100 == short:
        return int(hint)  # the `year` column settles the century
    this_year = dt.date.today().year
    return 2000 + short if 2000 + short <= this_year + 1 else 1900 + short


def _real_date(value: str, year: int, month: int, day: int) -> dt.date:
    from sahelcli.dates import MAX_YEAR, MIN_YEAR, RANGE_TEXT

    if not MIN_YEAR <= year <= MAX_YEAR:
        raise RowError(f"event_date {value!r} is out of range ({RANGE_TEXT})")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise RowError(f"event_date {value!r} is not a real date") from None


def inter_code(value: str) -> int | None:
    """ACLED inter code from its number or its label (2024+ exports); None when unknown/empty."""
    text = value.strip().lower()
    if not text:
        return None
    if text.isdigit():
        code = int(text)
        return code if code in INTER_CODES else None
    for word, code in _TEXT_INTER:
        if text.startswith(word) or word in text:
            return code
    return None


def _number(value: str, column: str, low: float, high: float) -> float | None:
    text = value.strip()
    if not text:
        return None
    try:
        number = float(text.replace(",", ".")) if text.count(",") == 1 else float(text)
    except ValueError:
        raise RowError(f"{column} {text!r} is not a number") from None
    if not low <= number <= high:
        raise RowError(f"{column} {text!r} is out of range ({low:g} to {high:g})")
    return number


def _count(value: str) -> int | None:
    text = value.strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        raise RowError(f"fatalities {text!r} is not a whole number") from None
    import math

    if not math.isfinite(number) or number < 0 or number != int(number) or number >= 2**63:
        raise RowError(f"fatalities {text!r} is not a whole number >= 0")
    return int(number)


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))


# --- conversion --------------------------------------------------------------------------------


class _Actors:
    """Actors met so far, with stable ids: ``acled-`` + slug of the name."""

    def __init__(self) -> None:
        self.by_name: dict[str, dict[str, Any]] = {}
        self.names_by_id: dict[str, str] = {}
        self.main: set[str] = set()  # names whose kind came from their own inter code

    def id_for(self, name: str) -> str:
        record = self.by_name.get(name)
        if record is not None:
            return str(record["id"])
        base = slug(name) or "actor"
        candidate = ID_PREFIX + base
        other = self.names_by_id.get(candidate)
        if other is not None and other != name:  # two names with the same slug
            candidate += "-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:6]
        return candidate

    def add(self, name: str, code: int | None, *, main: bool) -> str:
        record = self.by_name.get(name)
        if record is None:
            actor_id = self.id_for(name)
            record = {"id": actor_id, "name": name, "kind": "organisation"}
            self.by_name[name] = record
            self.names_by_id[actor_id] = name
            self._set_kind(record, code)
            if main and code is not None:
                self.main.add(name)
        elif main and code is not None and name not in self.main:
            self._set_kind(record, code)  # a main mention beats a guess from an associate
            self.main.add(name)
        return str(record["id"])

    @staticmethod
    def _set_kind(record: dict[str, Any], code: int | None) -> None:
        if code is None:
            record["kind"] = "organisation"
            record.pop("role", None)
            return
        label, kind = INTER_CODES[code]
        record["kind"] = kind
        record["role"] = f"ACLED actor type: {label} (inter code {code})"

    def records(self) -> list[dict[str, Any]]:
        return sorted(self.by_name.values(), key=lambda r: str(r["id"]))


class _Converter:
    def __init__(self, header: Sequence[str], name: str) -> None:
        self.header = list(header)
        self.name = name
        self.index = {column: i for i, column in enumerate(header) if column}
        self.actors = _Actors()
        self.seen: dict[str, int] = {}

    def missing_columns(self) -> list[str]:
        missing = [c for c in ("event_date", "event_type") if c not in self.index]
        if not any(c in self.index for c in ("event_id_cnty", "event_id_no_cnty", "data_id")):
            missing.append("event_id_cnty")
        return missing

    def get(self, cells: Sequence[str], column: str) -> str:
        i = self.index.get(column)
        if i is None or i >= len(cells):
            return ""
        return cells[i].replace("\r\n", "\n").replace("\r", "\n").strip()

    def record_id(self, cells: Sequence[str]) -> tuple[str, str]:
        """(ACLED's id as shown, the sahel event id)."""
        if "event_id_cnty" in self.index:
            raw = self.get(cells, "event_id_cnty")
            if not raw:
                raise RowError("missing event id (event_id_cnty is empty)")
        elif "event_id_no_cnty" in self.index and self.get(cells, "event_id_no_cnty"):
            country = self.get(cells, "iso3") or self.get(cells, "country")
            raw = country + self.get(cells, "event_id_no_cnty")
        else:
            raw = self.get(cells, "data_id")
            if not raw:
                raise RowError("missing event id (no event_id_cnty, event_id_no_cnty or data_id)")
            raw = "data-" + raw
        event_id = slug(raw)
        if not event_id:
            raise RowError(f"event id {raw!r} has no letters or digits")
        return raw, ID_PREFIX + event_id

    def convert(self, line: int, cells: list[str], *, last: bool) -> dict[str, Any]:
        if len(cells) != len(self.header):
            cut = " (the file looks cut off)" if last and len(cells) < len(self.header) else ""
            raise RowError(f"row has {len(cells)} fields, the header {len(self.header)}{cut}")
        acled_id, event_id = self.record_id(cells)
        first = self.seen.get(event_id)
        if first is not None:
            raise RowError(f"duplicate event {acled_id!r} (first at line {first})")
        raw_date = self.get(cells, "event_date")
        if not raw_date:
            raise RowError("missing event_date")
        day = parse_date(raw_date, self.get(cells, "year"))
        precision = self.get(cells, "time_precision")
        if precision not in ("", "1", "2", "3"):
            raise RowError(f"time_precision {precision!r} is not 1, 2 or 3")
        date = PartialDate(day.year, day.month, None if precision == "3" else day.day)
        event_type = self.get(cells, "event_type")
        if not event_type:
            raise RowError("missing event_type")
        empty = [
            c
            for c in ("country", "location", "latitude", "longitude")
            if c in self.index and not self.get(cells, c)
        ]
        if empty:
            cut = " (was the file cut off?)" if last else ""
            raise RowError("incomplete row: no " + ", ".join(empty) + cut)
        latitude = _number(self.get(cells, "latitude"), "latitude", -90, 90)
        longitude = _number(self.get(cells, "longitude"), "longitude", -180, 180)
        fatalities = _count(self.get(cells, "fatalities"))

        sub_type = self.get(cells, "sub_event_type")
        location = self.get(cells, "location")
        admin1 = self.get(cells, "admin1")
        country = self.get(cells, "country")
        place = location or admin1 or country
        title = f"{event_type}: {sub_type}" if sub_type else event_type
        if place:
            title += f" in {place}"

        # Everything checked: now actors may be recorded.
        actor_ids: list[str] = []
        for number in ("1", "2"):
            code = inter_code(self.get(cells, f"inter{number}"))
            main_name = self.get(cells, f"actor{number}")
            if main_name:
                actor_ids.append(self.actors.add(main_name, code, main=True))
            for associate in _split(self.get(cells, f"assoc_actor_{number}")):
                actor_ids.append(self.actors.add(associate, code, main=False))

        tags = [slug(event_type), slug(sub_type)]
        tags += [slug(d) for d in _split(self.get(cells, "disorder_type"))]
        if self.get(cells, "civilian_targeting"):
            tags.append("civilian-targeting")
        tags.append("acled")

        notes = [f"Imported from ACLED event {acled_id}."]
        if precision == "2":
            notes.append(
                "ACLED time precision 2: the date is approximate (within the week around it)."
            )
        elif precision == "3":
            notes.append(
                f"ACLED time precision 3: only the month is known (ACLED gives {raw_date})."
            )
        scale = self.get(cells, "source_scale")
        if scale:
            notes.append(f"Source scale: {scale}.")
        acled_tags = self.get(cells, "tags")
        if acled_tags:
            notes.append(f"ACLED tags: {acled_tags}.")
        notes.append(NO_URL_NOTE)

        publishers = _unique(_split(self.get(cells, "source"))) or ["ACLED"]
        event: dict[str, Any] = {
            "id": event_id,
            "date": date.iso(),
            "title": title,
        }
        summary = self.get(cells, "notes")
        if summary:
            event["summary"] = summary
        if actor_ids:
            event["actors"] = _unique(actor_ids)
        event["tags"] = _unique(tags)
        located = _unique([location, admin1, country])
        if located:
            event["location"] = ", ".join(located)
        if fatalities is not None:
            event["fatalities"] = fatalities
        if latitude is not None:
            event["latitude"] = latitude
        if longitude is not None:
            event["longitude"] = longitude
        precision_code = self.get(cells, "geo_precision")
        if latitude is not None and longitude is not None and precision_code in GEO_PRECISION:
            event["location_precision"] = GEO_PRECISION[precision_code]
        event["note"] = " ".join(notes)
        event["sources"] = [
            {
                "publisher": publisher,
                "title": f"ACLED event {acled_id}",
                "date": date.iso(),
                "url": EXPORT_TOOL_URL,
            }
            for publisher in publishers
        ]
        self.seen[event_id] = line
        return event


def import_acled(
    path: Path,
    *,
    name: str | None = None,
    skip_bad: bool = False,
    track: Callable[[Sequence[Row]], Iterable[Row]] | None = None,
) -> ImportResult:
    """Convert an ACLED CSV file into a dataset document (plain data, ready for YAML).

    Bad rows raise BadRows listing every one, unless ``skip_bad`` (then they are returned in
    ``problems``). ``track`` may wrap the rows, e.g. in a progress bar.
    """
    shown = name or str(path)
    header, rows = read_rows(read_text(path, shown), shown)
    converter = _Converter(header, shown)
    missing = converter.missing_columns()
    if missing:
        raise BadRows(
            [
                Problem(
                    shown,
                    "",
                    "not an ACLED export: missing column(s) " + ", ".join(missing),
                    "export from the ACLED data export tool with the standard columns",
                    line=1,
                )
            ],
            shown,
            skippable=False,
        )
    events: list[dict[str, Any]] = []
    problems: list[Problem] = []
    last_line = rows[-1][0] if rows else 0
    for line, cells in track(rows) if track else rows:
        try:
            events.append(converter.convert(line, cells, last=line == last_line))
        except RowError as exc:
            problems.append(Problem(shown, "", str(exc), line=line))
    if problems and not skip_bad:
        raise BadRows(problems, shown)
    document = {"actors": converter.actors.records(), "events": events}
    return ImportResult(document, rows=len(rows), problems=problems)


def to_yaml(result: ImportResult, source_name: str) -> str:
    """The dataset file text: a provenance comment, then actors and events."""
    from sahelcli.render.safe import clean_line

    header = (
        f"# Imported from the ACLED export {clean_line(source_name)} by `sahel import acled`:\n"
        f"# {result.events} events, {result.actors} actors.\n"
        "# ACLED data (c) ACLED (acleddata.com), subject to its terms of use.\n"
        f"# {NO_URL_NOTE}\n"
    )
    return header + dump_yaml(result.document)
