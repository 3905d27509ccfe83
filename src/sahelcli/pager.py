"""Long terminal output goes through a pager, as git and gh do it.

The pager is ``SAHEL_PAGER``, else ``PAGER``, else ``less -FRX`` (quits at once when the text
fits one screen, keeps colour, leaves the text on the screen). It is used only when stdout is
a terminal and the text is taller than it; ``--no-pager`` and ``cat`` (or an empty value)
turn it off. A pager that cannot start falls back to plain output.
"""

from __future__ import annotations

import os
import shlex
import signal
import subprocess

DEFAULT = "less -FRX"


def pager_command() -> list[str] | None:
    """The pager to run, or None when paging is switched off."""
    for name in ("SAHEL_PAGER", "PAGER"):
        value = os.environ.get(name)
        if value is not None:
            break
    else:
        value = DEFAULT
    try:
        argv = shlex.split(value)
    except ValueError:
        return None
    if not argv or argv == ["cat"]:
        return None
    return argv


def page(text: str, argv: list[str]) -> bool:
    """Show ``text`` through the pager ``argv``; False when it could not be started."""
    env = dict(os.environ)
    env.setdefault("LESS", "FRX")  # git's default: quit if one screen, raw colour, no clear
    env.setdefault("LV", "-c")
    try:
        process = subprocess.Popen(argv, stdin=subprocess.PIPE, env=env)
    except OSError:
        return False
    # Ctrl-C belongs to the pager while it runs (less uses it to stop a search).
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        assert process.stdin is not None
        try:
            process.stdin.write(text.encode("utf-8", "replace"))
            process.stdin.close()
        except BrokenPipeError:  # the reader quit before reading everything
            pass
        process.wait()
    finally:
        signal.signal(signal.SIGINT, previous)
    return True
