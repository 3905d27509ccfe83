"""Checks on the bundled dataset itself (issue: a sourced, validated chronology)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from conftest import ROOT

from sahelcli.model import SLUG_PATTERN, Dataset
from sahelcli.validate import load_dataset


@pytest.fixture(scope="module")
def data() -> Dataset:
    return load_dataset(ROOT / "data" / "events.yaml")


def test_counts(data: Dataset) -> None:
    assert len(data.events) >= 60
    assert len(data.actors) >= 25
    assert len(data.claims) >= 20
    assert len(data.deadlines) >= 5


def test_every_record_has_a_well_formed_source(data: Dataset) -> None:
    for record in (*data.events, *data.claims, *data.deadlines):
        assert record.sources, record.id
        for source in record.sources:
            parts = urlsplit(source.url)
            assert parts.scheme in ("http", "https") and "." in parts.netloc, source.url
            assert source.publisher.strip() and source.title.strip()


def test_every_actor_is_referenced(data: Dataset) -> None:
    used: set[str] = set()
    for event in data.events:
        used.update(event.actors)
    for claim in data.claims:
        used.update({claim.claimant, *claim.about})
    for deadline in data.deadlines:
        used.update({deadline.issuer, deadline.target})
    for actor in data.actors:
        used.update(actor.affiliations)
    orphans = {a.id for a in data.actors} - used
    assert not orphans


def test_ids_are_slugs(data: Dataset) -> None:
    slug = re.compile(SLUG_PATTERN)
    for record in (*data.actors, *data.events, *data.claims, *data.deadlines):
        assert slug.match(record.id), record.id


def test_nothing_is_dated_after_meta_updated(data: Dataset) -> None:
    assert data.meta.updated is not None
    limit = data.meta.updated.last_day()
    for record in (*data.events, *data.claims):
        assert record.date.first_day() <= limit, record.id


def test_aliases_people_type(data: Dataset) -> None:
    actors = data.actor_map()
    assert "CEDEAO" in actors["ecowas"].aliases
    assert any("Tchiani" in alias for alias in actors["tiani"].aliases)
    owners: dict[str, set[str]] = {}
    for actor in data.actors:
        for name in (actor.id, actor.name, *actor.aliases):
            owners.setdefault(name.casefold(), set()).add(actor.id)
    shared = {name: ids for name, ids in owners.items() if len(ids) > 1}
    assert not shared, "names shared by two actors make lookups ambiguous"


def test_regional_coups_are_tagged(data: Dataset) -> None:
    coups = {(e.date.year, tuple(sorted(e.actors))) for e in data.events if "coup" in e.tags}
    years = [year for year, _ in coups]
    for year in (2020, 2021, 2022, 2023):
        assert year in years
    countries = {a for _, actors in coups for a in actors}
    assert {"mali", "guinea", "burkina-faso", "gabon", "niger"} <= countries


def test_deadlines_are_complete(data: Dataset) -> None:
    for deadline in data.deadlines:
        assert deadline.expires > deadline.issued
        assert deadline.expires_note and deadline.demand and deadline.consequence, deadline.id
    assert sum(d.outcome is not None for d in data.deadlines) >= 5


def test_the_seed_article_claims_are_recorded(data: Dataset) -> None:
    texts = {c.id: (c.text + " " + (c.note or "")).lower() for c in data.claims}
    special_forces = [c for c in data.claims if "special forces" in c.text.lower()]
    assert any(c.status == "unverified" for c in special_forces)
    assert any(
        "wagner" in t and c.claimant == "united-states" for c in data.claims for t in [texts[c.id]]
    )


def test_grades_where_given_are_valid(data: Dataset) -> None:
    graded = [c for c in data.claims if c.grade]
    assert len(graded) >= len(data.claims) // 2


def test_every_bundled_record_says_when_it_entered_the_data() -> None:
    """Provenance is required on the bundled data from November 2026 on (back-filled from the
    history for older records): a new record without `added` fails here."""
    from sahelcli.validate import load_dataset

    dataset = load_dataset(ROOT / "data" / "events.yaml")
    missing = [
        r.id
        for records in (dataset.actors, dataset.events, dataset.claims, dataset.deadlines)
        for r in records
        if r.added is None
    ]
    assert not missing, f"add `added: 'YYYY-MM-DD'` to: {', '.join(missing[:10])}"
