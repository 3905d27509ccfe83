"""The compiled index: a validated dataset stored as SQLite in the user's cache folder.

The file is named by a hash of the tool version, the schema version and the path and content
of every input file, so an edited dataset never meets a stale index. It is written to a
private temporary file and renamed into place (atomic.py: two processes building at once each
rename a complete file). A file that is corrupt, truncated, foreign or of another version is
ignored and rebuilt, never trusted. Queries read only the rows they need (see store.py).

Each record is stored once, as its JSON (the stable JSON interface, serialize.py) compressed
with a dictionary made from the table's own records (``Codec``); the columns beside it are
the keys queries filter and sort on. Text search goes through a contentless trigram index
that keeps no positions and no copy of the text: it narrows to the rows holding every
trigram of the needle, and the query functions decide. The cache folder, its privacy and its
pruning are in cache.py.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import os
import re
import sqlite3
import sys
import time
import zlib
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from sahelcli import __version__, progress
from sahelcli.cache import (
    PREFIX,
    cache_dir,
    cache_files,
    mark_used,
    private_cache_dir,
    prune,
    trusted_file,
)
from sahelcli.files import dataset_files
from sahelcli.model import (
    EPOCH,
    SECTIONS,
    Actor,
    Claim,
    Dataset,
    Deadline,
    Event,
    Meta,
    search_texts,
    yaml_fields,
)
from sahelcli.query.text import contains, fold
from sahelcli.query.timeline import EventQuery, sort_key
from sahelcli.serialize import record_from_json, to_json
from sahelcli.store import MemoryStore, RecordQuery, Store

__all__ = ["cache_dir", "cache_files", "private_cache_dir", "trusted_file"]  # re-exported

SCHEMA_VERSION = 6  # 5: compressed docs, trigram index without text; 6: dates in link tables
_US = dt.timedelta(microseconds=1)

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE codecs (tbl TEXT PRIMARY KEY, zdict BLOB NOT NULL);
CREATE TABLE actors (id TEXT PRIMARY KEY, doc BLOB NOT NULL);
CREATE TABLE events (
    n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, start INTEGER NOT NULL, end INTEGER NOT NULL,
    prec INTEGER NOT NULL, doc BLOB NOT NULL);
CREATE TABLE event_actors (actor TEXT NOT NULL, end INTEGER NOT NULL, start INTEGER NOT NULL,
    event INTEGER NOT NULL, PRIMARY KEY (actor, end, event)) WITHOUT ROWID;
CREATE TABLE event_tags (tag TEXT NOT NULL, end INTEGER NOT NULL, start INTEGER NOT NULL,
    event INTEGER NOT NULL, PRIMARY KEY (tag, end, event)) WITHOUT ROWID;
CREATE TABLE claims (
    n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, start INTEGER NOT NULL, end INTEGER NOT NULL,
    claimant TEXT NOT NULL, doc BLOB NOT NULL);
CREATE TABLE claim_about (actor TEXT NOT NULL, claim INTEGER NOT NULL,
    PRIMARY KEY (actor, claim)) WITHOUT ROWID;
CREATE TABLE deadlines (
    n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, issuer TEXT NOT NULL, target TEXT NOT NULL,
    doc BLOB NOT NULL);
"""
INDEXES = """
CREATE INDEX events_end ON events(end);
CREATE INDEX events_order ON events(start, prec, n);
CREATE INDEX claims_claimant ON claims(claimant);
"""


class StaleIndex(Exception):
    """The index file cannot be used (missing, foreign, corrupt, other version)."""


def micros(moment: dt.datetime) -> int:
    """An instant as integer microseconds since the epoch (exact, sortable)."""
    return (moment - EPOCH) // _US


def from_micros(value: int) -> dt.datetime:
    return EPOCH + dt.timedelta(microseconds=value)


try:  # the C module itself: hashlib would also load OpenSSL (about 3 ms at every start)
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - an unusual Python build
    from hashlib import blake2b

#: A file modified this recently (seconds) is always re-hashed: its timestamp may not yet
#: distinguish a later edit of the same size (git's "racy clean" problem).
RACY_SECONDS = 3.0


def _stat_signature(files: Iterable[Path]) -> list[list[Any]]:
    out = []
    for file in files:
        st = file.stat()
        out.append([str(file.resolve()), st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino])
    return out


def _path_hash(files: Iterable[Path]) -> str:
    paths = blake2b(digest_size=8)
    for file in files:
        paths.update(str(file.resolve()).encode() + b"\0")
    return paths.hexdigest()


def content_hash(files: Iterable[Path]) -> str:
    """Hash of the tool and schema versions and of every file's path and content."""
    content = blake2b(digest_size=20)
    content.update(f"sahel {__version__} schema {schema_version()}\0".encode())
    for file in files:
        content.update(str(file.resolve()).encode() + b"\0")
        with file.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                content.update(chunk)
        content.update(b"\0")
    return content.hexdigest()


def index_path(files: list[Path], folder: Path | None = None) -> Path:
    """Where the index of these files lives (in ``folder``, by default the cache folder).

    Hashing a 100 MB dataset on every query costs more than the query, so the content hash is
    remembered beside the index with each file's size, times and inode; it is reused only
    while all of those match and the files were last modified well before it was recorded,
    and only from a stamp file of this user's that holds a plain hex digest.
    """
    folder = folder or cache_dir()
    path_hash = _path_hash(files)
    stamp = folder / f"stamp-{path_hash}.json"
    signature = _stat_signature(files)
    try:
        if trusted_file(stamp):
            recorded = json.loads(stamp.read_text())
            content = recorded["content"]
            if (
                recorded["signature"] == signature
                and recorded["version"] == __version__
                and isinstance(content, str)
                and re.fullmatch(r"[0-9a-f]{40}", content)
            ):
                return folder / f"{PREFIX}{path_hash}-{content}.sqlite"
    except (OSError, ValueError, KeyError, TypeError):
        pass
    digest = content_hash(files)
    # The later of the modification and the status-change time: a file system with one-second
    # timestamps, or a tool that sets mtime back, must not make a fresh edit look old.
    newest = max((max(entry[2], entry[3]) for entry in signature), default=0) / 1e9
    unchanged = _stat_signature(files) == signature  # not edited while it was hashed
    if unchanged and time.time() - newest > RACY_SECONDS:
        _write_stamp(stamp, {"version": __version__, "signature": signature, "content": digest})
    return folder / f"{PREFIX}{path_hash}-{digest}.sqlite"


def _write_stamp(stamp: Path, record: dict[str, Any]) -> None:
    """Write the stamp atomically through a new private temporary file (atomic.py), so that
    nothing planted at a guessable name is ever written through."""
    from sahelcli.atomic import write_private

    with contextlib.suppress(OSError):
        write_private(stamp, json.dumps(record).encode(), prefix=".stamp-")


# --- the stored form of a record --------------------------------------------------------------

#: Bytes of sample records a table's compression dictionary holds (zlib uses at most 32 KiB).
ZDICT_BYTES = 16384
#: Raw deflate: no header or checksum per record (SQLite pages carry their own integrity).
_WBITS = -15
_DECODER = json.JSONDecoder()


def _json_bytes(record: Any) -> bytes:
    return json.dumps(to_json(record), ensure_ascii=False, separators=(",", ":")).encode()


class Codec:
    """A record's JSON, deflated with a preset dictionary of sample records of its table:
    field names, publishers and URL prefixes recur in every record, so short records shrink
    to about a fifth (a plain deflate of each alone, to about half)."""

    def __init__(self, zdict: bytes) -> None:
        self.zdict = zdict
        self._packer: Any = None

    @classmethod
    def for_records(cls, records: Sequence[Any]) -> Codec:
        """A codec whose dictionary samples records spread over the whole table."""
        step = max(1, len(records) // 64)
        sample = b"".join(_json_bytes(records[i]) for i in range(0, len(records), step))
        return cls(sample[-ZDICT_BYTES:])

    def pack(self, record: Any) -> bytes:
        if self._packer is None:
            self._packer = zlib.compressobj(
                6, zlib.DEFLATED, _WBITS, 8, zlib.Z_DEFAULT_STRATEGY, self.zdict
            )
        packer = self._packer.copy()  # a copy keeps the dictionary without loading it again
        return packer.compress(_json_bytes(record)) + packer.flush()  # type: ignore[no-any-return]

    def unpack(self, blob: bytes) -> Any:
        """The record's JSON-ready dict (``to_json`` form); ValueError if it does not decode."""
        return self.unpack_all((blob,))[0]

    def unpack_all(self, blobs: Iterable[bytes]) -> list[Any]:
        """``unpack`` of each, in one tight loop (the rows of a long answer)."""
        # raw_decode: json.loads less its checks for leading and trailing space (none here)
        decode, inflater, zdict = _DECODER.raw_decode, zlib.decompressobj, self.zdict
        try:
            return [decode(inflater(_WBITS, zdict).decompress(blob).decode())[0] for blob in blobs]
        except (zlib.error, TypeError) as exc:
            raise ValueError(f"a record does not decompress: {exc}") from None


# --- building ---------------------------------------------------------------------------------


@functools.cache
def schema_version() -> str:
    """The index's format version: the hand-kept number plus a digest of every field's spec,
    so that adding or changing a field (e.g. making it searchable) rebuilds old indexes."""
    from sahelcli.model import Outcome, Source

    classes = [Meta, Source, Outcome, *SECTIONS.values()]
    specs = repr([(cls.__name__, yaml_fields(cls)) for cls in classes])
    return f"{SCHEMA_VERSION}.{blake2b(specs.encode(), digest_size=6).hexdigest()}"


def reserve(target: Path) -> Path:
    """A new private temporary file beside ``target`` for an index being built (its name,
    ``.building-*``, tells other processes and ``cache info`` that a build is under way)."""
    from sahelcli.atomic import reserve as reserve_beside

    target.parent.mkdir(parents=True, exist_ok=True)
    return reserve_beside(target, ".building-")


def build(
    dataset: Dataset, target: Path, temp: Path | None = None, *, source: Path | None = None
) -> None:
    """Write ``dataset`` as an index at ``target`` (atomically, through ``temp`` when one was
    reserved), then prune the cache folder (cache.py). ``source`` is the dataset path shown
    by ``cache info``."""
    from sahelcli.atomic import replacing

    with replacing(target, temp=temp or reserve(target)) as building:
        conn = sqlite3.connect(building)
        try:
            _fill(conn, dataset, source)
        finally:
            conn.close()
    prune(target.parent, keep=target)


#: How each kind's rows are made: the key columns beside the stored record.
def _event_row(n: int, e: Event) -> tuple[Any, ...]:
    return (n, e.id, micros(e.start), micros(e.end), sort_key(e)[1])


def _claim_row(n: int, c: Claim) -> tuple[Any, ...]:
    return (n, c.id, micros(c.start), micros(c.end), c.claimant)


def _deadline_row(n: int, d: Deadline) -> tuple[Any, ...]:
    return (n, d.id, d.issuer, d.target)


def _fill(conn: sqlite3.Connection, dataset: Dataset, source: Path | None) -> None:
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    conn.executescript(SCHEMA)
    kinds: list[tuple[str, Sequence[Any], Callable[[int, Any], tuple[Any, ...]]]] = [
        ("events", dataset.events, _event_row),
        ("claims", dataset.claims, _claim_row),
        ("deadlines", dataset.deadlines, _deadline_row),
    ]
    fts = _create_full_text_index(conn)
    searched = sum(len(records) for _, records, _ in kinds)
    progress.phase("indexing", len(dataset.actors) + searched * (2 if fts else 1))
    with conn:
        codec = _store_codec(conn, "actors", dataset.actors)
        conn.executemany(
            "INSERT INTO actors VALUES (?, ?)",
            ((a.id, codec.pack(a)) for a in _counted(dataset.actors)),
        )
        for table, records, key_row in kinds:
            codec = _store_codec(conn, table, records)
            if not records:
                continue
            width = len(key_row(0, records[0])) + 1
            conn.executemany(
                f"INSERT INTO {table} VALUES ({', '.join('?' * width)})",
                ((*key_row(n, r), codec.pack(r)) for n, r in enumerate(_counted(records))),
            )
            if fts:
                conn.executemany(
                    f"INSERT INTO {table}_fts(rowid, text) VALUES (?, ?)",
                    ((n, _folded(r)) for n, r in enumerate(_counted(records))),
                )
        _insert_links(conn, dataset)
        conn.executescript(INDEXES)
        meta = {
            "schema_version": schema_version(),
            "tool_version": __version__,
            "meta": json.dumps(to_json(dataset.meta), ensure_ascii=False),
            "files": json.dumps(list(dataset.files)),
            "source": str(source.resolve()) if source else "",
            "fts": "1" if fts else "0",
            "complete": "1",  # written last: a file without it is never used
        }
        conn.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())


def _counted(records: Sequence[Any]) -> Iterator[Any]:
    """The records, reported to the progress display as they go by."""
    for start in range(0, len(records), 512):
        yield from records[start : start + 512]
        progress.advance(min(512, len(records) - start))


def _store_codec(conn: sqlite3.Connection, table: str, records: Sequence[Any]) -> Codec:
    codec = Codec.for_records(records)
    conn.execute("INSERT INTO codecs VALUES (?, ?)", (table, codec.zdict))
    return codec


def _insert_links(conn: sqlite3.Connection, dataset: Dataset) -> None:
    """The actor and tag links, inserted in key order (full pages, no later reshuffling)."""
    spans = [(micros(e.end), micros(e.start)) for e in dataset.events]
    links: dict[str, list[tuple[Any, ...]]] = {
        "event_actors": sorted(
            {(a, *spans[n], n) for n, e in enumerate(dataset.events) for a in e.actors}
        ),
        "event_tags": sorted(
            {(t, *spans[n], n) for n, e in enumerate(dataset.events) for t in e.tags}
        ),
        # Every actor a claim involves (about, and joint claimants): the store narrows by it.
        "claim_about": sorted(
            {(a, n) for n, c in enumerate(dataset.claims) for a in (*c.about, *c.co_claimants)}
        ),
    }
    for table, rows in links.items():
        if rows:
            conn.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(rows[0]))})", rows)


#: Substring search. The trigram tokenizer indexes every run of three characters of the folded
#: text; ``detail=none`` keeps only which rows hold each one (no positions) and ``content=''``
#: no copy of the text, so a match means "holds every trigram of the needle": a superset of
#: the rows containing it, which the query functions then check.
FTS_TABLES = ("events", "claims", "deadlines")


def _create_full_text_index(conn: sqlite3.Connection) -> bool:
    try:
        for table in FTS_TABLES:
            conn.execute(
                f"CREATE VIRTUAL TABLE {table}_fts USING fts5(text, content='', detail=none,"
                " columnsize=0, tokenize='trigram')"
            )
    except sqlite3.OperationalError:  # an SQLite without FTS5 or the trigram tokenizer
        for table in FTS_TABLES:
            conn.execute(f"DROP TABLE IF EXISTS {table}_fts")
        return False
    return True


def _folded(record: Any) -> str:
    return fold("\n".join(t for t in search_texts(record) if t))


def text_condition(table: str, needle: str, fts: bool) -> tuple[str, str]:
    """SQL (and its parameter) keeping at least the rows whose folded text contains
    ``needle``: through the trigram index, else by reading each row (``sahel_has``)."""
    if fts and table in FTS_TABLES and len(needle) >= 3:
        trigrams = dict.fromkeys(needle[i : i + 3] for i in range(len(needle) - 2))
        terms = " AND ".join('"' + t.replace('"', '""') + '"' for t in trigrams)
        return f"n IN (SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ?)", terms
    return f"sahel_has('{table}', doc, ?)", needle


# --- reading ----------------------------------------------------------------------------------


def _has_function(
    unpack: Mapping[str, Callable[[bytes], Any]],
) -> Callable[[str, bytes, str], bool]:
    """The SQL function ``sahel_has(table, doc, needle)``: whether a stored record's search text
    contains ``needle`` (the scan the trigram index cannot do: needles under three characters,
    or an SQLite without FTS5)."""

    def has(table: str, doc: bytes, needle: str) -> bool:
        record = record_from_json(SECTIONS[table], unpack[table](doc))
        return contains(needle, *search_texts(record))

    return has


class IndexStore:
    """Reads only what a query needs from the index; any SQLite error means StaleIndex."""

    def __init__(self, path: Path) -> None:
        if not trusted_file(path):
            raise StaleIndex("no index of this user's")
        try:
            uri = path.resolve().as_uri() + "?mode=ro&immutable=1"
            self.conn = sqlite3.connect(uri, uri=True)
            rows = dict(self.conn.execute("SELECT key, value FROM meta").fetchall())
            if rows.get("complete") != "1" or rows.get("schema_version") != schema_version():
                raise StaleIndex("incomplete or foreign index")
            self.codecs = {
                str(table): Codec(bytes(zdict))
                for table, zdict in self.conn.execute("SELECT tbl, zdict FROM codecs")
            }
        except sqlite3.Error as exc:
            raise StaleIndex(str(exc)) from None
        try:
            self._meta: Meta = record_from_json(Meta, json.loads(rows["meta"]))
            self.files = tuple(json.loads(rows["files"]))
            self.fts = rows.get("fts") == "1"
            self._unpack = {table: self.codecs[table].unpack for table in (*SECTIONS, "actors")}
        except (KeyError, ValueError, TypeError) as exc:
            raise StaleIndex(str(exc)) from None
        # (Not a method of this store: the connection would hold the store that holds it, a
        # cycle only the cyclic collector frees, and the file would stay open until then.)
        self.conn.create_function("sahel_has", 3, _has_function(self._unpack), deterministic=True)
        self._actors: tuple[Actor, ...] | None = None

    def _rows(self, sql: str, params: Iterable[Any] = ()) -> list[Any]:
        try:
            return self.conn.execute(sql, tuple(params)).fetchall()
        except sqlite3.Error as exc:
            raise StaleIndex(str(exc)) from None

    def meta(self) -> Meta:
        return self._meta

    def actors(self) -> tuple[Actor, ...]:
        if self._actors is None:
            unpack = self._unpack["actors"]
            self._actors = tuple(
                record_from_json(Actor, unpack(doc))
                for (doc,) in self._rows("SELECT doc FROM actors ORDER BY rowid")
            )
        return self._actors

    def tags(self) -> set[str]:
        return {tag for (tag,) in self._rows("SELECT DISTINCT tag FROM event_tags")}

    def count_events(self, query: EventQuery) -> int | None:
        if query.narrowed_only:
            return None  # text and distance are only narrowed here; the query decides
        condition, params = self._event_condition(query)
        ((count,),) = self._rows(f"SELECT count(*) FROM events{condition}", params)
        return int(count)

    def event_ends(self, ids: Collection[str]) -> dict[str, dt.datetime]:
        wanted = list(ids)
        marks = ",".join("?" * len(wanted))
        rows = self._rows(f"SELECT id, end FROM events WHERE id IN ({marks})", wanted)
        return {str(i): from_micros(end) for i, end in rows}

    def _event_condition(self, query: EventQuery | None) -> tuple[str, list[Any]]:
        if query is None:
            return "", []
        span: list[str] = []  # the date filters; the link tables carry the dates too
        span_params: list[Any] = []
        if query.as_of is not None:  # the replay rule (query/replay.py: visible)
            span.append("end <= ?")
            span_params.append(micros(query.as_of))
        if query.since is not None:
            span.append("end >= ?")
            span_params.append(micros(query.since))
        if query.until is not None:
            span.append("start <= ?")
            span_params.append(micros(query.until))
        where, params = list(span), list(span_params)
        for table, column, wanted in (
            ("event_actors", "actor", query.actors),
            ("event_tags", "tag", query.tags),
        ):
            if wanted:  # narrowed by date inside the link table: no row is read in vain
                marks = ",".join("?" * len(wanted))
                inner = " AND ".join([f"{column} IN ({marks})", *span])
                where.append(f"n IN (SELECT event FROM {table} WHERE {inner})")
                params.extend([*wanted, *span_params])
        if query.text:
            condition, param = text_condition("events", query.text, self.fts)
            where.append(condition)
            params.append(param)
        return ((" WHERE " + " AND ".join(where)) if where else ""), params

    def _ordered_events(self, columns: str, query: EventQuery, *, in_file_order: bool) -> str:
        """SQL for the events matching ``query`` in timeline order (sort_key, then file
        order; all reversed with ``reverse``), cut to ``limit``; or with ``in_file_order``,
        those same events back in file order."""
        condition, _ = self._event_condition(query)
        order = "DESC" if query.reverse else "ASC"
        limit = " LIMIT ?" if query.limit is not None else ""
        chosen = f"FROM events{condition} ORDER BY start {order}, prec {order}, n {order}{limit}"
        if in_file_order:
            return f"SELECT {columns} FROM (SELECT * {chosen}) ORDER BY n"
        return f"SELECT {columns} {chosen}"

    def events(self, query: EventQuery | None) -> tuple[Event, ...]:
        condition, params = self._event_condition(query)
        if query is not None and query.limit is not None and not query.narrowed_only:
            # Every filter is exact here, so the timeline's order and limit can apply in SQL.
            # The rows still come back in file order, which the timeline's stable sort uses.
            sql = self._ordered_events("start, end, doc", query, in_file_order=True)
            params.append(query.limit)
        else:
            sql = f"SELECT start, end, doc FROM events{condition} ORDER BY n"
        unpack = self._unpack["events"]
        return tuple(
            record_from_json(Event, unpack(doc), start=from_micros(s), end=from_micros(e))
            for s, e, doc in self._rows(sql, params)
        )

    def event_rows(self, query: EventQuery) -> list[dict[str, Any]] | None:
        """The timeline of ``query`` as the records' JSON-ready dicts, in timeline order,
        decoded once and never made into records; None when a filter is only narrowed here
        (text, distance), so that the timeline query must decide."""
        if query.narrowed_only:
            return None
        _, params = self._event_condition(query)
        if query.limit is not None:
            params.append(query.limit)
        sql = self._ordered_events("doc", query, in_file_order=False)
        return self.codecs["events"].unpack_all(doc for (doc,) in self._rows(sql, params))

    def claims(self, query: RecordQuery | None) -> tuple[Claim, ...]:
        where, params = _record_filter(
            query,
            "claimant = ? OR n IN (SELECT claim FROM claim_about WHERE actor = ?)",
            2,
            text_condition("claims", query.text, self.fts) if query and query.text else None,
        )
        rows = self._rows(f"SELECT start, end, doc FROM claims{where} ORDER BY n", params)
        unpack = self._unpack["claims"]
        return tuple(
            record_from_json(Claim, unpack(doc), start=from_micros(s), end=from_micros(e))
            for s, e, doc in rows
        )

    def deadlines(self, query: RecordQuery | None) -> tuple[Deadline, ...]:
        where, params = _record_filter(
            query,
            "issuer = ? OR target = ?",
            2,
            text_condition("deadlines", query.text, self.fts) if query and query.text else None,
        )
        rows = self._rows(f"SELECT doc FROM deadlines{where} ORDER BY n", params)
        unpack = self._unpack["deadlines"]
        return tuple(record_from_json(Deadline, unpack(doc)) for (doc,) in rows)

    def full(self) -> Dataset:
        return Dataset(
            meta=self._meta,
            actors=self.actors(),
            events=self.events(None),
            claims=self.claims(None),
            deadlines=self.deadlines(None),
            files=self.files,
        )


def describe(path: Path) -> dict[str, str]:
    """What ``cache info`` shows of an index: the dataset path it was built from
    (``source``) and the data's ``updated`` date; empty values when the file does not say
    (an index of another version, or one this user may not read)."""
    found = {"source": "", "updated": ""}
    if not trusted_file(path):
        return found
    try:
        conn = sqlite3.connect(path.resolve().as_uri() + "?mode=ro&immutable=1", uri=True)
        try:
            rows = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        finally:
            conn.close()
        found["source"] = str(rows.get("source", ""))
        found["updated"] = str(json.loads(rows.get("meta", "{}")).get("updated", ""))
    except (sqlite3.Error, ValueError, TypeError, AttributeError):
        pass
    return found


def _record_filter(
    query: RecordQuery | None,
    actor_sql: str,
    uses: int,
    text: tuple[str, str] | None,
) -> tuple[str, list[Any]]:
    if query is None:
        return "", []
    where: list[str] = []
    params: list[Any] = []
    if query.actor is not None:
        where.append(f"({actor_sql})")
        params.extend([query.actor] * uses)
    if text is not None:
        where.append(text[0])
        params.append(text[1])
    return (" WHERE " + " AND ".join(where) if where else ""), params


# --- the entry point --------------------------------------------------------------------------


#: Above this much YAML, the index is written after the answer, by a background process.
DEFER_BYTES = 4_000_000

_pending: list[tuple[Dataset, Path, Path]] = []  # dataset, index file, dataset path


#: What reading a damaged index can raise: SQLite's own errors, and bad JSON in a row.
INDEX_READ_ERRORS = (StaleIndex, sqlite3.Error, ValueError, KeyError, TypeError)


class ResilientStore:
    """The index, until any read fails (a malformed page, bad UTF-8, a missing table, a row
    that does not decode): then one warning, the index file is removed (the next run builds
    a new one) and this run's answers come from the dataset itself."""

    def __init__(self, index: IndexStore, path: Path, target: Path) -> None:
        self._index = index
        self._path = path
        self._target = target
        self._memory: MemoryStore | None = None

    def _fall_back(self, exc: Exception) -> MemoryStore:
        from sahelcli.validate import load_dataset

        print(
            f"sahel: warning: the index {self._target} is damaged ({exc}); answering from the "
            "dataset, and the index will be rebuilt",
            file=sys.stderr,
        )
        with contextlib.suppress(OSError):
            self._index.conn.close()
            self._target.unlink()
        self._memory = MemoryStore(load_dataset(self._path))
        return self._memory

    def _store(self) -> Store:
        return self._memory if self._memory is not None else self._index

    def _ask(self, method: str, *args: Any) -> Any:
        if self._memory is None:
            try:
                return getattr(self._index, method)(*args)
            except INDEX_READ_ERRORS as exc:
                return getattr(self._fall_back(exc), method)(*args)
        return getattr(self._memory, method)(*args)

    def meta(self) -> Meta:
        return self._ask("meta")  # type: ignore[no-any-return]

    def actors(self) -> tuple[Actor, ...]:
        return self._ask("actors")  # type: ignore[no-any-return]

    def tags(self) -> set[str]:
        return self._ask("tags")  # type: ignore[no-any-return]

    def events(self, query: EventQuery | None) -> tuple[Event, ...]:
        return self._ask("events", query)  # type: ignore[no-any-return]

    def event_rows(self, query: EventQuery) -> list[dict[str, Any]] | None:
        return self._ask("event_rows", query)  # type: ignore[no-any-return]

    def count_events(self, query: EventQuery) -> int | None:
        return self._ask("count_events", query)  # type: ignore[no-any-return]

    def event_ends(self, ids: Collection[str]) -> dict[str, dt.datetime]:
        return self._ask("event_ends", ids)  # type: ignore[no-any-return]

    def claims(self, query: RecordQuery | None) -> tuple[Claim, ...]:
        return self._ask("claims", query)  # type: ignore[no-any-return]

    def deadlines(self, query: RecordQuery | None) -> tuple[Deadline, ...]:
        return self._ask("deadlines", query)  # type: ignore[no-any-return]

    def full(self) -> Dataset:
        return self._ask("full")  # type: ignore[no-any-return]


def open_store(path: Path, *, use_cache: bool = True) -> Store:
    """The dataset at ``path``: from a valid index if one exists, else loaded (and indexed).
    Loading and indexing show their progress on a terminal when they take a while."""
    if not use_cache:
        return MemoryStore(_load(path))
    files = dataset_files(path)
    folder = private_cache_dir()
    if folder is None:
        return MemoryStore(_load(path))
    before = _stat_signature(files)
    target = index_path(files, folder)
    with contextlib.suppress(StaleIndex):
        store = ResilientStore(IndexStore(target), path, target)
        mark_used(target)
        return store
    with progress.showing(f"sahel: indexing {path.name}"):
        dataset = _load(path)
        if _stat_signature(files) != before:
            # Edited while this run read it: the key and the parsed text may be two versions.
            # Answer from what was parsed, but index nothing under a key that may not match.
            for stamp in folder.glob(f"stamp-{_path_hash(files)}.json"):
                stamp.unlink(missing_ok=True)
            return MemoryStore(dataset)
        size = sum(f.stat().st_size for f in files)
        if size > DEFER_BYTES and hasattr(os, "fork") and not os.environ.get("SAHEL_INDEX_SYNC"):
            _pending.append((dataset, target, path))  # written by finish() once the answer is out
        else:
            _write(dataset, target, path)
    return MemoryStore(dataset)


def _load(path: Path) -> Dataset:
    from sahelcli.validate import load_dataset  # only when needed: a hit reads no YAML

    with progress.showing(f"sahel: reading {path.name}"):
        progress.phase("reading")
        return load_dataset(path)


def _write(dataset: Dataset, target: Path, source: Path) -> None:
    try:
        build(dataset, target, source=source)
    except (OSError, sqlite3.Error) as exc:  # a read-only or full cache folder: carry on
        print(f"sahel: warning: could not write the index: {exc}", file=sys.stderr)


def finish() -> None:
    """Write a deferred index in a detached child so the user is not kept waiting.

    The child lets go of the terminal and the pipes first, so ``sahel … | head`` ends as soon
    as the answer is out. A failed fork falls back to writing here and now.
    """
    while _pending:
        dataset, target, source = _pending.pop()
        try:
            temp = reserve(target)  # visible before this process exits: work is under way
        except OSError as exc:
            print(f"sahel: warning: could not write the index: {exc}", file=sys.stderr)
            continue
        try:
            pid = os.fork()
        except OSError:
            temp.unlink(missing_ok=True)
            _write(dataset, target, source)
            continue
        if pid:
            continue
        try:  # the child
            os.setsid()
            devnull = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):
                os.dup2(devnull, fd)
            build(dataset, target, temp, source=source)
        except BaseException:  # a cache is best effort: nothing surfaces from the child
            pass
        finally:
            os._exit(0)
