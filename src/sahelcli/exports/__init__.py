"""Exports of the dataset to other tools' formats, and the atomic file writing they share.

Every exporter is a pure function of records (and the as-of instant where it matters); files
are written through ``atomic_target``: a temporary file in the destination folder, moved into
place with ``os.replace`` only once complete, so a failure never leaves a partial file.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from sahelcli.errors import OutputError, UsageError


def check_target(path: Path, *, force: bool) -> None:
    """Refuse (before any work) to overwrite a file without ``force``, or to write to a folder."""
    if path.is_dir():
        raise UsageError(f"{path} is a folder", hint="give a file name to -o")
    if path.exists() and not force:
        raise UsageError(f"{path} already exists", hint="use --force to overwrite it")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"cannot write {path}: folder {parent} does not exist")


@contextlib.contextmanager
def atomic_target(path: Path, *, force: bool = True) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; move it into place when the block succeeds.

    Without ``force`` an existing file is never replaced, even one created meanwhile (the move
    is then a hard link, which fails if the name is taken). On any error the temporary file is
    removed and ``path`` is left as it was.
    """
    check_target(path, force=force)
    parent = path.parent if str(path.parent) else Path(".")
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
        _commit(temp, path, force=force)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def _commit(temp: Path, path: Path, *, force: bool) -> None:
    with contextlib.suppress(OSError):
        os.chmod(temp, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual file mode
    try:
        if force:
            os.replace(temp, path)
            return
        try:
            os.link(temp, path)  # atomic "create only if absent"
        except FileExistsError:
            raise UsageError(f"{path} already exists", hint="use --force to overwrite it") from None
        except OSError:  # no hard links on this file system: check, then replace
            if path.exists():
                raise UsageError(
                    f"{path} already exists", hint="use --force to overwrite it"
                ) from None
            os.replace(temp, path)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_bytes_atomic(path: Path, data: bytes, *, force: bool) -> None:
    """Write ``data`` to ``path`` atomically (see ``atomic_target``)."""
    with atomic_target(path, force=force) as temp:
        try:
            with open(temp, "wb") as handle:
                _write_all(handle, data)
        except OSError as exc:
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None


def _write_all(handle: BinaryIO, data: bytes) -> None:
    handle.write(data)
    handle.flush()
    os.fsync(handle.fileno())
