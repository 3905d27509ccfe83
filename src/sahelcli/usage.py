"""Click's usage errors, said in the one error style of the CLI.

``sahel: error: <what>`` then ``  hint: <what to do>``, exit code 2, in plain words:
"--limit must be 1 or more", not "Invalid value for '--limit' / '-n': -1 is not in the
range x>=1.".
"""

from __future__ import annotations

import re
from typing import Any

#: (pattern on Click's message, plain message with \\1.. groups, hint or None)
_PATTERNS = [
    (r"^No such command '(.+)'\.(?: Did you mean '(.+)'\?)?$", "unknown command '\\1'", None),
    (r"^No such option: (\S+)", "unknown option \\1", None),
    (
        r"^Got unexpected extra arguments?(?:\(s\))? \((.+)\)$",
        "unexpected extra argument: \\1",
        None,
    ),
    (r"^Missing argument '(.+)'\.?$", "missing argument \\1", None),
    (r"^Missing option '(.+)'\.?$", "missing option \\1", None),
    (r"^Option '(.+)' requires an argument\.$", "\\1 needs a value", None),
    (r"^Option '(.+)' requires (\d+) arguments\.$", "\\1 needs \\2 values", None),
]


def _message(exc: Any) -> str:
    formatter = getattr(exc, "format_message", None)
    text = formatter() if callable(formatter) else str(getattr(exc, "message", exc))
    return str(text).strip()


def _option_name(param: Any) -> str:
    opts = [o for o in getattr(param, "opts", []) if o.startswith("--")] or list(
        getattr(param, "opts", []) or [getattr(param, "name", "value")]
    )
    return str(opts[0]) if opts else "value"


def _bad_parameter(exc: Any) -> tuple[str, str | None]:
    param = getattr(exc, "param", None)
    name = _option_name(param) if param is not None else "value"
    kind = getattr(param, "type", None)
    minimum = getattr(kind, "min", None)
    maximum = getattr(kind, "max", None)
    text = _message(exc)
    found = re.search(r"'([^']*)' is not a valid int(?:eger)?", text)
    if found:
        return f"{name} must be a whole number, not {found.group(1)!r}", None
    if (minimum is not None or maximum is not None) and "range" in text:
        given = re.search(r"(-?\d+) is not in the range", text)
        value = int(given.group(1)) if given else None
        if minimum is not None and (maximum is None or (value is not None and value < minimum)):
            return f"{name} must be {minimum} or more", None
        if maximum is not None and (minimum is None or (value is not None and value > maximum)):
            return f"{name} must be at most {maximum:,}", None
        return f"{name} must be between {minimum} and {maximum:,}", None
    return f"{name}: {text.rstrip('.')}", None


def plain(exc: Any, command_path: str | None) -> tuple[str, str]:
    """The message and hint for one of Click's usage errors."""
    help_hint = f"see '{command_path} --help'" if command_path else "see 'sahel --help'"
    if type(exc).__name__ in ("BadParameter", "BadOptionUsage", "BadArgumentUsage") and getattr(
        exc, "param", None
    ):
        message, hint = _bad_parameter(exc)
        return message, hint or help_hint
    text = _message(exc)
    possibilities = getattr(exc, "possibilities", None)
    for pattern, replacement, hint in _PATTERNS:
        found = re.match(pattern, text, flags=re.DOTALL)
        if not found:
            continue
        message = found.expand(replacement)
        if pattern.startswith("^No such command") and found.group(2):
            return message, f"did you mean '{found.group(2)}'?"
        if possibilities:
            return message, "did you mean " + " or ".join(sorted(possibilities)) + "?"
        if "extra argument" in message:
            return message, 'quote a name with spaces: sahel actor "Emmanuel Macron"'
        return message, hint or help_hint
    first = text.splitlines()[0] if text else type(exc).__name__
    return first[:1].lower() + first[1:], help_hint
