"""Atomic file writing, one implementation for every writer in sahel.

A file is written to a new temporary file beside its target (``mkstemp``: created with
O_EXCL, mode 0600, an unpredictable name, so nothing planted at a guessable name is ever
written through) and moved into place with ``os.replace`` only once complete; on any failure
the temporary file is removed and the target is left as it was. ``replacing`` is the core;
``atomic_target`` adds what user-facing output needs (``--force``, streams, the usual file
mode), ``write_private`` what the index cache needs (files that stay 0600).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from sahelcli.errors import OutputError, UsageError


def is_stream(path: Path) -> bool:
    """Whether ``path`` is written into, not replaced: /dev/stdout and /dev/stderr, an
    existing FIFO or character device (a terminal, /dev/null)."""
    import stat

    if str(path) in ("/dev/stdout", "/dev/stderr", "/dev/fd/1", "/dev/fd/2"):
        return True
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)


def real_target(path: Path) -> Path:
    """The file to write for ``path``: a symlink is written through to its target (which is
    then replaced atomically), never replaced itself."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def check_target(path: Path, *, force: bool) -> None:
    """Refuse (before any work) to overwrite a file without ``force``, or to write to a folder.
    Streams (FIFOs, devices, /dev/stdout) are written into and need no ``force``."""
    if is_stream(path):
        return
    path = real_target(path)
    if path.is_dir():
        raise UsageError(f"{path} is a folder", hint="give a file name to -o")
    if path.exists() and not force:
        raise UsageError(f"{path} already exists", hint="use --force to overwrite it")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"cannot write {path}: folder {parent} does not exist")


def reserve(target: Path, prefix: str | None = None) -> Path:
    """A new, empty, private (0600) temporary file beside ``target``, named ``prefix…tmp``
    (default ``.<target name>.…tmp``). It exists once this returns, so another process can
    see that work is under way."""
    parent = target.parent if str(target.parent) else Path(".")
    handle, name = tempfile.mkstemp(prefix=prefix or f".{target.name}.", suffix=".tmp", dir=parent)
    os.close(handle)
    return Path(name)


def _replace(temp: Path, target: Path) -> None:
    os.replace(temp, target)


@contextlib.contextmanager
def replacing(
    target: Path,
    *,
    temp: Path | None = None,
    prefix: str | None = None,
    commit: Callable[[Path, Path], None] = _replace,
) -> Iterator[Path]:
    """Yield a temporary file beside ``target`` (``temp`` when one was reserved already) and
    ``commit`` it into place (by default ``os.replace``, keeping its mode) when the block
    succeeds. On any error, SIGTERM included, the temporary file is removed and ``target`` is
    left as it was."""
    temp = temp or reserve(target, prefix)
    previous = _terminate_cleanly()
    try:
        yield temp
        commit(temp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
        _restore_terminate(previous)


def write_private(target: Path, data: bytes, *, prefix: str | None = None) -> None:
    """Write ``data`` to ``target`` atomically as a private file (0600, as mkstemp makes it)."""
    with replacing(target, prefix=prefix) as temp:
        temp.write_bytes(data)


@contextlib.contextmanager
def atomic_target(path: Path, *, force: bool = True) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; move it into place when the block succeeds.

    Without ``force`` an existing file is never replaced, even one created meanwhile (the move
    is then a hard link, which fails if the name is taken). On any error the temporary file is
    removed and ``path`` is left as it was. A new file gets the usual mode (0666 less the
    umask), a replaced one keeps its own.
    """
    check_target(path, force=force)
    if is_stream(path):
        with _through_temp(path) as temp:
            yield temp
        return
    path = real_target(path)
    try:
        temp = reserve(path)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None

    def commit(temp: Path, path: Path) -> None:
        _commit(temp, path, force=force)

    with replacing(path, temp=temp, commit=commit):
        yield temp


@contextlib.contextmanager
def _through_temp(stream: Path) -> Iterator[Path]:
    """For a stream target: write a private temporary file, then copy it into the stream."""
    fd, name = tempfile.mkstemp(prefix=".sahel-", suffix=".tmp")
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
        try:
            with open(stream, "wb") as out, open(temp, "rb") as data:
                while chunk := data.read(1 << 20):
                    out.write(chunk)
        except OSError as exc:
            raise OutputError(f"cannot write {stream}: {exc.strerror or exc}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def _terminate_cleanly() -> object:
    """While a temporary file exists, SIGTERM ends the run through the cleanup (Python's
    default would leave the hidden temporary file beside the target)."""
    import signal

    def stop(_signum: int, _frame: object) -> None:
        raise SystemExit(143)

    try:
        return signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread: leave signals alone
        return None


def _restore_terminate(previous: object) -> None:
    import signal

    if previous is not None:
        with contextlib.suppress(ValueError, TypeError):
            signal.signal(signal.SIGTERM, previous)  # type: ignore[arg-type]


def _commit(temp: Path, path: Path, *, force: bool) -> None:
    with contextlib.suppress(OSError):
        try:  # a file replaced keeps its mode (a private 0600 file stays private)
            mode = os.stat(path).st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o666 & ~_umask()  # mkstemp makes 0600; a new file gets the usual mode
        os.chmod(temp, mode)
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
