"""One-off: merge the research fragments into data/events.yaml (kept for the record)."""

import sys
from pathlib import Path

import yaml

parts = [yaml.safe_load(Path(p).read_text()) for p in sys.argv[1:]]
actors: dict[str, dict] = {}
for part in reversed(parts):  # the last part (the actor list) wins on conflicts
    for actor in part.get("actors") or []:
        actors[actor["id"]] = actor
sections = {
    k: [r for p in parts for r in p.get(k) or []] for k in ("events", "claims", "deadlines")
}
sections["events"].sort(key=lambda e: (str(e["date"]), e["id"]))
sections["claims"].sort(key=lambda c: (str(c["date"]), c["id"]))
sections["deadlines"].sort(key=lambda d: (str(d["issued"]), d["id"]))
# Deadlines whose sources give only a day: encode the day bounds and say so in the note.
DAY_ONLY = {
    "au-psc-15-day-demand-2023": ("2023-07-28T00:00:00+03:00", "2023-08-12T23:59:59+03:00"),
    "ecowas-one-week-ultimatum-2023": ("2023-07-30T00:00:00+01:00", None),
    "itte-48-hour-expulsion-2023": ("2023-08-25T00:00:00+01:00", "2023-08-27T23:59:59+01:00"),
}
for deadline in sections["deadlines"]:
    fix = DAY_ONLY.get(deadline["id"])
    if fix:
        issued, expires = fix
        deadline["issued"] = issued
        if expires:
            deadline["expires"] = expires
        deadline["expires_note"] = (
            deadline["expires_note"].rstrip()
            + " Encoding: the hour of issue is unknown, so 'issued' is the start of that day"
            + ("; 'expires' is the end of the day the sources point to." if expires else ".")
        )
doc = {
    "meta": {
        "title": "The Niger crisis since the July 2023 coup",
        "description": "Curated, sourced chronology: events, actors, claims and deadlines.",
        "updated": "2025-10-21",
        "timezone": "Africa/Niamey",
    },
    "actors": sorted(actors.values(), key=lambda a: a["id"]),
    **sections,
}
print(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100), end="")
