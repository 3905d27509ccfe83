"""JSON and JSON Lines: the dataset's own field names, ISO 8601 dates at their precision.

A Table is an array of row objects (JSONL: one object a line); a Detail is one object.
"""

from __future__ import annotations

import json
from typing import TextIO

from sahelcli.render import Detail, OutputOptions, Page
from sahelcli.render.safe import escape_json_text


def render(doc: Page, options: OutputOptions, stream: TextIO) -> None:
    payload = doc.data if isinstance(doc, Detail) else doc.rows
    if options.format == "jsonl":
        items = [payload] if isinstance(doc, Detail) else doc.rows
        for item in items:
            stream.write(escape_json_text(json.dumps(item, ensure_ascii=False)) + "\n")
        return
    stream.write(escape_json_text(json.dumps(payload, ensure_ascii=False, indent=2)) + "\n")
