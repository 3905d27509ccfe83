"""Back-fill `added` and `revised` on the records of a dataset file from its git history.

    python tools/backfill_provenance.py [data/events.yaml]

For each record (by kind and id): `added` is the day of the first commit whose version of the
file holds it, `revised` the day of the last commit that changed its content (any field but
`added` and `revised`), when later than `added`. A record that is new or changed in the
working copy, not yet committed, counts as of today. Records that already say `added` or
`revised` keep what they say. The file is edited in place, line by line (one line inserted
under each record's `- id:` line), so nothing else in it changes.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

SECTIONS = ("actors", "events", "claims", "deadlines")
OWN_FIELDS = ("added", "revised")


def fingerprints(document: Any) -> dict[tuple[str, str], str]:
    """(section, id) -> the record's content without its provenance, as canonical JSON."""
    out: dict[tuple[str, str], str] = {}
    if not isinstance(document, dict):
        return out
    for section in SECTIONS:
        for record in document.get(section) or []:
            if isinstance(record, dict) and "id" in record:
                content = {k: v for k, v in record.items() if k not in OWN_FIELDS}
                out[(section, str(record["id"]))] = json.dumps(content, sort_keys=True, default=str)
    return out


def history(path: Path) -> list[tuple[str, dict[tuple[str, str], str]]]:
    """(day, fingerprints) for every committed version of ``path``, oldest first."""
    log = subprocess.run(
        ["git", "log", "--reverse", "--format=%H %cs", "--", str(path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    versions = []
    for line in filter(None, log):
        commit, day = line.split()
        text = subprocess.run(
            ["git", "show", f"{commit}:{path.as_posix()}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        versions.append((day, fingerprints(yaml.safe_load(text))))
    return versions


def provenance(path: Path) -> dict[tuple[str, str], tuple[str, str | None]]:
    """(section, id) -> (added, revised or None) from the history plus the working copy."""
    versions = history(path)
    versions.append((dt.date.today().isoformat(), fingerprints(yaml.safe_load(path.read_text()))))
    added: dict[tuple[str, str], str] = {}
    revised: dict[tuple[str, str], str] = {}
    last: dict[tuple[str, str], str] = {}
    for day, prints in versions:
        for key, content in prints.items():
            if key not in added:
                added[key] = day
            elif last.get(key) != content:
                revised[key] = day
            last[key] = content
    current = versions[-1][1]
    return {
        key: (added[key], revised[key] if revised.get(key, added[key]) > added[key] else None)
        for key in current
    }


def rewrite(path: Path, found: dict[tuple[str, str], tuple[str, str | None]]) -> int:
    """Insert the provenance lines; returns how many records were given any."""
    lines = path.read_text().splitlines(keepends=True)
    out: list[str] = []
    section = ""
    changed = 0
    existing = fingerprints_with_provenance(path)
    for line in lines:
        if line and not line[0].isspace() and line.rstrip().endswith(":"):
            section = line.rstrip()[:-1]
        out.append(line)
        stripped = line.lstrip(" ")
        if section in SECTIONS and stripped.startswith("- id: "):
            record_id = stripped[len("- id: ") :].strip().strip("'\"")
            pad = " " * (len(line) - len(stripped) + 2)  # the record's own keys' indentation
            key = (section, record_id)
            if key not in found:
                continue
            day_added, day_revised = found[key]
            has = existing.get(key, set())
            if "added" not in has:
                out.append(f"{pad}added: '{day_added}'\n")
            if day_revised and "revised" not in has:
                out.append(f"{pad}revised: '{day_revised}'\n")
            changed += "added" not in has or bool(day_revised and "revised" not in has)
    path.write_text("".join(out))
    return changed


def fingerprints_with_provenance(path: Path) -> dict[tuple[str, str], set[str]]:
    """(section, id) -> which provenance fields the record already has."""
    document = yaml.safe_load(path.read_text())
    return {
        (section, str(record["id"])): {k for k in OWN_FIELDS if k in record}
        for section in SECTIONS
        for record in (document.get(section) or [])
        if isinstance(record, dict) and "id" in record
    }


def main(argv: list[str]) -> int:
    path = Path(argv[1] if len(argv) > 1 else "data/events.yaml")
    found = provenance(path)
    changed = rewrite(path, found)
    revised = sum(1 for _, r in found.values() if r)
    print(f"{path}: provenance for {changed} records ({revised} revised since added)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
