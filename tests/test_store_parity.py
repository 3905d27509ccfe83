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
