"""The compiled index: a validated dataset stored as SQLite in the user's cache folder.

The file is named by a hash of the tool version, the schema version and the path and content
of every input file, so an edited dataset never meets a stale index. It is written to a
temporary file and renamed into place (atomic; two processes building at once each rename a
complete file). A file that is corrupt, truncated, foreign or of another version is ignored
and rebuilt, never trusted. Queries read only the rows they need (see store.py).
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
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Any

from sahelcli import __version__
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
from sahelcli.query.text import fold
from sahelcli.query.timeline import EventQuery, sort_key
from sahelcli.serialize import record_from_json, to_json
from sahelcli.store import MemoryStore, RecordQuery, Store

SCHEMA_VERSION = 4  # 4: claim_about also lists joint claimants
PREFIX = "index-"
_US = dt.timedelta(microseconds=1)

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE actors (id TEXT PRIMARY KEY, doc TEXT NOT NULL);
CREATE TABLE events (
    n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, start INTEGER NOT NULL, end INTEGER NOT NULL,
    prec INTEGER NOT NULL, folded TEXT NOT NULL, doc TEXT NOT NULL);
CREATE TABLE event_actors (event INTEGER NOT NULL REFERENCES events(n), actor TEXT NOT NULL);
CREATE TABLE event_tags (event INTEGER NOT NULL REFERENCES events(n), tag TEXT NOT NULL);
CREATE TABLE claims (
    n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, start INTEGER NOT NULL, end INTEGER NOT NULL,
    claimant TEXT NOT NULL, folded TEXT NOT NULL, doc TEXT NOT NULL);
CREATE TABLE claim_about (claim INTEGER NOT NULL REFERENCES claims(n), actor TEXT NOT NULL);
CREATE TABLE deadlines (
    n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, issuer TEXT NOT NULL, target TEXT NOT NULL,
    folded TEXT NOT NULL, doc TEXT NOT NULL);
"""
INDEXES = """
CREATE INDEX events_end ON events(end);
CREATE INDEX events_order ON events(start, prec, n);
CREATE INDEX event_actors_actor ON event_actors(actor, event);
CREATE INDEX event_tags_tag ON event_tags(tag, event);
CREATE INDEX claims_claimant ON claims(claimant);
CREATE INDEX claim_about_actor ON claim_about(actor, claim);
"""


class StaleIndex(Exception):
    """The index file cannot be used (missing, foreign, corrupt, other version)."""


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sahel"


_warned: set[str] = set()


def _warn_once(message: str) -> None:
    if message not in _warned:
        _warned.add(message)
        print(f"sahel: warning: {message}", file=sys.stderr)


def _private(info: os.stat_result, *, folder: bool) -> bool:
    """Owned by this user, not writable by group or others, and not a symlink (as ssh and git
    require of their folders). Always true where there are no owners to check."""
    import stat

    kind_ok = stat.S_ISDIR(info.st_mode) if folder else stat.S_ISREG(info.st_mode)
    if not hasattr(os, "getuid"):
        return kind_ok
    return kind_ok and info.st_uid == os.getuid() and not info.st_mode & 0o022


def private_cache_dir() -> Path | None:
    """The cache folder, made 0700 if new; None (with one warning) when it is not private:
    another user who can create or write it could plant an index or a stamp."""
    folder = cache_dir()
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):
            os.mkdir(folder, 0o700)
        info = os.lstat(folder)
    except OSError as exc:
        _warn_once(f"cannot use the cache folder {folder} ({exc.strerror or exc}); no index")
        return None
    if not _private(info, folder=True):
        _warn_once(
            f"the cache folder {folder} is not private (it must be yours and not writable by "
            "others); running without the index"
        )
        return None
    return folder


def trusted_file(path: Path) -> bool:
    """A cache file this tool may read: a regular file of this user's that others cannot
    write (never followed through a symlink)."""
    try:
        return _private(os.lstat(path), folder=False)
    except OSError:
        return False


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
    """Write the stamp through a new private temporary file (mkstemp: O_EXCL, mode 0600, an
    unpredictable name, so nothing planted at a guessable name is ever written through)."""
    import tempfile

    with contextlib.suppress(OSError):
        handle, name = tempfile.mkstemp(dir=stamp.parent, prefix=".stamp-", suffix=".tmp")
        try:
            with os.fdopen(handle, "w") as out:
                out.write(json.dumps(record))
            os.replace(name, stamp)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(name)


# --- building ---------------------------------------------------------------------------------


def _dumps(record: Any) -> str:
    return json.dumps(to_json(record), ensure_ascii=False, separators=(",", ":"))


@functools.cache
def schema_version() -> str:
    """The index's format version: the hand-kept number plus a digest of every field's spec,
    so that adding or changing a field (e.g. making it searchable) rebuilds old indexes."""
    from sahelcli.model import Outcome, Source

    classes = [Meta, Source, Outcome, *SECTIONS.values()]
    specs = repr([(cls.__name__, yaml_fields(cls)) for cls in classes])
    return f"{SCHEMA_VERSION}.{blake2b(specs.encode(), digest_size=6).hexdigest()}"


def _folded(*texts: str | None) -> str:
    return fold("\n".join(t for t in texts if t))


def reserve(target: Path) -> Path:
    """A new temporary file beside ``target`` for an index being built."""
    import tempfile

    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(dir=target.parent, prefix=".building-", suffix=".tmp")
    os.close(handle)
    return Path(temp_name)


def build(dataset: Dataset, target: Path, temp: Path | None = None) -> None:
    """Write ``dataset`` as an index at ``target`` (atomically, through ``temp``)."""
    temp = temp or reserve(target)
    try:
        conn = sqlite3.connect(temp)
        try:
            _fill(conn, dataset)
        finally:
            conn.close()
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)
    _prune(target)


def _fill(conn: sqlite3.Connection, dataset: Dataset) -> None:
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    conn.executescript(SCHEMA)
    with conn:
        conn.executemany(
            "INSERT INTO actors VALUES (?, ?)", ((a.id, _dumps(a)) for a in dataset.actors)
        )
        conn.executemany(
            "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                (
                    n,
                    e.id,
                    micros(e.start),
                    micros(e.end),
                    sort_key(e)[1],
                    _folded(*search_texts(e)),
                    _dumps(e),
                )
                for n, e in enumerate(dataset.events)
            ),
        )
        conn.executemany(
            "INSERT INTO event_actors VALUES (?, ?)",
            ((n, a) for n, e in enumerate(dataset.events) for a in set(e.actors)),
        )
        conn.executemany(
            "INSERT INTO event_tags VALUES (?, ?)",
            ((n, t) for n, e in enumerate(dataset.events) for t in set(e.tags)),
        )
        conn.executemany(
            "INSERT INTO claims VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                (
                    n,
                    c.id,
                    micros(c.start),
                    micros(c.end),
                    c.claimant,
                    _folded(*search_texts(c)),
                    _dumps(c),
                )
                for n, c in enumerate(dataset.claims)
            ),
        )
        conn.executemany(
            "INSERT INTO claim_about VALUES (?, ?)",
            # Every actor a claim involves (about, and joint claimants): the store narrows by it.
            ((n, a) for n, c in enumerate(dataset.claims) for a in {*c.about, *c.co_claimants}),
        )
        conn.executemany(
            "INSERT INTO deadlines VALUES (?, ?, ?, ?, ?, ?)",
            (
                (
                    n,
                    d.id,
                    d.issuer,
                    d.target,
                    _folded(*search_texts(d)),
                    _dumps(d),
                )
                for n, d in enumerate(dataset.deadlines)
            ),
        )
        conn.executescript(INDEXES)
        fts = _full_text_index(conn)
        meta = {
            "schema_version": schema_version(),
            "tool_version": __version__,
            "meta": _dumps(dataset.meta),
            "files": json.dumps(list(dataset.files)),
            "fts": "1" if fts else "0",
            "complete": "1",  # written last: a file without it is never used
        }
        conn.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())


#: Substring search over the folded text. The trigram tokenizer matches any run of three or
#: more characters, which is exactly ``instr(folded, needle)`` for such needles.
FTS_TABLES = ("events", "claims")


def _full_text_index(conn: sqlite3.Connection) -> bool:
    try:
        for table in FTS_TABLES:
            conn.execute(
                f"CREATE VIRTUAL TABLE {table}_fts USING fts5(folded, content='{table}',"
                " content_rowid='n', tokenize='trigram')"
            )
            conn.execute(f"INSERT INTO {table}_fts({table}_fts) VALUES ('rebuild')")
    except sqlite3.OperationalError:  # an SQLite without FTS5 or the trigram tokenizer
        for table in FTS_TABLES:
            conn.execute(f"DROP TABLE IF EXISTS {table}_fts")
        return False
    return True


def text_condition(table: str, needle: str, fts: bool) -> tuple[str, str]:
    """SQL (and its parameter) keeping rows whose folded text contains ``needle``."""
    if fts and table in FTS_TABLES and len(needle) >= 3:
        phrase = '"' + needle.replace('"', '""') + '"'
        return f"n IN (SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ?)", phrase
    return "instr(folded, ?) > 0", needle


def _prune(keep: Path) -> None:
    """Remove older indexes of the same dataset path (other content, other versions)."""
    parts = keep.name.split("-")
    if len(parts) != 3 or not keep.name.startswith(PREFIX):
        return
    for old in keep.parent.glob(f"{PREFIX}{parts[1]}-*.sqlite"):
        if old != keep:
            with contextlib.suppress(OSError):
                old.unlink()


# --- reading ----------------------------------------------------------------------------------


class IndexStore:
    """Reads only what a query needs from the index; any SQLite error means StaleIndex."""

    def __init__(self, path: Path) -> None:
        if not trusted_file(path):
            raise StaleIndex("no index of this user's")
        try:
            uri = path.resolve().as_uri() + "?mode=ro&immutable=1"
            self.conn = sqlite3.connect(uri, uri=True)
            rows = dict(self.conn.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.Error as exc:
            raise StaleIndex(str(exc)) from None
        if rows.get("complete") != "1" or rows.get("schema_version") != schema_version():
            raise StaleIndex("incomplete or foreign index")
        try:
            self._meta: Meta = record_from_json(Meta, json.loads(rows["meta"]))
            self.files = tuple(json.loads(rows["files"]))
            self.fts = rows.get("fts") == "1"
        except (KeyError, ValueError, TypeError) as exc:
            raise StaleIndex(str(exc)) from None
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
            self._actors = tuple(
                record_from_json(Actor, json.loads(doc))
                for (doc,) in self._rows("SELECT doc FROM actors ORDER BY rowid")
            )
        return self._actors

    def tags(self) -> set[str]:
        return {tag for (tag,) in self._rows("SELECT DISTINCT tag FROM event_tags")}

    def count_events(self, query: EventQuery) -> int | None:
        if query.text:
            return None  # text matching is only narrowed here; the query decides
        condition, params = self._event_condition(query)
        ((count,),) = self._rows(f"SELECT count(*) FROM events{condition}", params)
        return int(count)

    def event_ends(self, ids: Collection[str]) -> dict[str, dt.datetime]:
        wanted = list(ids)
        marks = ",".join("?" * len(wanted))
        rows = self._rows(f"SELECT id, end FROM events WHERE id IN ({marks})", wanted)
        return {str(i): from_micros(end) for i, end in rows}

    def _event_condition(self, query: EventQuery | None) -> tuple[str, list[Any]]:
        where: list[str] = []
        params: list[Any] = []
        if query is not None:
            if query.as_of is not None:
                where.append("end <= ?")
                params.append(micros(query.as_of))
            if query.since is not None:
                where.append("end >= ?")
                params.append(micros(query.since))
            if query.until is not None:
                where.append("start <= ?")
                params.append(micros(query.until))
            if query.actors:
                marks = ",".join("?" * len(query.actors))
                where.append(f"n IN (SELECT event FROM event_actors WHERE actor IN ({marks}))")
                params.extend(query.actors)
            if query.tags:
                marks = ",".join("?" * len(query.tags))
                where.append(f"n IN (SELECT event FROM event_tags WHERE tag IN ({marks}))")
                params.extend(query.tags)
            if query.text:
                condition, param = text_condition("events", query.text, self.fts)
                where.append(condition)
                params.append(param)
        return ((" WHERE " + " AND ".join(where)) if where else ""), params

    def events(self, query: EventQuery | None) -> tuple[Event, ...]:
        condition, params = self._event_condition(query)
        if query is not None and query.limit is not None and not query.text:
            # Every filter is exact here, so the timeline's order and limit can apply in SQL.
            # The rows still come back in file order, which the timeline's stable sort uses.
            order = "DESC" if query.reverse else "ASC"
            sql = (
                f"SELECT start, end, doc FROM (SELECT * FROM events{condition}"
                f" ORDER BY start {order}, prec {order}, n {order} LIMIT ?) ORDER BY n"
            )
            params.append(query.limit)
        else:
            sql = f"SELECT start, end, doc FROM events{condition} ORDER BY n"
        return tuple(
            record_from_json(Event, json.loads(doc), start=from_micros(s), end=from_micros(e))
            for s, e, doc in self._rows(sql, params)
        )

    def claims(self, query: RecordQuery | None) -> tuple[Claim, ...]:
        where, params = _record_filter(
            query,
            "claimant = ? OR n IN (SELECT claim FROM claim_about WHERE actor = ?)",
            2,
            text_condition("claims", query.text, self.fts) if query and query.text else None,
        )
        rows = self._rows(f"SELECT start, end, doc FROM claims{where} ORDER BY n", params)
        return tuple(
            record_from_json(Claim, json.loads(doc), start=from_micros(s), end=from_micros(e))
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
        return tuple(record_from_json(Deadline, json.loads(doc)) for (doc,) in rows)

    def full(self) -> Dataset:
        return Dataset(
            meta=self._meta,
            actors=self.actors(),
            events=self.events(None),
            claims=self.claims(None),
            deadlines=self.deadlines(None),
            files=self.files,
        )


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

_pending: list[tuple[Dataset, Path]] = []


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
    """The dataset at ``path``: from a valid index if one exists, else loaded (and indexed)."""
    if not use_cache:
        from sahelcli.validate import load_dataset

        return MemoryStore(load_dataset(path))
    files = dataset_files(path)
    folder = private_cache_dir()
    if folder is None:
        from sahelcli.validate import load_dataset

        return MemoryStore(load_dataset(path))
    before = _stat_signature(files)
    target = index_path(files, folder)
    with contextlib.suppress(StaleIndex):
        return ResilientStore(IndexStore(target), path, target)
    from sahelcli.validate import load_dataset  # only now: YAML is not needed on a hit

    dataset = load_dataset(path)
    if _stat_signature(files) != before:
        # Edited while this run read it: the key and the parsed text may be two versions.
        # Answer from what was parsed, but index nothing under a key that may not match.
        for stamp in folder.glob(f"stamp-{_path_hash(files)}.json"):
            stamp.unlink(missing_ok=True)
        return MemoryStore(dataset)
    size = sum(f.stat().st_size for f in files)
    if size > DEFER_BYTES and hasattr(os, "fork") and not os.environ.get("SAHEL_INDEX_SYNC"):
        _pending.append((dataset, target))  # written by finish() once the answer is out
    else:
        _write(dataset, target)
    return MemoryStore(dataset)


def _write(dataset: Dataset, target: Path) -> None:
    try:
        build(dataset, target)
    except (OSError, sqlite3.Error) as exc:  # a read-only or full cache folder: carry on
        print(f"sahel: warning: could not write the index: {exc}", file=sys.stderr)


def finish() -> None:
    """Write a deferred index in a detached child so the user is not kept waiting.

    The child lets go of the terminal and the pipes first, so ``sahel … | head`` ends as soon
    as the answer is out. A failed fork falls back to writing here and now.
    """
    while _pending:
        dataset, target = _pending.pop()
        try:
            temp = reserve(target)  # visible before this process exits: work is under way
        except OSError as exc:
            print(f"sahel: warning: could not write the index: {exc}", file=sys.stderr)
            continue
        try:
            pid = os.fork()
        except OSError:
            temp.unlink(missing_ok=True)
            _write(dataset, target)
            continue
        if pid:
            continue
        try:  # the child
            os.setsid()
            devnull = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):
                os.dup2(devnull, fd)
            build(dataset, target, temp)
        except BaseException:  # a cache is best effort: nothing surfaces from the child
            pass
        finally:
            os._exit(0)


def cache_files() -> list[Path]:
    """Every file of the cache folder this tool wrote: indexes, their hash stamps, and what a
    killed build or stamp write may have left (``.building-*.tmp``, ``.stamp-*.tmp``)."""
    folder = cache_dir()
    if not folder.is_dir():
        return []
    patterns = (f"{PREFIX}*.sqlite", "stamp-*.json", ".building-*.tmp", ".stamp-*.tmp")
    return sorted(path for pattern in patterns for path in folder.glob(pattern))
