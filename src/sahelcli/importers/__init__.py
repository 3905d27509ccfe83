"""Importers: other sources' files converted into the sahel dataset format (YAML)."""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

from sahelcli.errors import DatasetError, Problem

IMPORTERS = ("acled",)


def slug(text: str) -> str:
    """Lowercase ASCII slug: accents dropped, every other run of characters becomes one '-'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


class BadRows(DatasetError):
    """Rows of an input file that cannot be imported; nothing was written."""

    def __init__(self, problems: list[Problem], file: str, *, skippable: bool = True) -> None:
        super().__init__(problems)
        count = len(problems)
        self.message = f"{count} bad row{'s' if count != 1 else ''} in {file}; nothing written" + (
            " (use --skip-bad to import the other rows)" if skippable else ""
        )


# --- a small, fast YAML writer for imported data -------------------------------------------------
# PyYAML's representer is pure Python (~2 s for a 7,000-event import); imported documents are
# plain mappings, lists, strings and numbers, so they are written directly. Strings are plain
# only when unmistakably text, else double-quoted with JSON escapes (valid YAML); characters
# YAML does not allow raw or treats as line breaks are escaped. Tests round-trip the output.

_PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9 ,.()/'&+-]*[A-Za-z0-9.)']$|^[A-Za-z]$")
_RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}
_YAML_UNSAFE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029\ufeff]"
)


def yaml_scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value:
            return ".nan"
        if value in (float("inf"), float("-inf")):
            return ".inf" if value > 0 else "-.inf"
        text = repr(value)  # YAML 1.1 floats need a dot, and a sign on any exponent
        mantissa, _, exponent = text.partition("e")
        if "." not in mantissa:
            mantissa += ".0"
        return mantissa + (f"e{exponent}" if exponent else "")
    text = str(value)
    if _PLAIN.match(text) and text.lower() not in _RESERVED and "  " not in text:
        return text
    quoted = json.dumps(text, ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def _block(value: Any, indent: int, out: list[str]) -> None:
    pad = " " * indent
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (dict, list)) and item:
                out.append(f"{pad}{key}:")
                _block(item, indent + 2 if isinstance(item, dict) else indent, out)
            elif isinstance(item, (dict, list)):
                out.append(f"{pad}{key}: {'{}' if isinstance(item, dict) else '[]'}")
            else:
                out.append(f"{pad}{key}: {yaml_scalar(item)}")
    else:
        for item in value:
            if isinstance(item, dict) and item:
                start = len(out)
                _block(item, indent + 2, out)
                out[start] = f"{pad}- " + out[start][indent + 2 :]
            elif isinstance(item, list) and item:
                raise TypeError("nested lists are not written")
            else:
                out.append(f"{pad}- {yaml_scalar(item)}")


def dump_yaml(document: dict[str, Any]) -> str:
    """Block-style YAML for a mapping of plain data (str, int, float, bool, None, list, dict)."""
    out: list[str] = []
    _block(document, 0, out)
    return "\n".join(out) + "\n"
