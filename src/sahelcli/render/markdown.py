"""Markdown (GitHub-flavoured tables), ready to paste into a report."""

from __future__ import annotations

from typing import Any, TextIO

from sahelcli.render import (
    Detail,
    Link,
    OutputOptions,
    Page,
    Shown,
    Table,
    cell_text,
    data_columns,
)
from sahelcli.render.safe import clean_line

#: Characters that would make data Markdown (links, images, emphasis, code, HTML, entities).
_MD_ESCAPES = str.maketrans(
    {
        "\\": "\\\\",
        "|": "\\|",
        "[": "\\[",
        "]": "\\]",
        "*": "\\*",
        "_": "\\_",
        "`": "\\`",
        "!": "\\!",
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
    }
)


def md_text(value: Any, kind: str = "text") -> str:
    """Cell text: newlines become <br>, pipes and HTML brackets are escaped; a Link is a
    Markdown link."""
    if isinstance(value, Link):
        url = clean_line(value.url)
        if not url.lower().startswith(("http://", "https://")):
            return md_text(value.label)  # a javascript: or data: "link" stays text
        return f"[{md_text(value.label)}](<{url.replace('>', '%3E').replace(' ', '%20')}>)"
    if isinstance(value, list | tuple) and value and all(isinstance(v, Link) for v in value):
        return ", ".join(md_text(v) for v in value)
    if isinstance(value, Shown):
        value = value.human or value.value
    text = cell_text(value, kind, human=True, list_sep=", ")
    text = text.replace("\r\n", "\n").translate(_MD_ESCAPES).replace("\n", "<br>")
    return clean_line(text)


def _table(table: Table, options: OutputOptions, stream: TextIO) -> None:
    if not table.rows:
        stream.write(f"_{md_text(table.empty)}_\n")
        return
    _rows(table, stream)
    if table.footer:
        stream.write(f"\n_{md_text(table.footer)}_\n")


def _rows(table: Table, stream: TextIO) -> None:
    stream.write("| " + " | ".join(md_text(c.header) for c in data_columns(table)) + " |\n")
    stream.write(
        "|"
        + "|".join(" ---: " if c.kind == "number" else " --- " for c in data_columns(table))
        + "|\n"
    )
    for row in table.rows:
        # What a reader sees (short names, human instants, publishers as links), as on a
        # terminal: Markdown is for pasting into a report, not for machines.
        cells = [md_text(c.shown(row), c.kind) for c in data_columns(table)]
        stream.write("| " + " | ".join(cells) + " |\n")


def render(doc: Page, options: OutputOptions, stream: TextIO) -> None:
    if isinstance(doc, Table):
        if doc.title:
            stream.write(f"## {md_text(doc.title)}\n\n")
        _table(doc, options, stream)
        return
    assert isinstance(doc, Detail)
    stream.write(f"# {md_text(doc.title)}\n\n")
    for _key, label, value in doc.fields:
        if value in (None, "", [], ()):
            continue
        many = (isinstance(value, list) or type(value) is tuple) and len(value) > 1
        if many:  # e.g. sources: one per line
            stream.write(f"- **{md_text(label)}:**\n")
            stream.writelines(f"  - {md_text(item)}\n" for item in value)
        else:
            stream.write(f"- **{md_text(label)}:** {md_text(value)}\n")
    for section in doc.sections:
        stream.write(f"\n## {md_text(section.title or section.name)}\n\n")
        _table(section, options, stream)
