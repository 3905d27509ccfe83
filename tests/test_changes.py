"""`sahel changes`: what the dataset learned since a date, from its provenance (issue 13)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, Invoke

TOOL = ROOT / "tools" / "backfill_provenance.py"


def git(repo: Path, *args: str, day: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    if day:
        env |= {"GIT_AUTHOR_DATE": f"{day}T12:00:00", "GIT_COMMITTER_DATE": f"{day}T12:00:00"}
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_changes_since_the_previous_update_lists_exactly_what_it_added_or_revised(
    tmp_path: Path, mini: Path, invoke: Invoke
) -> None:
    repo = tmp_path / "repo"
    (repo / "data").mkdir(parents=True)
    data = repo / "data" / "events.yaml"
    data.write_text(mini.read_text())
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "v1", day="2024-01-10")
    text = mini.read_text().replace("title: ECOWAS summit in Abuja", "title: ECOWAS summit, Abuja")
    text = text.replace(
        "claims:\n",
        "  - id: new-event\n    date: 2023-08-15\n    title: Something new\n"
        '    sources: [{publisher: P, title: T, date: 2023-08-15, url: "https://e.org/n"}]\n'
        "claims:\n",
    )
    data.write_text(text)
    git(repo, "commit", "-qam", "v2", day="2024-02-20")
    proc = subprocess.run(
        [sys.executable, str(TOOL), "data/events.yaml"], cwd=repo, capture_output=True, check=False
    )
    assert proc.returncode == 0, proc.stderr
    result = invoke("--data", str(data), "-f", "json", "changes", "--since", "2024-02-01")
    assert result.exit_code == 0, result.stderr
    found = {(c["kind"], c["id"], c["change"], c["on"]) for c in json.loads(result.stdout)}
    assert found == {
        ("event", "new-event", "new", "2024-02-20"),
        ("event", "summit", "revised", "2024-02-20"),
    }
    everything = json.loads(
        invoke("--data", str(data), "-f", "json", "changes", "--since", "2024-01-01").stdout
    )
    assert len(everything) == 3 + 1 + 1 + 4 + 1  # events, claim, deadline, actors, new event
    nothing = invoke("--data", str(data), "changes", "--since", "2024-03-01")
    assert nothing.exit_code == 1


def test_changes_window_and_errors(invoke: Invoke, tmp_path: Path, mini: Path) -> None:
    data = tmp_path / "d.yaml"
    data.write_text(
        mini.read_text()
        .replace("  - id: coup\n", "  - id: coup\n    added: '2024-01-01'\n")
        .replace(
            "  - id: summit\n",
            "  - id: summit\n    added: '2024-01-01'\n    revised: '2024-03-01'\n",
        )
    )
    d = ["--data", str(data), "-f", "json", "changes"]
    window = json.loads(invoke(*d, "--since", "2024-01-01", "--until", "2024-01-31").stdout)
    assert [(c["id"], c["change"]) for c in window] == [("summit", "new"), ("coup", "new")]
    later = json.loads(invoke(*d, "--since", "2024-02").stdout)
    assert [(c["id"], c["change"]) for c in later] == [("summit", "revised")]
    assert invoke(*d, "--since", "2024-05-01", "--until", "2024-01-01").exit_code == 2
    assert invoke(*d, "--since", "soon").exit_code == 2


def test_revised_before_added_is_a_validation_error(
    invoke: Invoke, tmp_path: Path, mini: Path
) -> None:
    data = tmp_path / "d.yaml"
    data.write_text(
        mini.read_text().replace(
            "  - id: coup\n", "  - id: coup\n    added: '2024-02-01'\n    revised: '2024-01-01'\n"
        )
    )
    result = invoke("validate", str(data))
    assert result.exit_code == 3
    assert "events[0].revised: revised (2024-01-01) is before added (2024-02-01)" in result.stderr


def test_brief_can_say_what_is_new_in_the_data(invoke: Invoke) -> None:
    md = invoke("--as-of", "2026-02-18", "brief", "--changes-since", "2026-11-26", "-f", "md")
    assert md.exit_code == 0
    assert "## New in the data since 2026-11-26" in md.stdout
    assert "more: sahel changes --since 2026-11-26" in md.stdout
    doc = json.loads(invoke("brief", "--changes-since", "2026-11-26", "-f", "json").stdout)
    assert "latest_events" in doc
