"""Make untrusted text safe to print: data is shown, never executed or interpreted.

Control characters (C0, DEL, C1) and bidirectional overrides are replaced with visible
stand-ins, so an ESC sequence in a title cannot restyle the terminal and a right-to-left
override cannot reorder what the reader sees. Spreadsheet formulas are defused in CSV/TSV.
"""

from __future__ import annotations

import re

_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")
_UNSAFE_KEEP_NONE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟ (ESC shows as ␛)
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"


def clean(text: str) -> str:
    """Replace control and bidi characters, keeping tabs and newlines."""
    return _UNSAFE.sub(_visible, text)


def clean_line(text: str) -> str:
    """Replace every control character, newlines and tabs included (for one-line contexts)."""
    return _UNSAFE_KEEP_NONE.sub(_visible, text)


def defuse_formula(text: str) -> str:
    """Prefix a quote to a cell a spreadsheet would run as a formula (OWASP's advice)."""
    return "'" + text if text.startswith(FORMULA_START) else text


def escape_json_text(dumped: str) -> str:
    """JSON already escapes C0; escape DEL, C1 and bidi controls too (still valid JSON)."""
    return re.sub(f"[\x7f-\x9f{_BIDI}]", lambda m: f"\\u{ord(m.group()):04x}", dumped)
