"""The index and the in-memory dataset give identical answers (the store only narrows)."""

from __future__ import annotations

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
