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
    assert complete("sahel actor tch", env) == ["Tchiani"]  # as the data spells it
    assert "ecowas" in complete("sahel actor ", env)
    assert complete("sahel timeline --actor ced", env) == ["CEDEAO"]  # not "cedeAO"
    assert complete("sahel claims --about pmc", env) == ["PMC\\ Wagner"]  # one word for bash


def test_deadline_ids_issuers_and_targets(mini: Path) -> None:
    env = {"SAHEL_DATA": str(mini)}
    assert complete("sahel deadline eco", env) == ["ecowas-ultimatum", "ecowas"]  # one each
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


# --- quoting, per shell (the real protocol: the _SAHEL_COMPLETE environment) ---------------


def run_complete(env: dict[str, str]) -> str:
    from conftest import run_sahel

    proc = run_sahel(env=env)
    assert proc.returncode == 0 and not proc.stderr, proc.stderr
    return proc.stdout.decode()


def bash(words: str) -> list[str]:
    count = len(words.split(" ")) - 1
    env = {"_SAHEL_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(count)}
    return run_complete(env).splitlines()


def test_bash_gets_one_escaped_word_per_name() -> None:
    assert bash("sahel actor emmanuel") == ["Emmanuel\\ Macron"]
    assert bash("sahel actor côte") == ["Côte\\ d\\'Ivoire"]
    assert bash('sahel actor "côte') == ['"Côte d\'Ivoire"']  # the opened quote is closed
    assert bash("sahel actor 'emm") == ["'Emmanuel Macron'"]


def test_zsh_adds_names_unfiltered_and_quoted() -> None:
    env = {"_SAHEL_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "sahel actor côte"}
    line = run_complete(env).strip()
    assert line.startswith("compadd -U -- ")
    import shlex

    assert shlex.split(line)[3:] == ["Côte d'Ivoire"]


def test_fish_gets_plain_names_with_descriptions() -> None:
    env = {
        "_SAHEL_COMPLETE": "complete_fish",
        "_TYPER_COMPLETE_FISH_ACTION": "get-args",
        "_TYPER_COMPLETE_ARGS": "sahel actor emm",
    }
    assert run_complete(env).splitlines() == ["Emmanuel Macron\tmacron"]


def test_choices_complete_for_enum_options_and_arguments() -> None:
    assert bash("sahel claims --status d") == ["disputed"]
    assert bash("sahel -f js") == ["json", "jsonl"]
    assert bash("sahel export t") == ["timelinejs"]
    assert bash("sahel import a") == ["acled"]
    assert bash("sahel show x --kind cl") == ["claim"]


def test_install_completion_names_the_shell(tmp_path: Path) -> None:
    from conftest import run_sahel

    home = {"HOME": str(tmp_path), "SHELL": "/bin/bash"}
    proc = run_sahel("--install-completion", "zsh", env=home)
    assert proc.returncode == 0, proc.stderr
    assert b"zsh completion installed" in proc.stdout
    assert "_SAHEL_COMPLETE=complete_zsh" in (tmp_path / ".zfunc" / "_sahel").read_text()
    shown = run_sahel("--show-completion", "fish", env=home)
    assert b"complete --command sahel" in shown.stdout


def test_interactive_bash_tab_inserts_a_runnable_command_line(tmp_path: Path) -> None:
    """Press Tab in a real interactive bash: the name comes back as one quoted word."""
    import os
    import shutil
    import sys

    from conftest import run_in_pty

    if shutil.which("bash") is None:
        import pytest

        pytest.skip("no bash")
    script = tmp_path / "sahel.bash"
    from conftest import run_sahel

    script.write_bytes(run_sahel("--show-completion", "bash").stdout)
    bindir = tmp_path / "bin"
    bindir.mkdir()
    (bindir / "sahel").write_text(f'#!/bin/sh\nexec {sys.executable} -m sahelcli "$@"\n')
    (bindir / "sahel").chmod(0o755)
    env = {
        "PATH": f"{bindir}{os.pathsep}{os.environ['PATH']}",
        "PS1": "$ ",
        "INPUTRC": "/dev/null",
        "TERM": "dumb",
    }
    keys = [
        (f"source {script}\n", 1.0),
        ("sahel actor emmanuel\t", 5.0),  # Tab: the completion runs sahel
        ("\x01echo \n", 1.0),  # Ctrl-A, then echo the completed line as bash parses it
        ("exit\n", 0.5),
    ]
    screen = run_in_pty(["bash", "--norc", "--noprofile", "-i"], env, keys=keys)
    assert "Emmanuel\\ Macron" in screen
    assert "sahel actor Emmanuel Macron" in screen  # echo ran it as two words: runnable, quoted
