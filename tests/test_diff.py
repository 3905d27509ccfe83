"""`sahel diff OLD NEW`: records added, removed and changed, field by field."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import Invoke


def _versions(tmp_path: Path, mini: Path) -> tuple[Path, Path]:
    old = tmp_path / "old.yaml"
    old.write_text(mini.read_text())
    new_text = (
        mini.read_text()
        .replace("title: ECOWAS summit in Abuja", "title: ECOWAS summit in Abuja ends")
        .replace("    tags: [protest]\n", "    tags: [protest, street]\n")
        .replace(
            "  - id: month-only\n    date: 2023-08\n    title: Protests during August\n"
            "    actors: [cnsp]\n    tags: [protest, street]\n"
            "    sources:\n"
            '      - {publisher: Example News, title: August, date: 2023-09-01, url: "https://example.org/c"}\n',
            "",
        )
        .replace(
            "claims:\n",
            "  - id: brand-new\n    date: 2023-08-02\n    title: New\n"
            '    sources: [{publisher: P, title: T, date: 2023-08-02, url: "https://e.org/n"}]\n'
            "claims:\n",
        )
    )
    new = tmp_path / "new.yaml"
    new.write_text(new_text)
    return old, new


def test_diff_reports_added_removed_and_changed_fields(
    invoke: Invoke, tmp_path: Path, mini: Path
) -> None:
    old, new = _versions(tmp_path, mini)
    result = invoke("diff", str(old), str(new), "-f", "json")
    assert result.exit_code == 1  # they differ, as diff says it
    rows = json.loads(result.stdout)
    seen = {(r["kind"], r["id"], r["change"], r["field"]) for r in rows}
    assert seen == {
        ("event", "summit", "changed", "title"),
        ("event", "month-only", "removed", ""),
        ("event", "brand-new", "added", ""),
    }
    title = next(r for r in rows if r["field"] == "title")
    assert (title["old"], title["new"]) == ("ECOWAS summit in Abuja", "ECOWAS summit in Abuja ends")


def test_identical_datasets_exit_0(invoke: Invoke, mini: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.yaml"
    copy.write_text(mini.read_text())
    result = invoke("diff", str(mini), str(copy))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1:] == []  # the header only


def test_diff_of_folders_and_tsv(invoke: Invoke, tmp_path: Path, mini: Path) -> None:
    old, new = _versions(tmp_path, mini)
    for name, source in (("a", old), ("b", new)):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "data.yaml").write_text(source.read_text())
    result = invoke("diff", str(tmp_path / "a"), str(tmp_path / "b"), "-f", "tsv")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "kind\tid\tchange\tfield\told\tnew\tlabel"
    assert len(lines) == 4


def test_diff_of_an_invalid_dataset_is_exit_3(invoke: Invoke, tmp_path: Path, mini: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("events: [")
    assert invoke("diff", str(mini), str(bad)).exit_code == 3


def test_word_diff_marks_only_the_changed_words() -> None:
    from sahelcli.views import word_diff

    old = "The junta said on state television that the ambassador must leave within 48 hours"
    new = "The junta said on state television that the ambassador had to leave within 48 hours"
    assert "[-must-] {+had to+}" in word_diff(old, new)
    assert word_diff("a", "b") == "a → b"


def test_a_renamed_record_is_one_change(invoke: Invoke, tmp_path: Path, mini: Path) -> None:
    old = tmp_path / "old.yaml"
    old.write_text(mini.read_text())
    new = tmp_path / "new.yaml"
    new.write_text(
        mini.read_text().replace(
            "  - id: summit\n", "  - id: ecowas-summit\n    replaces: summit\n"
        )
    )
    rows = json.loads(invoke("diff", str(old), str(new), "-f", "json").stdout)
    assert [(r["id"], r["change"], r["field"]) for r in rows] == [
        ("ecowas-summit", "renamed", "id")
    ]
    still = tmp_path / "still.yaml"
    still.write_text(
        mini.read_text().replace("  - id: coup\n", "  - id: coup\n    replaces: summit\n")
    )
    result = invoke("validate", str(still))
    assert result.exit_code == 3 and "'summit' is still the id of a record" in result.stderr
