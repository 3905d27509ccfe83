"""Environment switches, parsed one way everywhere."""

from __future__ import annotations

import os


def env_flag(name: str) -> bool:
    """An on/off environment variable: unset, empty, ``0``, ``false``, ``no`` and ``off``
    (any case) mean off; anything else on."""
    return os.environ.get(name, "").strip().lower() not in ("", "0", "false", "no", "off")


def no_color_requested() -> bool:
    """NO_COLOR (no-color.org): present and not empty means no colour, whatever the value."""
    return bool(os.environ.get("NO_COLOR"))
