"""Test set-up: a deterministic terminal environment before Typer is imported, and helpers.

Typer reads terminal settings at import time, so the environment is fixed here first.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

os.environ["_TYPER_FORCE_DISABLE_TERMINAL"] = "1"
os.environ["COLUMNS"] = "120"
os.environ["TERMINAL_WIDTH"] = "120"
os.environ.pop("FORCE_COLOR", None)
os.environ.pop("NO_COLOR", None)
os.environ.pop("SAHEL_DATA", None)
os.environ["SAHEL_PAGER"] = "cat"  # pager tests set their own; a real `less` would wait for keys
# The index is on, as for users: one cache folder for the whole test session (rebuilt per
# dataset content, so fixtures never see each other's index). Tests of the index itself use
# their own folders.
os.environ.pop("SAHEL_NO_CACHE", None)
os.environ.pop("SAHEL_CACHE_DIR", None)  # the cache folder comes from XDG_CACHE_HOME below
os.environ.pop("SAHEL_PROGRESS_AFTER", None)
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="sahel-test-cache-")

import pytest
from hypothesis import settings
from typer.testing import CliRunner, Result

from sahelcli.cli import app

# Machines here are noisy: no per-example time limit (a slow example is not a failure).
settings.register_profile("sahel", deadline=None)
settings.load_profile("sahel")

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent
SHARED_FIXTURES = ROOT.parent / "shared" / "fixtures"

Invoke = Callable[..., Result]


@pytest.fixture
def invoke() -> Iterator[Invoke]:
    """Run the CLI in-process: invoke("timeline", "--format", "json")."""
    runner = CliRunner()

    def run(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> Result:
        return runner.invoke(app, list(args), env=env, input=input, catch_exceptions=False)

    yield run


def run_sahel(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None, **kwargs: object
) -> subprocess.CompletedProcess[bytes]:
    """Run the real `sahel` process (python -m sahelcli) with real pipes."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "sahelcli", *args],
        capture_output=True,
        env=full_env,
        cwd=cwd,
        timeout=120,
        check=False,
        **kwargs,  # type: ignore[arg-type]
    )


@pytest.fixture
def mini() -> Path:
    return FIXTURES / "mini.yaml"


def write_many_events(target: Path, copies: int) -> Path:
    """The mini fixture with its three events repeated ``copies`` times (unique ids)."""
    text = (FIXTURES / "mini.yaml").read_text()
    head, rest = text.split("events:\n", 1)
    events, tail = rest.split("claims:\n", 1)
    many = "".join(
        events.replace("id: coup", f"id: coup-{i}")
        .replace("id: summit", f"id: summit-{i}")
        .replace("id: month-only", f"id: month-{i}")
        for i in range(copies)
    )
    target.write_text(head + "events:\n" + many + "claims:\n" + tail)
    return target


def run_in_pty(
    args: list[str],
    env: dict[str, str] | None = None,
    *,
    columns: int = 80,
    lines: int = 50,
    keys: Sequence[tuple[str, float]] = (),
    signal_after: tuple[int, float] | None = None,
) -> str:
    """Run ``args`` on a real pseudo-terminal of ``columns`` x ``lines``; the screen text.

    ``keys`` are typed in order, each followed by that many seconds of reading (an
    interactive shell: the last key should make it exit). ``signal_after`` is (signal,
    seconds): sent to the process after that long."""
    import fcntl
    import pty
    import select
    import struct
    import termios
    import time

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
    full_env = {**os.environ, **(env or {})}
    for name in ("COLUMNS", "LINES"):  # the terminal's own size decides
        full_env.pop(name, None)
    proc = subprocess.Popen(
        args, stdin=slave, stdout=slave, stderr=slave, env=full_env, start_new_session=True
    )
    os.close(slave)
    chunks: list[bytes] = []

    def drain(seconds: float) -> bool:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            ready, _, _ = select.select([master], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return False
            if not chunk:
                return False
            chunks.append(chunk)
        return True

    for text, wait in keys:
        drain(0.3)
        os.write(master, text.encode())
        drain(wait)
    if signal_after is not None:
        drain(signal_after[1])
        proc.send_signal(signal_after[0])
    while True:
        ready, _, _ = select.select([master], [], [], 20)
        if not ready:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    try:
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    os.close(master)
    return b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")


SAHEL = [sys.executable, "-m", "sahelcli"]
