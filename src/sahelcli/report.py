"""``sahel report``: one self-contained HTML briefing (inline CSS, JS and SVG, no requests).

The page is rendered by Jinja2 with auto-escaping on, from plain data built here: every
string from the dataset is text, never markup, and a source URL becomes a link only when it
is http(s). A Content-Security-Policy in the page forbids every request and every script
but the page's own (by its hash), so nothing in it can reach the network.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from importlib import resources
from typing import Any, NamedTuple

from sahelcli.dates import human_instant
from sahelcli.model import Actor, Claim, Dataset, Event, Source, names_of
from sahelcli.query.brief import Brief
from sahelcli.query.deadlines import DeadlineState
from sahelcli.query.stats import Counts
from sahelcli.render.safe import clean
from sahelcli.views import countdown_text, freshness

#: The chart's drawing box (SVG user units; the page scales it to the screen).
CHART_WIDTH = 720
CHART_HEIGHT = 180
CHART_LABELS = 24  # room under the bars for the year labels
YEAR_LABEL = 30  # the width a year label takes


class Bar(NamedTuple):
    x: float
    y: float
    width: float
    height: float
    label: str  # e.g. "Aug 2023: 40 events" (the bar's tooltip and accessible name)


def safe_url(url: str) -> str | None:
    """``url`` if it is an http(s) URL, else None (shown as text, never a link)."""
    lowered = url.strip().lower()
    return url.strip() if lowered.startswith(("http://", "https://")) else None


def _names(ids: Sequence[str], actors: Mapping[str, Actor]) -> list[str]:
    return [clean(name) for name in names_of(ids, actors)]


def _sources(sources: Sequence[Source]) -> list[dict[str, Any]]:
    return [
        {
            "publisher": clean(s.publisher),
            "title": clean(s.title),
            "date": s.date.human(),
            "url": clean(s.url),
            "href": safe_url(s.url),
        }
        for s in sources
    ]


def event_item(event: Event, actors: Mapping[str, Actor]) -> dict[str, Any]:
    return {
        "id": event.id,
        "date": event.date.human() + (f" {event.time}" if event.time else ""),
        "iso": event.date.iso(),
        "title": clean(event.title),
        "summary": clean(event.summary) if event.summary else None,
        "location": clean(event.location) if event.location else None,
        "actors": _names(event.actors, actors),
        "tags": list(event.tags),
        "note": clean(event.note) if event.note else None,
        "sources": _sources(event.sources),
    }


def claim_item(claim: Claim, actors: Mapping[str, Actor]) -> dict[str, Any]:
    return {
        "id": claim.id,
        "date": claim.date.human(),
        "claimant": _names((claim.claimant, *claim.co_claimants), actors),
        "about": _names(claim.about, actors),
        "stance": claim.stance,
        "text": clean(claim.text),
        "status": claim.status,
        "grade": claim.grade,
        "note": clean(claim.note) if claim.note else None,
        "sources": _sources(claim.sources),
    }


def deadline_item(state: DeadlineState, actors: Mapping[str, Actor]) -> dict[str, Any]:
    deadline = state.deadline
    outcome = deadline.outcome if state.outcome_known else None
    return {
        "id": deadline.id,
        "title": clean(deadline.label),
        "issuer": _names([deadline.issuer], actors)[0],
        "target": _names([deadline.target], actors)[0],
        "demand": clean(deadline.demand),
        "issued": human_instant(deadline.issued, deadline.timezone),
        "expires": human_instant(deadline.expires, deadline.timezone),
        "expires_iso": deadline.expires.isoformat(),
        "status": state.status,
        "countdown": countdown_text(state),
        "outcome": clean(f"{outcome.date.human()}: {outcome.text}") if outcome else None,
        "sources": _sources(deadline.sources),
    }


def chart_bars(counts: Counts) -> tuple[list[Bar], list[tuple[float, str]], int]:
    """The events-per-month bars in the SVG box, the year labels, and the tallest count."""
    from sahelcli.charts import period_label

    rows = counts.rows
    top = max((row.n for row in rows), default=0) or 1
    step = CHART_WIDTH / max(len(rows), 1)
    room = CHART_HEIGHT - CHART_LABELS
    bars = []
    years: list[tuple[float, str]] = []
    for i, row in enumerate(rows):
        height = room * row.n / top
        label = f"{period_label(row.key, 'month')}: {row.n} event{'' if row.n == 1 else 's'}"
        bars.append(Bar(i * step + 0.5, room - height, max(step - 1, 0.5), height, label))
        starts_year = row.key.endswith("-01") or (i == 0 and row.key[5:] <= "09")
        if starts_year and i * step <= CHART_WIDTH - YEAR_LABEL:
            years.append((i * step, row.key[:4]))
    return bars, years, top


def script_hash(script: str) -> str:
    """The CSP source for an inline script: its SHA-256, base64 encoded."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def render_report(
    dataset: Dataset,
    brief: Brief,
    *,
    title: str,
    events: Sequence[Event],
    claims: Sequence[Claim],
    deadlines: Sequence[DeadlineState],
    monthly: Counts,
    live: bool,
    focus: Sequence[str] = (),
) -> str:
    """The report page as HTML text."""
    import jinja2

    folder = resources.files("sahelcli") / "templates"
    script = (folder / "report.js").read_text(encoding="utf-8")
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    template = environment.from_string((folder / "report.html.j2").read_text(encoding="utf-8"))
    actors = dataset.actor_map()
    zone_name = dataset.meta.timezone
    bars, years, top = chart_bars(monthly)
    return template.render(
        title=clean(title),
        as_of=human_instant(brief.now, zone_name),
        as_of_iso=brief.now.isoformat(),
        generated=dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
        live=live,
        freshness=freshness(brief),
        window=f"the last {brief.window_days} days"
        + (" of the data" if brief.moved else "")
        + f", {human_instant(brief.start, zone_name)} to {human_instant(brief.end, zone_name)}",
        focus=" ".join(focus),
        latest=[event_item(e, actors) for e in brief.events.shown],
        latest_more=brief.events.more,
        active=[
            {"name": clean(a.actor.name), "events": a.events, "claims": a.claims}
            for a in brief.active.shown
        ],
        deadlines=[deadline_item(s, actors) for s in deadlines],
        events=[event_item(e, actors) for e in events],
        claims=[claim_item(c, actors) for c in claims],
        bars=bars,
        years=years,
        top=top,
        chart={"width": CHART_WIDTH, "height": CHART_HEIGHT, "room": CHART_HEIGHT - CHART_LABELS},
        monthly_total=sum(row.n for row in monthly.rows),
        script=script,
        script_hash=script_hash(script),
    )
