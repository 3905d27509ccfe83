"""The cache folder: where it is, that it is private, what is in it, and what may go.

Where: ``SAHEL_CACHE_DIR`` when set (used as it is), else the platform's user cache folder as
platformdirs gives it: ``$XDG_CACHE_HOME/sahel`` (by default ``~/.cache/sahel``) on Linux and
other Unixes, ``~/Library/Caches/sahel`` on macOS, ``%LOCALAPPDATA%\\sahel\\Cache`` on
Windows. On Linux the XDG rule is applied here (platformdirs gives the same answer, which a
test checks) because importing platformdirs costs ~3.7 ms of every run; elsewhere platformdirs
decides, imported only when the folder is needed.

What goes: an index is named ``index-<path hash>-<content hash>.sqlite`` (see index.py), so
each edit of a dataset leaves the index of the previous version behind. After every build
the folder is pruned: of each dataset path's indexes the ``KEEP_PER_DATASET`` most recently
used stay (switching back to a branch or an earlier version of a file is then free), and
any index unused for ``IDLE_DAYS`` goes, whatever its dataset (a dataset that was moved or
deleted). An index's modification time is its last use: reading it touches it, at most once
a ``USE_MARK_SECONDS``.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from pathlib import Path
from typing import NamedTuple

APP = "sahel"
PREFIX = "index-"
KEEP_PER_DATASET = 3
IDLE_DAYS = 30
USE_MARK_SECONDS = 24 * 3600
#: Temporary files older than this were left by a killed build or stamp write.
STRAY_SECONDS = 24 * 3600
TEMP_PATTERNS = (".building-*.tmp", ".stamp-*.tmp")


def cache_dir() -> Path:
    """The folder the index lives in (not created here)."""
    override = os.environ.get("SAHEL_CACHE_DIR")
    if override:
        return Path(override).expanduser()
    return platform_cache_dir(sys.platform)


def platform_cache_dir(platform: str) -> Path:
    """The user cache folder of ``platform`` (a ``sys.platform`` value) for sahel."""
    if platform.startswith("linux"):  # XDG, as platformdirs.unix does it, without the import
        base = os.environ.get("XDG_CACHE_HOME", "")
        return Path(base if base.strip() else os.path.expanduser("~/.cache")) / APP
    if platform == "darwin":
        from platformdirs.macos import MacOS as Dirs
    elif platform == "win32":
        from platformdirs.windows import Windows as Dirs  # type: ignore[assignment]
    else:  # Linux and the other Unixes: the XDG base directories
        from platformdirs.unix import Unix as Dirs  # type: ignore[assignment]
    return Path(Dirs(APP, appauthor=False).user_cache_dir)


_warned: set[str] = set()


def warn_once(message: str) -> None:
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
        warn_once(f"cannot use the cache folder {folder} ({exc.strerror or exc}); no index")
        return None
    if not _private(info, folder=True):
        warn_once(
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


def mark_used(path: Path) -> None:
    """Record that the index at ``path`` was used now (its modification time), unless that
    was already done in the last ``USE_MARK_SECONDS``."""
    with contextlib.suppress(OSError):
        if time.time() - os.lstat(path).st_mtime > USE_MARK_SECONDS:
            os.utime(path)


class IndexFile(NamedTuple):
    path: Path
    dataset: str  # the hash of the dataset's paths: one per dataset path, across versions
    size: int
    used: float  # last use (modification time), seconds since the epoch


def index_files(folder: Path) -> list[IndexFile]:
    """The index files in ``folder``, most recently used first."""
    found = []
    for path in folder.glob(f"{PREFIX}*.sqlite"):
        parts = path.name[: -len(".sqlite")].split("-")
        if len(parts) != 3:
            continue
        with contextlib.suppress(OSError):
            info = os.lstat(path)
            found.append(IndexFile(path, parts[1], info.st_size, info.st_mtime))
    return sorted(found, key=lambda f: (-f.used, f.path.name))


def prune(folder: Path, keep: Path | None = None, now: float | None = None) -> list[Path]:
    """Remove the indexes the rules above let go (never ``keep``), the stamps of dataset
    paths left without an index, and old leftovers of killed writes; what was removed."""
    now = time.time() if now is None else now
    removed: list[Path] = []
    seen: dict[str, int] = {}
    for entry in index_files(folder):
        rank = seen[entry.dataset] = seen.get(entry.dataset, 0) + 1
        idle = now - entry.used > IDLE_DAYS * 86400
        if entry.path != keep and (rank > KEEP_PER_DATASET or idle) and _remove(entry.path):
            removed.append(entry.path)
    left = {entry.dataset for entry in index_files(folder)}
    for stamp in folder.glob("stamp-*.json"):
        orphan = stamp.name[len("stamp-") : -len(".json")] not in left
        if orphan and _older(stamp, now, STRAY_SECONDS) and _remove(stamp):
            removed.append(stamp)
    for pattern in TEMP_PATTERNS:
        for temp in folder.glob(pattern):
            if _older(temp, now, STRAY_SECONDS) and _remove(temp):
                removed.append(temp)
    return removed


def _older(path: Path, now: float, seconds: float) -> bool:
    try:
        return now - os.lstat(path).st_mtime > seconds
    except OSError:
        return False


def _remove(path: Path) -> bool:
    try:
        path.unlink()
    except OSError:  # gone already, or in use on a system that forbids removing it
        return False
    return True


class DatasetCache(NamedTuple):
    """What the cache holds for one dataset path: its indexes (most recently used first)
    and their hash stamp."""

    dataset: str
    indexes: list[IndexFile]
    stamp: Path | None

    @property
    def size(self) -> int:
        stamp = 0
        with contextlib.suppress(OSError):
            stamp = os.lstat(self.stamp).st_size if self.stamp else 0
        return sum(entry.size for entry in self.indexes) + stamp


def by_dataset(folder: Path) -> list[DatasetCache]:
    """The cache's indexes grouped by dataset path, the most recently used dataset first."""
    groups: dict[str, list[IndexFile]] = {}
    for entry in index_files(folder):
        groups.setdefault(entry.dataset, []).append(entry)
    out = []
    for dataset, entries in groups.items():
        stamp = folder / f"stamp-{dataset}.json"
        out.append(DatasetCache(dataset, entries, stamp if stamp.exists() else None))
    return out


def stray_files(folder: Path) -> list[Path]:
    """Files no index explains: leftovers of killed writes, stamps without an index."""
    kept = {entry.dataset for entry in index_files(folder)}
    strays = [p for pattern in TEMP_PATTERNS for p in folder.glob(pattern)]
    strays += [
        stamp
        for stamp in folder.glob("stamp-*.json")
        if stamp.name[len("stamp-") : -len(".json")] not in kept
    ]
    return sorted(strays)


def human_size(size: float) -> str:
    """``95.9 MB``: decimal units, as file managers and ``df -H`` show them."""
    for unit in ("B", "kB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000
    raise AssertionError("unreachable")


def cache_files() -> list[Path]:
    """Every file of the cache folder this tool wrote: indexes, their hash stamps, and what a
    killed build or stamp write may have left (``.building-*.tmp``, ``.stamp-*.tmp``)."""
    folder = cache_dir()
    if not folder.is_dir():
        return []
    patterns = (f"{PREFIX}*.sqlite", "stamp-*.json", *TEMP_PATTERNS)
    return sorted(path for pattern in patterns for path in folder.glob(pattern))
