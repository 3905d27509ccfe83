"""Untrusted data and shared caches (issue 19): a cache folder others can write is never
trusted, and planted files are never read or written through."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import Invoke, run_sahel

pytestmark = pytest.mark.skipif(not hasattr(os, "getuid"), reason="needs Unix owners")


def _mini_copy(tmp_path: Path, mini: Path) -> Path:
    data = tmp_path / "data" / "mini.yaml"
    data.parent.mkdir()
    data.write_text(mini.read_text())
    past = data.stat().st_mtime - 3600  # not "racy": its hash stamp is written
    os.utime(data, (past, past))
    return data


def test_a_cache_folder_others_can_write_is_not_used(tmp_path: Path, mini: Path) -> None:
    shared = tmp_path / "shared"
    (shared / "sahel").mkdir(parents=True)
    os.chmod(shared / "sahel", 0o777)  # e.g. created first by another user in /tmp
    data = _mini_copy(tmp_path, mini)
    proc = run_sahel("--data", str(data), "timeline", env={"XDG_CACHE_HOME": str(shared)})
    assert proc.returncode == 0
    assert b"is not private" in proc.stderr and proc.stderr.count(b"warning") == 1
    assert b"Guard detains the president" in proc.stdout
    assert list((shared / "sahel").iterdir()) == []  # nothing written there


def test_a_new_cache_folder_and_its_files_are_private(tmp_path: Path, mini: Path) -> None:
    data = _mini_copy(tmp_path, mini)
    cache = tmp_path / "cache"
    assert (
        run_sahel("--data", str(data), "timeline", env={"XDG_CACHE_HOME": str(cache)}).returncode
        == 0
    )
    folder = cache / "sahel"
    assert folder.stat().st_mode & 0o777 == 0o700
    files = list(folder.iterdir())
    assert files and all(f.stat().st_mode & 0o077 == 0 for f in files)


def test_a_planted_index_or_stamp_is_not_served(tmp_path: Path, mini: Path, invoke: Invoke) -> None:
    import time

    from sahelcli.index import RACY_SECONDS

    data = _mini_copy(tmp_path, mini)
    time.sleep(RACY_SECONDS + 0.2)  # a stamp is written only for a file not just changed
    cache = tmp_path / "cache"
    env = {"XDG_CACHE_HOME": str(cache)}
    assert run_sahel("--data", str(data), "timeline", env=env).returncode == 0
    folder = cache / "sahel"
    (index,) = folder.glob("index-*.sqlite")
    (stamp,) = folder.glob("stamp-*.json")
    # A stamp pointing outside the folder: only a hex digest is accepted.
    record = json.loads(stamp.read_text())
    record["content"] = "z/../../../victim/places"
    stamp.write_text(json.dumps(record))
    victim = tmp_path / "victim"
    victim.mkdir()
    assert run_sahel("--data", str(data), "timeline", env=env).returncode == 0
    assert list(victim.iterdir()) == []
    # An index others can write is not read (as if another user had planted it).
    os.chmod(index, 0o666)
    import sqlite3

    with sqlite3.connect(index) as conn:
        conn.execute("UPDATE events SET doc = replace(doc, 'Guard detains', 'PLANTED')")
    proc = run_sahel("--data", str(data), "timeline", env=env)
    assert b"PLANTED" not in proc.stdout and b"Guard detains the president" in proc.stdout


def test_a_symlink_in_the_cache_is_never_followed(tmp_path: Path, mini: Path) -> None:
    data = _mini_copy(tmp_path, mini)
    cache = tmp_path / "cache"
    env = {"XDG_CACHE_HOME": str(cache)}
    assert run_sahel("--data", str(data), "timeline", env=env).returncode == 0
    folder = cache / "sahel"
    (index,) = folder.glob("index-*.sqlite")
    elsewhere = tmp_path / "elsewhere.sqlite"
    index.rename(elsewhere)
    import sqlite3

    with sqlite3.connect(elsewhere) as conn:
        conn.execute("UPDATE events SET doc = replace(doc, 'Guard detains', 'PLANTED')")
    index.symlink_to(elsewhere)
    proc = run_sahel("--data", str(data), "timeline", env=env)
    assert proc.returncode == 0 and b"Guard detains the president" in proc.stdout
    assert b"PLANTED" not in proc.stdout


HOSTILE_NAMES = """\
actors:
  - {id: evil-one, name: "Evil \\e]0;pwned\\a One", kind: state}
  - {id: evil-two, name: "Evil \\e[2J Two", kind: state}
events:
  - id: e1
    date: "2023-08-01"
    title: "Harmless;=1+1;@SUM(A1:A2) [click](javascript:alert(1)) ![x](http://x/y.png) & co"
    actors: [evil-one]
    sources: [{publisher: P, title: T, date: "2023-08-01", url: "https://example.org/x"}]
"""


def _hostile(tmp_path: Path) -> Path:
    data = tmp_path / "hostile.yaml"
    data.write_text(HOSTILE_NAMES)
    return data


def test_dataset_text_reaches_stderr_cleaned(tmp_path: Path) -> None:
    data = _hostile(tmp_path)
    ambiguous = run_sahel("--data", str(data), "actor", "evil")
    assert ambiguous.returncode == 1
    assert b"\x1b" not in ambiguous.stderr and b"\x07" not in ambiguous.stderr
    assert "␛".encode() in ambiguous.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text(HOSTILE_NAMES.replace("kind: state}", 'kind: "\\e[2J"}', 1))
    invalid = run_sahel("validate", str(bad))
    assert invalid.returncode == 3 and b"\x1b" not in invalid.stderr


def test_csv_quotes_semicolons_so_no_cell_starts_a_formula(tmp_path: Path) -> None:
    out = run_sahel("--data", str(_hostile(tmp_path)), "-f", "csv", "timeline").stdout.decode()
    import csv

    row = out.splitlines()[1]
    assert "\"Harmless;'=1+1;'@SUM(A1:A2)" in row  # quoted, and defused after each ;
    (cells,) = csv.reader([row], delimiter=";")  # a spreadsheet that splits on ";"
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_markdown_keeps_data_as_text(tmp_path: Path) -> None:
    out = run_sahel("--data", str(_hostile(tmp_path)), "-f", "md", "timeline").stdout.decode()
    assert "](javascript:" not in out.replace("\\]", "")
    assert "\\[click\\]" in out and "\\!\\[x\\]" in out and "&amp; co" in out


# --- values that used to crash (exit 70) --------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["timeline", "--limit", "99999999999999999999"], 2),
        (["brief", "--days", "999999999"], 2),
        (["actor", "ecowas", "--limit", "99999999999999999999"], 2),
    ],
)
def test_huge_option_values_are_usage_errors(invoke: Invoke, args: list[str], code: int) -> None:
    result = invoke(*args)
    assert result.exit_code == code, result.output
    assert "must be at most" in result.stderr


@pytest.mark.parametrize("digits", [26, 5000])
def test_a_huge_count_is_a_validation_error(
    tmp_path: Path, mini: Path, invoke: Invoke, digits: int
) -> None:
    data = tmp_path / "huge.yaml"
    data.write_text(
        mini.read_text().replace(
            "    location: Niamey\n", f"    location: Niamey\n    fatalities: {'9' * digits}\n"
        )
    )
    for command in (["validate"], ["timeline"]):
        result = invoke("--data", str(data), *command)
        assert result.exit_code == 3, (command, result.output)
    target = tmp_path / "out.db"
    result = invoke("--data", str(data), "export", "sqlite", "-o", str(target))
    assert result.exit_code == 3 and not target.exists()


def test_stderr_closed_keeps_errors_out_of_stdout(tmp_path: Path) -> None:
    import subprocess
    import sys

    proc = subprocess.run(
        f"{sys.executable} -m sahelcli actor nobody-at-all 2>&-",
        shell=True,
        capture_output=True,
        check=False,
    )
    assert proc.returncode == 1
    assert b"nobody" not in proc.stdout


def test_an_edit_during_a_query_never_pins_a_wrong_index(
    tmp_path: Path, mini: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sahelcli import validate

    data = _mini_copy(tmp_path, mini)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    real_load = validate.load_dataset

    def load_after_an_edit(path: Path, **kwargs: object) -> object:
        data.write_text(data.read_text().replace("Guard detains", "EDITED guard detains"))
        return real_load(path, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(validate, "load_dataset", load_after_an_edit)
    first = invoke("--data", str(data), "-f", "json", "timeline")
    assert first.exit_code == 0
    assert not list((tmp_path / "cache" / "sahel").glob("index-*.sqlite"))  # nothing pinned
    monkeypatch.setattr(validate, "load_dataset", real_load)
    later = invoke("--data", str(data), "-f", "json", "timeline")
    assert "EDITED guard detains" in later.stdout


def test_a_flood_of_problems_is_listed_up_to_a_bound(tmp_path: Path, invoke: Invoke) -> None:
    """Hostile input: a list of 50,000 non-records is reported as the first problems and a
    count, not 50,000 positioned lines (2.5 million took 85 s and 2.9 GB)."""
    from sahelcli.validate import MAX_PROBLEMS

    data = tmp_path / "flood.yaml"
    data.write_text("events: [" + ",".join(["0"] * 50_000) + "]\n")
    result = invoke("--no-cache", "--data", str(data), "timeline")
    assert result.exit_code == 3
    lines = result.stderr.splitlines()
    assert len(lines) == MAX_PROBLEMS + 2  # the listed ones, the count, the summary
    assert f"and {50_000 - MAX_PROBLEMS:,} more problems, not listed" in result.stderr
    assert lines[0].startswith(f"{data}:1:10: events[0]: expected a mapping")


# --- the low items of the review --------------------------------------------------------------


def test_cache_clear_removes_what_a_killed_build_left(
    tmp_path: Path, invoke: Invoke, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "sahel"
    folder.mkdir()
    (folder / ".building-abc.tmp").write_text("half an index")
    (folder / ".stamp-abc.tmp").write_text("{")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert ".building-abc.tmp" in invoke("cache", "info").stderr  # not part of an index
    invoke("cache", "clear")
    assert list(folder.iterdir()) == []


def test_force_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path, invoke: Invoke) -> None:
    target = tmp_path / "private.ics"
    target.write_text("old")
    os.chmod(target, 0o600)
    assert invoke("export", "ics", "-o", str(target), "--force").exit_code == 0
    assert target.stat().st_mode & 0o777 == 0o600


def test_search_finds_text_after_a_nul_with_and_without_the_index(
    tmp_path: Path, mini: Path, invoke: Invoke
) -> None:
    data = tmp_path / "nul.yaml"
    data.write_text(mini.read_text().replace("Guard detains the president", "Guard\\0 detains"))
    data.write_text(
        data.read_text().replace("title: Guard\\0 detains", 'title: "Guard\\0 detains"')
    )
    for flags in ([], ["--no-cache"]):
        result = invoke(*flags, "--data", str(data), "-f", "json", "search", "detains")
        assert result.exit_code == 0 and "coup" in result.stdout, flags


def test_a_device_as_the_dataset_is_refused(invoke: Invoke) -> None:
    result = invoke("--data", "/dev/zero", "timeline")
    assert result.exit_code == 4 and "not a regular file" in result.stderr


def test_urls_with_control_characters_are_refused(
    tmp_path: Path, mini: Path, invoke: Invoke
) -> None:
    data = tmp_path / "url.yaml"
    data.write_text(
        mini.read_text().replace('"https://example.org/a"', '"https://example.org/\\ea"')
    )
    result = invoke("validate", str(data))
    assert result.exit_code == 3 and "is not a URL" in result.stderr


def test_an_import_file_name_cannot_inject_yaml(tmp_path: Path, invoke: Invoke) -> None:
    from conftest import FIXTURES

    source = next((FIXTURES / "acled").glob("*.csv"))
    odd = tmp_path / "x\nmeta: {timezone: UTC}\n.csv"
    odd.write_bytes(source.read_bytes())
    result = invoke("import", "acled", str(odd))
    assert result.exit_code == 0, result.stderr
    assert "\nmeta:" not in result.stdout


def test_invisible_separators_and_tags_are_shown_not_passed(
    tmp_path: Path, mini: Path, invoke: Invoke
) -> None:
    data = tmp_path / "inv.yaml"
    data.write_text(
        mini.read_text().replace("Guard detains the president", "Guard\\u2028detains\\U000E0041 x")
    )
    data.write_text(data.read_text().replace("title: Guard\\u2028", 'title: "Guard\\u2028'))
    data.write_text(data.read_text().replace("\\U000E0041 x\n", '\\U000E0041 x"\n', 1))
    out = invoke("--data", str(data), "-f", "tsv", "timeline").stdout
    assert "\u2028" not in out and "\U000e0041" not in out and "<U+2028>" in out


def test_completion_never_offers_a_name_with_a_control_character(
    tmp_path: Path, mini: Path
) -> None:
    data = tmp_path / "ctl.yaml"
    data.write_text(
        mini.read_text().replace("aliases: [PMC Wagner]", 'aliases: ["PMC\\e[2J Wagner"]')
    )
    env = {
        "_SAHEL_COMPLETE": "complete_bash",
        "COMP_WORDS": "sahel actor pmc",
        "COMP_CWORD": "2",
        "SAHEL_DATA": str(data),
    }
    proc = run_sahel(env=env)
    assert b"\x1b" not in proc.stdout


def test_a_merge_key_override_is_not_a_duplicate(tmp_path: Path, invoke: Invoke) -> None:
    data = tmp_path / "merge.yaml"
    data.write_text(
        "actors:\n  - &base {id: a, name: Alpha, kind: state}\n"
        "  - <<: *base\n    id: b\n    name: Beta\n"
    )
    result = invoke("--no-cache", "--data", str(data), "-f", "json", "actors")
    assert result.exit_code == 0, result.stderr
    assert [a["id"] for a in json.loads(result.stdout)] == ["a", "b"]
    data.write_text("actors:\n  - {id: a, name: A, kind: state, id: b}\n")
    result = invoke("--no-cache", "--data", str(data), "actors")
    assert result.exit_code == 3 and "duplicate key 'id'" in result.stderr


def test_a_file_just_changed_gets_no_stamp_even_with_an_old_mtime(
    tmp_path: Path, mini: Path
) -> None:
    """The racy guard looks at the status-change time too: setting mtime back (or a file
    system with one-second timestamps) must not make a fresh edit look old."""
    data = _mini_copy(tmp_path, mini)  # mtime set an hour back, ctime now
    cache = tmp_path / "cache"
    assert (
        run_sahel("--data", str(data), "timeline", env={"XDG_CACHE_HOME": str(cache)}).returncode
        == 0
    )
    assert not list((cache / "sahel").glob("stamp-*.json"))


def test_a_complex_key_is_named_as_such(tmp_path: Path, invoke: Invoke) -> None:
    data = tmp_path / "key.yaml"
    data.write_text("actors:\n  - {id: a, name: A, kind: state, [x, y]: z}\n")
    result = invoke("--no-cache", "--data", str(data), "actors")
    assert result.exit_code == 3
    assert "a mapping key is a list or a mapping" in result.stderr and "tag" not in result.stderr


def test_deep_nesting_with_an_anchor_is_a_clear_error(tmp_path: Path, invoke: Invoke) -> None:
    data = tmp_path / "deep.yaml"
    data.write_text("meta: &a " + "[" * 990 + "]" * 990 + "\nevents: []\n")
    result = invoke("--no-cache", "--data", str(data), "timeline")
    assert result.exit_code == 3, result.output
    assert "internal error" not in result.stderr


def test_watch_stopped_by_sigterm_shows_the_cursor_again(tmp_path: Path, mini: Path) -> None:
    import signal

    from conftest import SAHEL, run_in_pty

    args = [*SAHEL, "--data", str(mini), "--as-of", "2023-08-01", "deadline", "ecowas", "--watch"]
    screen = run_in_pty(
        args, {"NO_COLOR": "1"}, columns=100, lines=40, signal_after=(signal.SIGTERM, 2.0)
    ).encode()
    assert b"\x1b[?25l" in screen  # the countdown hid the cursor...
    assert screen.rindex(b"\x1b[?25h") > screen.rindex(b"\x1b[?25l")  # ...and showed it again
