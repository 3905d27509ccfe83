"""Report which source URLs of a sahel dataset have been checked against the stored pages.

The stored pages can only be searched with the research helpers' search tool, not from
Python, so the check itself is recorded by hand in a JSON file (default
``tools/source_check.json`` next to this script)::

    {"https://example.org/story": {"stored": true, "checked": "2026-11-28"},
     "https://other.example/copy": {"stored": false, "twin": "https://agency.example/story",
                                    "checked": "2026-11-28", "note": "..."}}

``stored`` says whether a search surfaced the page at that address; ``twin`` names another
stored address carrying the same story. "Not surfaced" is not proof that a page is absent.

This script reads the dataset, matches every source URL against that record and prints:
URLs checked, unchecked and not surfaced (with or without a twin), records none of whose
sources was surfaced, and sources at odd hosts (bare IP addresses, cloud-server names,
known content farms and look-alike domains).

Usage: python tools/check_sources.py data/events.yaml [--checks FILE] [--list]
Exit status: 0, or 1 when a record has no surfaced source or the inputs cannot be read.
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

KINDS = ("actors", "events", "claims", "deadlines")
DEFAULT_CHECKS = Path(__file__).with_name("source_check.json")

# Sites that republish other outlets' stories, often reworded, without naming the original.
CONTENT_FARMS = frozenset(
    {
        "actualnewsmagazine.com",
        "breakinglatest.news",
        "circadianpost.com",
        "codelist.biz",
        "creebhills.com",
        "e-mc2.gr",
        "ejazzug.com",
        "exbulletin.com",
        "focue.com",
        "frnews24.info",
        "gettotext.com",
        "news-tube.com",
        "newsofemirates.com",
        "parisdaily.news",
        "pledgetimes.com",
        "sportyvibes.live",
        "theindiansystem.com",
        "thehopper.news",
        "upnewsinfo.com",
    }
)
# Domains that look like an outlet's but are not (reuters-fr.com is not Reuters).
LOOKALIKES = frozenset({"reuters-fr.com"})
CLOUD_HOST = re.compile(
    r"(^ec2-[\d-]+\..*\.amazonaws\.com$)|(\.cloudfront\.net$)|(\.amplifyapp\.com$)"
    r"|(^stg-|^staging\.|^piwik)"
)


@dataclass(frozen=True)
class Check:
    stored: bool
    checked: str
    twin: str | None = None
    note: str | None = None


@dataclass
class Report:
    urls: dict[str, list[str]] = field(default_factory=dict)  # url -> record ids citing it
    records: dict[str, list[str]] = field(default_factory=dict)  # "kind id" -> its urls
    checks: dict[str, Check] = field(default_factory=dict)

    def checked(self) -> list[str]:
        return [u for u in self.urls if u in self.checks]

    def unchecked(self) -> list[str]:
        return [u for u in self.urls if u not in self.checks]

    def surfaced(self) -> list[str]:
        return [u for u in self.checked() if self.checks[u].stored]

    def not_surfaced(self) -> list[str]:
        return [u for u in self.checked() if not self.checks[u].stored]

    def stale(self) -> list[str]:
        return sorted(u for u in self.checks if u not in self.urls)

    def records_without_surfaced_source(self) -> list[str]:
        """Records all of whose sources were checked and none (nor a twin) was surfaced."""
        out = []
        for record, urls in self.records.items():
            if not urls or any(u not in self.checks for u in urls):
                continue
            if not any(self.checks[u].stored or self.checks[u].twin for u in urls):
                out.append(record)
        return out


def odd_host(url: str) -> str | None:
    """Why the URL's host is odd, or None."""
    host = (urlsplit(url).hostname or "").lower()
    try:
        ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return "bare IP address"
    bare = host.removeprefix("www.")
    if bare in LOOKALIKES:
        return "look-alike domain"
    if bare in CONTENT_FARMS:
        return "content farm"
    if CLOUD_HOST.search(host):
        return "cloud, staging or internal server name"
    return None


def source_urls(data: dict[str, Any]) -> Iterator[tuple[str, str, str]]:
    """(kind, record id, url) for every source of every record."""
    for kind in KINDS:
        for record in data.get(kind) or []:
            for source in record.get("sources") or []:
                url = source.get("url")
                if isinstance(url, str):
                    yield kind, str(record.get("id")), url


def load_checks(path: Path) -> dict[str, Check]:
    raw = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise ValueError(f"{path}: expected a JSON object of url -> check")
    checks = {}
    for url, entry in raw.items():
        if not isinstance(entry, dict) or not isinstance(entry.get("stored"), bool):
            raise ValueError(f"{path}: {url}: needs a boolean 'stored'")
        checks[url] = Check(
            stored=entry["stored"],
            checked=str(entry.get("checked", "")),
            twin=entry.get("twin"),
            note=entry.get("note"),
        )
    return checks


def build(dataset: Path, checks_path: Path) -> Report:
    data = yaml.safe_load(dataset.read_text(encoding="utf-8")) or {}
    report = Report(checks=load_checks(checks_path) if checks_path.exists() else {})
    for kind, rid, url in source_urls(data):
        report.urls.setdefault(url, []).append(rid)
        if kind != "actors":
            report.records.setdefault(f"{kind[:-1]} {rid}", []).append(url)
    return report


def summary(report: Report, *, listing: bool = False) -> list[str]:
    total = len(report.urls)
    checked, unchecked = report.checked(), report.unchecked()
    surfaced, missing = report.surfaced(), report.not_surfaced()
    twins = [u for u in missing if report.checks[u].twin]
    dates = sorted({report.checks[u].checked for u in checked if report.checks[u].checked})
    lines = [
        f"distinct source URLs: {total}",
        f"checked: {len(checked)}"
        + (f" (on {', '.join(dates)})" if dates else "")
        + f"; unchecked: {len(unchecked)}",
        f"surfaced at the cited address: {len(surfaced)}",
        f"not surfaced: {len(missing)} ({len(twins)} with a stored twin)",
    ]
    bare = report.records_without_surfaced_source()
    lines.append(f"records with no surfaced source: {len(bare)}")
    lines += [f"  {r}" for r in bare]
    odd = [(u, why) for u in report.urls if (why := odd_host(u))]
    lines.append(f"sources at odd hosts: {len(odd)}")
    lines += [f"  {why}: {u} ({', '.join(report.urls[u])})" for u, why in odd]
    for u in missing:
        c = report.checks[u]
        extra = f" -> twin {c.twin}" if c.twin else ""
        lines.append(f"  not surfaced: {u}{extra}")
    stale = report.stale()
    if stale:
        lines.append(f"check entries for URLs no longer cited: {len(stale)}")
    if listing:
        lines.append("unchecked URLs:")
        lines += [f"  {u}" for u in unchecked]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", type=Path)
    parser.add_argument("--checks", type=Path, default=DEFAULT_CHECKS)
    parser.add_argument("--list", action="store_true", help="also list the unchecked URLs")
    args = parser.parse_args(argv)
    try:
        report = build(args.dataset, args.checks)
    except (OSError, ValueError, yaml.YAMLError) as error:
        print(f"check_sources: {error}", file=sys.stderr)
        return 1
    print("\n".join(summary(report, listing=args.list)))
    return 1 if report.records_without_surfaced_source() else 0


if __name__ == "__main__":
    sys.exit(main())
