"""Shell completion offers names from the active dataset, through Typer's own machinery."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from sahelcli.cli import app


def complete(words: str, env: dict[str, str] | None = None) -> list[str]:
    parts = words.split(" ")
    result = CliRunner().invoke(
        app,
        [],
        prog_name="sahel",
        env={
            "_SAHEL_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(parts) - 1),
            **(env or {}),
        },
    )
    assert result.exit_code == 0, result.output
    return [line for line in result.stdout.splitlines() if line]


def test_actor_ids_and_aliases(mini: Path) -> None:
    env = {"SAHEL_DATA": str(mini)}
    assert complete("sahel actor wag", env) == ["wagner"]
    assert complete("sahel actor tch", env) == ["tchiani"]  # alias Tchiani, in the typed case
    assert "ecowas" in complete("sahel actor ", env)
    assert complete("sahel timeline --actor CED", env) == ["CEDEAO"]
    assert complete("sahel claims --about pmc", env) == ["pmc Wagner"]


def test_deadline_ids_issuers_and_targets(mini: Path) -> None:
    env = {"SAHEL_DATA": str(mini)}
    assert complete("sahel deadline eco", env) == ["ecowas-ultimatum", "ecowas"]
    assert complete("sahel deadline cn", env) == ["cnsp"]


def test_tags(mini: Path) -> None:
    assert complete("sahel timeline --tag s", {"SAHEL_DATA": str(mini)}) == ["sanctions", "summit"]


def test_data_option_on_the_command_line_is_used(mini: Path) -> None:
    assert complete(f"sahel --data {mini} actor wag") == ["wagner"]


def test_a_broken_dataset_completes_nothing_and_prints_no_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("events: [")
    assert complete("sahel actor w", {"SAHEL_DATA": str(bad)}) == []


def test_bundled_dataset_completes(tmp_path: Path) -> None:
    assert "tiani" in complete("sahel actor ti", {"XDG_CACHE_HOME": str(tmp_path)})
