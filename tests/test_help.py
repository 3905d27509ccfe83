"""Help, errors and freshness as a newcomer meets them."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest
from conftest import ROOT, Invoke, run_sahel

from sahelcli.commands import COMMANDS, EXAMPLES


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_has_examples_in_its_help(invoke: Invoke, name: str) -> None:
    result = invoke(name, "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.stdout
    for example in EXAMPLES[name]:
        assert example in result.stdout  # kept as written, not re-wrapped
    assert "--as-of INSTANT" in result.stdout  # the global options are named
    assert "YYYY-MM-DD" in result.stdout  # and the date formats


#: Examples that need files of the reader's own (an export to write, a CSV, two versions).
NEEDS_FILES = (">", "-o ", "my-data", "clear", "export.csv", "old.yaml", "v1/")
RUNNABLE = [
    (name, example)
    for name, examples in EXAMPLES.items()
    for example in examples
    if not any(marker in example for marker in NEEDS_FILES)
]


@pytest.mark.parametrize(("name", "example"), RUNNABLE, ids=[e for _, e in RUNNABLE])
def test_every_help_example_runs(invoke: Invoke, name: str, example: str) -> None:
    args = shlex.split(example)[1:]
    result = invoke(*args)
    assert result.exit_code == 0, (example, result.stderr)
    assert result.stdout.strip(), example


def test_top_level_help_lists_whole_summaries(invoke: Invoke) -> None:
    out = invoke("--help").stdout
    assert "..." not in out.split("Commands:")[1].split("Examples:")[0]
    assert "Exit codes:" in out and "sahel timeline --tag coup |" not in out


def test_sahel_alone_prints_help_on_stdout() -> None:
    proc = run_sahel()
    assert proc.returncode == 0
    assert proc.stdout.startswith(b"Usage: sahel") and not proc.stderr


def test_help_command(invoke: Invoke) -> None:
    assert invoke("help").stdout == invoke("--help").stdout
    assert invoke("help", "timeline").stdout == invoke("timeline", "--help").stdout
    assert "Where the index lives" in invoke("help", "cache", "info").stdout
    wrong = invoke("help", "timelin")
    assert wrong.exit_code == 2 and "did you mean 'timeline'?" in wrong.stderr


BAD_VALUES = [
    (["timeline", "--limit", "-1"], "--limit must be 1 or more"),
    (["timeline", "--limit", "x"], "--limit must be a whole number, not 'x'"),
    (["timeline", "--since", "tomorrow"], "--since"),
    (["timeline", "--nope"], "unknown option --nope"),
    (["actor"], "missing argument"),
    (["actor", "emmanuel", "macron"], "unexpected extra argument"),
    (["actors", "extra"], "unexpected extra argument"),
    (["claims", "--status", "nope"], "not a claim status"),
    (["claims", "--min-grade", "Z9"], "not an Admiralty grade"),
    (["deadlines", "--nope"], "unknown option --nope"),
    (["deadline"], "missing argument"),
    (["search"], "missing argument"),
    (["brief", "--days", "0"], "--days must be 1 or more"),
    (["tags", "--x"], "unknown option --x"),
    (["show"], "missing argument"),
    (["show", "x", "--kind", "place"], "not a record kind"),
    (["export", "pdf"], "unknown export format"),
    (["import", "nope", "x.csv"], "unknown import source"),
    (["validate", "a", "b"], "unexpected extra argument"),
    (["schema", "x"], "unexpected extra argument"),
    (["cache", "nope"], "unknown command 'nope'"),
    (["--width", "5", "timeline"], "--width must be 20 or more"),
    (["--as-of", "soon", "timeline"], "--as-of"),
    (["--format", "pdf", "timeline"], "unknown format"),
    (["timeline", "--limit", "5", "--all"], "cannot be used together"),
    (["timelin"], "did you mean 'timeline'?"),
]


@pytest.mark.parametrize(("args", "words"), BAD_VALUES, ids=[" ".join(a) for a, _ in BAD_VALUES])
def test_every_usage_error_has_one_style(invoke: Invoke, args: list[str], words: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    first = result.stderr.splitlines()[0]
    assert first.startswith("sahel: error: "), result.stderr
    assert words in result.stderr
    assert "Invalid value for" not in result.stderr and "Usage:" not in result.stderr
    assert result.stderr.splitlines()[1].startswith("  hint: ")


def test_nothing_found_exits_1_in_every_command(invoke: Invoke, mini: Path) -> None:
    d = ["--data", str(mini)]
    for args in (
        ["timeline", "--search", "zzz"],
        ["search", "zzz"],
        ["claims", "--status", "refuted"],
        ["--as-of", "2023-07-01", "deadlines"],
        ["actor", "nobody"],
        ["show", "nothing-like-this"],
    ):
        assert invoke(*d, *args).exit_code == 1, args


def test_version_says_how_fresh_the_data_is(invoke: Invoke, mini: Path) -> None:
    out = invoke("--data", str(mini), "--version").stdout.splitlines()
    assert out[0].startswith("sahel ")
    assert out[1].startswith("data: Mini fixture, updated 2023-08-20")


def test_validate_speaks_every_format_and_names_the_path(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("validate", "-f", "json")
    data = json.loads(result.stdout)
    assert data["valid"] is True and data["updated"] and data["events"] > 100
    assert "updated 20" in invoke("validate").stdout
    missing = invoke("validate", str(tmp_path / "nope.yaml"))
    assert missing.exit_code == 4
    assert "--data" not in missing.stderr and "check the path" in missing.stderr
    bad = invoke(
        "validate", str(ROOT / "tests/fixtures/bad/expires_before_issued.yaml"), "-f", "json"
    )
    assert bad.exit_code == 3 and json.loads(bad.stdout)["problems"][0]["line"] == 9
