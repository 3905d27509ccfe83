"""Text matching shared by every query: case- and accent-insensitive."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_WORD = re.compile(r"[\W_]+")


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Lower-case, accent-free form for substring search ('Tchiani' == 'tchiani', 'É' == 'e')."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def name_key(text: str) -> str:
    """Key for comparing names: folded, punctuation and runs of spaces collapsed to one space."""
    return _NON_WORD.sub(" ", fold(text)).strip()


def contains(needle_folded: str, *haystacks: str | None) -> bool:
    return any(h is not None and needle_folded in fold(h) for h in haystacks)
