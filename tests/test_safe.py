"""Property tests for the text cleaning every renderer relies on."""

from __future__ import annotations

import json
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from sahelcli.render.safe import clean, clean_line, defuse_formula, escape_json_text

BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: Line/paragraph separators, zero-width characters and Unicode tags: shown, not passed.
INVISIBLE = set("\u2028\u2029\u200b\u2060\ufeff") | {chr(c) for c in range(0xE0000, 0xE0080)}


def unsafe(char: str, keep: str = "") -> bool:
    return char not in keep and (
        unicodedata.category(char) == "Cc" or char in BIDI or char in INVISIBLE
    )


@given(st.text())
def test_clean_leaves_no_control_characters(text: str) -> None:
    assert not any(unsafe(c, keep="\t\n") for c in clean(text))
    assert not any(unsafe(c) for c in clean_line(text))


@given(st.text().filter(lambda t: not any(unsafe(c) for c in t)))
def test_clean_keeps_ordinary_text(text: str) -> None:
    assert clean(text) == text == clean_line(text)


@given(st.text())
def test_json_escaping_is_still_the_same_json(text: str) -> None:
    dumped = escape_json_text(json.dumps(text, ensure_ascii=False))
    assert json.loads(dumped) == text
    assert not any(unsafe(c) for c in dumped)


@given(st.text())
def test_formulas_are_defused(text: str) -> None:
    import re

    out = defuse_formula(text)
    assert not out.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert out.replace("'", "") == text.replace("'", "")  # only quotes are added
    # no cell after a ";" or "," starts a formula any more
    assert not re.search(r"[;,]\s*[=+\-@]", out)


def test_every_character_cleaned_is_one_isprintable_rejects() -> None:
    """clean() skips text that isprintable() accepts: that is only right while every
    character it replaces is one isprintable() rejects."""
    from sahelcli.render import safe

    assert not [hex(ord(c)) for c in safe._ALL if c.isprintable()]
    assert safe.clean("a\u202eb\x1bc\td") == "a<U+202E>b\u241bc\td"
