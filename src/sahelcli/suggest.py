"""Did-you-mean suggestions for misspelt names (kept apart so the fast path need not load YAML)."""

from __future__ import annotations

from collections.abc import Sequence


def suggest(word: str, candidates: Sequence[str]) -> str | None:
    """The closest candidate to a misspelt ``word``, if any is close."""
    import difflib

    match = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return match[0] if match else None


def did_you_mean(word: str, candidates: Sequence[str]) -> str | None:
    match = suggest(word, candidates)
    return f"did you mean {match!r}?" if match else None
