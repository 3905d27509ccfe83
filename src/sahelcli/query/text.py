"""Text matching shared by every query: case- and accent-insensitive."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[\W_]+")


# Combining marks (the accents NFKD splits off Latin, Greek and Cyrillic letters). Compiled on
# first use by re's own cache: compiling it takes ~0.8 ms, and most runs fold only ASCII.
_COMBINING = "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Lower-case, accent-free form for substring search ('Tchiani' == 'tchiani', 'É' == 'e')."""
    if "\x00" in text:  # SQLite's full-text index stops at a NUL: search past it both ways
        text = text.replace("\x00", " ")
    if text.isascii():
        return text.lower()
    return re.sub(_COMBINING, "", unicodedata.normalize("NFKD", text)).casefold()


def name_key(text: str) -> str:
    """Key for comparing names: folded, punctuation and runs of spaces collapsed to one space."""
    return _NON_WORD.sub(" ", fold(text)).strip()


def contains(needle_folded: str, *haystacks: str | None) -> bool:
    return any(h is not None and needle_folded in fold(h) for h in haystacks)
