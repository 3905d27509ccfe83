"""Make untrusted text safe to print: data is shown, never executed or interpreted.

Control characters (C0, DEL, C1) and bidirectional overrides are replaced with visible
stand-ins, so an ESC sequence in a title cannot restyle the terminal and a right-to-left
override cannot reorder what the reader sees. Spreadsheet formulas are defused in CSV/TSV.
(Translation tables rather than regular expressions: nothing to compile at start-up.)
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import re

_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
#: Line and paragraph separators (they break rows and splitlines()), zero-width characters
#: and Unicode tag characters (invisible text): shown, never passed through.
#: (U+200C/U+200D are left alone: Persian and emoji sequences need them.)
_INVISIBLE = "\u2028\u2029\u200b\u2060\ufeff" + "".join(chr(c) for c in range(0xE0000, 0xE0080))
_C1 = [chr(c) for c in range(0x7F, 0xA0)]  # DEL and the C1 controls
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _visible(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟ (ESC shows as ␛)
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"


_ALL = [chr(c) for c in range(0x20)] + _C1 + list(_BIDI) + list(_INVISIBLE)
_LINE_TABLE = str.maketrans({char: _visible(char) for char in _ALL})
_TABLE = str.maketrans({char: _visible(char) for char in _ALL if char not in "\t\n"})


def _json_escape(char: str) -> str:
    """``\\uXXXX``, as a surrogate pair beyond the BMP (still the same JSON string)."""
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


_JSON_TABLE = str.maketrans({char: _json_escape(char) for char in [*_C1, *_BIDI, *_INVISIBLE]})


def clean(text: str) -> str:
    """Replace control and bidi characters, keeping tabs and newlines."""
    # Every character replaced is one ``isprintable`` rejects (a test checks it): most text
    # passes that C-speed check and skips the translation, which looks up each character.
    return text if text.isprintable() else text.translate(_TABLE)


def clean_line(text: str) -> str:
    """Replace every control character, newlines and tabs included (for one-line contexts)."""
    return text.translate(_LINE_TABLE)


def defuse_formula(text: str) -> str:
    """Prefix a quote to a cell a spreadsheet would run as a formula (OWASP's advice), and to
    any formula start right after a ``;`` or ``,``: a spreadsheet that splits on another
    separator than the file's (``;`` in many European locales) would see a cell there."""
    if text.startswith(FORMULA_START):
        text = "'" + text
    if ("," in text or ";" in text) and _after_separator().search(text):
        import re

        text = re.sub(r"([;,])(\s*)([=+\-@])", r"\1\2'\3", text)
    return text


@functools.cache
def _after_separator() -> re.Pattern[str]:
    """A formula start right after a separator and at most one space (compiled on first use:
    nothing to compile at start-up)."""
    import re

    return re.compile(r"[,;] ?[=+\-@]")


def escape_json_text(dumped: str) -> str:
    """JSON already escapes C0; escape DEL, C1 and bidi controls too (still valid JSON)."""
    return dumped.translate(_JSON_TABLE)
