"""TSV and CSV: one record per line, a header unless --no-header, nothing else.

TSV escapes backslash, tab, newline and carriage return as \\\\, \\t, \\n, \\r (the
PostgreSQL text convention); CSV quotes per RFC 4180. Text cells that a spreadsheet would
run as a formula get a leading quote; number columns are left alone. A Detail is written as
blocks separated by a blank line: its fields as ``field, value`` rows, then each section
introduced by a ``# name`` line.
"""

from __future__ import annotations

from typing import Any, TextIO

from sahelcli.render import Detail, OutputOptions, Page, Table, cell_text, data_columns
from sahelcli.render.safe import FORMULA_START, clean, defuse_formula

_TSV_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _cell(value: Any, kind: str) -> str:
    text = value if type(value) is str else cell_text(value, kind, human=False)
    if not text.isprintable():  # (cheap checks first: a long answer has many cells)
        text = clean(text)
    if kind == "number" or not (text.startswith(FORMULA_START) or "," in text or ";" in text):
        return text
    return defuse_formula(text)


_CSV_QUOTE = frozenset(',;"\r\n\t')


def _csv_field(text: str) -> str:
    """RFC 4180 quoting, extended to ``;``: a spreadsheet that splits on semicolons (Excel in
    many European locales) must not see ``a;=1+1`` as a second cell starting with ``=``."""
    if any(char in _CSV_QUOTE for char in text) or text != text.strip():
        return '"' + text.replace('"', '""') + '"'
    return text


def _write_rows(rows: list[list[str]], options: OutputOptions, stream: TextIO) -> None:
    if options.format == "csv":
        stream.writelines(",".join(map(_csv_field, row)) + "\n" for row in rows)
    else:
        stream.writelines("\t".join(map(_tsv_field, row)) + "\n" for row in rows)


def _tsv_field(text: str) -> str:
    # Tab, newline and CR are not printable: text that is, and has no backslash, is kept as is.
    return text if text.isprintable() and "\\" not in text else text.translate(_TSV_ESCAPES)


def _table_rows(table: Table, options: OutputOptions) -> list[list[str]]:
    columns = data_columns(table)
    rows = [[c.key for c in columns]] if options.header else []
    derived = [(c.key, c.cell, c.kind) for c in columns]
    rows.extend(
        [_cell(cell(row) if cell else row.get(key), kind) for key, cell, kind in derived]
        for row in table.rows
    )
    return rows


def render(doc: Page, options: OutputOptions, stream: TextIO) -> None:
    if isinstance(doc, Table):
        _write_rows(_table_rows(doc, options), options, stream)
        return
    assert isinstance(doc, Detail)
    head = [["field", "value"]] if options.header else []
    _write_rows(
        head + [[key, _cell(value, "text")] for key, _label, value in doc.fields], options, stream
    )
    for section in doc.sections:
        stream.write(f"\n# {section.name}\n")
        _write_rows(_table_rows(section, options), options, stream)
