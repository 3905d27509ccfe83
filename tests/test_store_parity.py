"""The index and the in-memory dataset give identical answers (the store only narrows)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, Invoke

DATASETS = {
    "mini": FIXTURES / "mini.yaml",
    "interop": FIXTURES / "interop.yaml",
    "bundled": ROOT / "data" / "events.yaml",
}
COMMANDS = [
    ["timeline"],
    ["timeline", "--search", "niamey"],
    ["timeline", "--since", "2023-08-01", "--until", "2023-12-31"],
    ["timeline", "--actor", "ecowas", "--reverse", "--limit", "3"],
    ["claims"],
    ["claims", "--by", "ecowas"],
    ["deadlines"],
    ["search", "ultimatum"],
    ["search", "niamey"],
    ["actor", "ecowas"],
    ["brief"],
    ["--as-of", "2023-08-03", "search", "ecowas"],
    ["--as-of", "2023-08-03", "deadlines"],
]


@pytest.mark.parametrize("dataset", list(DATASETS))
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_index_and_memory_agree(invoke: Invoke, dataset: str, command: list[str]) -> None:
    path = str(DATASETS[dataset])
    as_of = [] if "--as-of" in command else ["--as-of", "2026-06-01"]
    memory = invoke("--no-cache", "--data", path, *as_of, "-f", "json", *command)
    indexed = invoke("--data", path, *as_of, "-f", "json", *command)
    assert (memory.exit_code, memory.stdout) == (indexed.exit_code, indexed.stdout)
    # The index really answered: a read that fails falls back to the dataset with a warning,
    # which would hide a broken index behind right answers.
    assert "is damaged" not in indexed.stderr


NOTED = """\
meta: {title: t, updated: "2024-01-01"}
actors:
  - {id: a, name: Alpha, kind: state}
events:
  - id: e1
    date: "2023-08-01"
    title: Plain title
    summary: Summary words quokka
    location: Zinder wombat
    note: Reported late by the numbat agency
    actors: [a]
    sources: [{publisher: P, title: T, date: "2023-08-01", url: "https://example.org/x"}]
"""


@pytest.mark.parametrize("word", ["quokka", "wombat", "numbat"])
@pytest.mark.parametrize("cache", [True, False])
def test_every_searchable_event_field_is_found(
    invoke: Invoke, tmp_path: Path, word: str, cache: bool
) -> None:
    data = tmp_path / "noted.yaml"
    data.write_text(NOTED)
    flags = [] if cache else ["--no-cache"]
    for command in (["search", word], ["timeline", "--search", word]):
        result = invoke(*flags, "--data", str(data), "-f", "tsv", *command)
        assert result.exit_code == 0, (command, result.output)
        assert "Plain title" in result.stdout, command


LINKED = """\
meta: {title: t, updated: "2024-01-01"}
actors:
  - {id: a, name: Alpha, kind: state}
  - {id: b, name: Beta, kind: state}
events:
  - id: about-beta
    date: "2023-08-01"
    title: Beta does something
    actors: [b]
    sources: [{publisher: P, title: T, date: "2023-08-01", url: "https://example.org/x"}]
  - id: later
    date: "2023-12-01"
    title: Later event
    actors: [b]
    sources: [{publisher: P, title: T, date: "2023-12-01", url: "https://example.org/y"}]
claims:
  - id: alpha-on-beta
    date: "2023-08-02"
    claimant: a
    about: [b]
    stance: asserts
    text: Alpha comments
    status: unverified
    event: about-beta
    sources: [{publisher: P, title: T, date: "2023-08-02", url: "https://example.org/z"}]
  - id: alpha-on-later
    date: "2023-08-03"
    claimant: a
    about: [b]
    stance: asserts
    text: Alpha foresees
    status: unverified
    event: later
    sources: [{publisher: P, title: T, date: "2023-08-03", url: "https://example.org/w"}]
"""


def test_a_profile_keeps_claims_links_to_events_it_does_not_load(
    invoke: Invoke, tmp_path: Path
) -> None:
    """Regression: the index loads only the actor's events, and the replay view cleared the
    claims' links to every other event."""
    data = tmp_path / "linked.yaml"
    data.write_text(LINKED)
    answers = [
        invoke(*flags, "--data", str(data), "--as-of", "2023-09-01", "-f", "json", "actor", "a")
        for flags in ([], ["--no-cache"])
    ]
    assert answers[0].stdout == answers[1].stdout
    claims = {c["id"]: c.get("event") for c in json.loads(answers[0].stdout)["claims_by"]}
    assert claims == {"alpha-on-beta": "about-beta", "alpha-on-later": None}  # not yet known


def test_joint_claimants_count_as_claimants(invoke: Invoke, tmp_path: Path) -> None:
    data = tmp_path / "joint.yaml"
    data.write_text(
        LINKED.replace("    event: about-beta\n", "    co_claimants: [b]\n    event: about-beta\n")
    )
    for flags in ([], ["--no-cache"]):
        d = [*flags, "--data", str(data), "-f", "json"]
        by = json.loads(invoke(*d, "claims", "--by", "b").stdout)
        assert [c["id"] for c in by] == ["alpha-on-beta"]
        profile = json.loads(invoke(*d, "actor", "b").stdout)
        assert [c["id"] for c in profile["claims_by"]] == ["alpha-on-beta"]


# --- the index store itself, not behind the fallback --------------------------------------


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, object]:
    from sahelcli import index
    from sahelcli.store import MemoryStore
    from sahelcli.validate import load_dataset

    dataset = load_dataset(ROOT / "data" / "events.yaml")
    folder = tmp_path_factory.mktemp("index")
    folder.chmod(0o700)
    target = folder / "direct.sqlite"
    index.build(dataset, target)
    return MemoryStore(dataset), index.IndexStore(target)


def _moment(text: str) -> object:
    import datetime as dt

    return dt.datetime.fromisoformat(text)


EVENT_QUERIES = [
    {},
    {"since": "2023-08-01T00:00:00+01:00", "until": "2023-08-31T23:59:59+01:00"},
    {"since": "2024-01-01T00:00:00+00:00"},
    {"until": "2023-07-27T00:00:00+00:00"},
    {"actors": {"ecowas"}},
    {"actors": {"ecowas", "france"}, "since": "2023-09-01T00:00:00+00:00"},
    {"tags": {"coup"}},
    {"tags": {"sanctions", "ultimatum"}, "until": "2024-01-01T00:00:00+00:00"},
    {"text": "niamey"},
    {"text": "uranium", "actors": {"orano"}},
    {"text": "ab"},  # shorter than a trigram
    {"as_of": "2023-08-03T00:00:00+00:00"},
    {"limit": 5},
    {"limit": 5, "reverse": True},
    {"limit": 3, "actors": {"cnsp"}, "reverse": True},
    {"limit": 4, "tags": {"coup"}, "since": "2023-07-26T00:00:00+00:00"},
]


def _query(spec: dict[str, object]) -> object:
    from sahelcli.query.timeline import EventQuery

    values = {k: _moment(v) if k in ("since", "until", "as_of") else v for k, v in spec.items()}
    return EventQuery(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize("spec", EVENT_QUERIES, ids=[str(q) for q in EVENT_QUERIES])
def test_the_index_store_narrows_events_exactly_like_memory(
    stores: tuple[object, object], spec: dict[str, object]
) -> None:
    from sahelcli.query.timeline import timeline
    from sahelcli.serialize import to_json

    memory, indexed = stores
    query = _query(spec)
    expected = timeline(memory.events(query), query)  # type: ignore[attr-defined]
    got = timeline(indexed.events(query), query)  # type: ignore[attr-defined]
    assert [to_json(e) for e in got] == [to_json(e) for e in expected]
    assert [(e.start, e.end) for e in got] == [(e.start, e.end) for e in expected]
    count = indexed.count_events(query._replace(limit=None))  # type: ignore[attr-defined]
    if count is not None:
        assert count == len(timeline(memory.events(None), query._replace(limit=None)))  # type: ignore[attr-defined]
    rows = indexed.event_rows(query)  # type: ignore[attr-defined]
    if rows is not None:
        assert rows == [to_json(e) for e in expected]
    else:
        assert query.narrowed_only  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "record_query", [None, ("ecowas", None), (None, "wagner"), ("france", "troops"), (None, "ab")]
)
def test_the_index_store_narrows_claims_and_deadlines_like_memory(
    stores: tuple[object, object], record_query: tuple[str | None, str | None] | None
) -> None:
    from sahelcli.serialize import to_json
    from sahelcli.store import RecordQuery

    memory, indexed = stores
    query = RecordQuery(*record_query) if record_query else None
    for kind in ("claims", "deadlines"):
        narrowed = {r.id for r in getattr(indexed, kind)(query)}
        everything = getattr(memory, kind)(None)
        needed = [r for r in everything if _involves(r, query)]
        assert {r.id for r in needed} <= narrowed, kind  # never fewer than the query needs
        by_id = {r.id: r for r in getattr(indexed, kind)(query)}
        assert all(to_json(by_id[r.id]) == to_json(r) for r in needed)


def _involves(record: object, query: object) -> bool:
    from sahelcli.model import search_texts
    from sahelcli.query.text import contains, fold

    if query is None:
        return True
    actor, text = query  # type: ignore[misc]
    people = (
        {
            getattr(record, name)
            for name in ("claimant", "issuer", "target")
            if hasattr(record, name)
        }
        | set(getattr(record, "about", ()))
        | set(getattr(record, "co_claimants", ()))
    )
    if actor is not None and actor not in people:
        return False
    return text is None or contains(fold(text), *search_texts(record))


def test_the_index_store_holds_the_whole_dataset(stores: tuple[object, object]) -> None:
    from sahelcli.serialize import to_json

    memory, indexed = stores
    assert indexed.meta() == memory.meta()  # type: ignore[attr-defined]
    assert indexed.actors() == memory.actors()  # type: ignore[attr-defined]
    assert indexed.tags() == memory.tags()  # type: ignore[attr-defined]
    ids = {e.id for e in memory.events(None)[:40]}  # type: ignore[attr-defined]
    assert indexed.event_ends(ids) == memory.event_ends(ids)  # type: ignore[attr-defined]
    full_m, full_i = memory.full(), indexed.full()  # type: ignore[attr-defined]
    for kind in ("actors", "events", "claims", "deadlines"):
        assert [to_json(r) for r in getattr(full_i, kind)] == [
            to_json(r) for r in getattr(full_m, kind)
        ], kind
