"""The cache folder (issue 17): where each platform keeps it, what `cache info` says, which old
indexes are pruned, and the progress of a cold build (on a terminal only)."""

from __future__ import annotations

import json
import os
import re
import sys
import time
from pathlib import Path

import pytest
from conftest import FIXTURES, SAHEL, Invoke, run_in_pty, run_sahel, write_many_events

from sahelcli import cache
from sahelcli.commands.upkeep import OTHER_VERSIONS


@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data.yaml"
    target.write_text((FIXTURES / "mini.yaml").read_text())
    return target


# --- where the cache folder is ----------------------------------------------------------------


def test_linux_honours_xdg_cache_home_else_dot_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "sahel"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "sahel"


def test_macos_uses_library_caches(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, invoke: Invoke
) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_CACHE_HOME")  # (platformdirs honours it on macOS too, if set)
    folder = tmp_path / "Library" / "Caches" / "sahel"
    assert cache.cache_dir() == folder
    assert f"cache folder: {folder} " in invoke("cache", "info").stderr


def test_windows_uses_local_app_data(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import platformdirs.windows

    # Off Windows there is no shell API to ask: read the folder from the environment, as
    # platformdirs does when the API is missing.
    monkeypatch.setattr(
        platformdirs.windows, "get_win_folder", platformdirs.windows.get_win_folder_from_env_vars
    )
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "AppData" / "Local"))
    assert cache.cache_dir() == tmp_path / "AppData" / "Local" / "sahel" / "Cache"


def test_sahel_cache_dir_overrides_every_platform(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, data: Path, invoke: Invoke
) -> None:
    chosen = tmp_path / "my cache"
    monkeypatch.setenv("SAHEL_CACHE_DIR", str(chosen))
    for platform in ("linux", "darwin", "win32"):
        monkeypatch.setattr(sys, "platform", platform)
        assert cache.cache_dir() == chosen
    monkeypatch.setattr(sys, "platform", "linux")
    assert invoke("--data", str(data), "timeline").exit_code == 0
    assert len(list(chosen.glob("index-*.sqlite"))) == 1
    assert chosen.stat().st_mode & 0o777 == 0o700


def test_platformdirs_is_imported_only_for_the_cache_folder(data: Path, tmp_path: Path) -> None:
    import subprocess

    def imported(*args: str) -> bool:
        code = (
            "import sys; from sahelcli.cli import app\n"
            f"try: app({list(args)!r})\n"
            "except SystemExit: pass\n"
            "print('platformdirs' in sys.modules, file=sys.stderr)"
        )
        env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
        return done.stderr.strip().splitlines()[-1] == "True"

    assert not imported("--help")
    assert not imported("--no-cache", "--data", str(data), "timeline")
    # On Linux the XDG rule is applied without it (the next test checks the answers agree).
    assert imported("--data", str(data), "timeline") == (not sys.platform.startswith("linux"))


@pytest.mark.parametrize("xdg", [None, "", "   ", "/tmp/some xdg"])
def test_the_linux_rule_agrees_with_platformdirs(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, xdg: str | None
) -> None:
    from platformdirs.unix import Unix

    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    if xdg is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    expected = Path(Unix("sahel", appauthor=False).user_cache_dir)
    assert cache.platform_cache_dir("linux") == expected


# --- cache info -------------------------------------------------------------------------------


def test_cache_info_is_one_line_per_dataset_in_human_units(
    tmp_path: Path, data: Path, invoke: Invoke
) -> None:
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    other = tmp_path / "other.yaml"
    other.write_text(data.read_text())
    for path in (data, other):
        assert invoke("--data", str(path), "timeline", env=env).exit_code == 0
    data.write_text(data.read_text().replace("Guard detains", "Guard detaina"))
    assert invoke("--data", str(data), "timeline", env=env).exit_code == 0  # a second version
    info = invoke("cache", "info", "-f", "json", env=env)
    rows = {row["dataset"]: row for row in json.loads(info.stdout)}
    assert set(rows) == {str(data.resolve()), str(other.resolve())}
    row = rows[str(data.resolve())]
    assert row["indexes"] == 2
    assert row["updated"] == "2023-08-20"  # the data's own date (meta.updated)
    assert row["size"].endswith(" kB") and row["bytes"] > 1000
    assert row["used"] == time.strftime("%Y-%m-%d", time.gmtime())
    assert "cache folder:" in info.stderr and " in all)" in info.stderr
    table = invoke("cache", "info", "-f", "table", env=env).stdout
    assert str(other.resolve()) in table and " kB " in table


def test_indexes_of_other_versions_are_one_row(tmp_path: Path, data: Path, invoke: Invoke) -> None:
    import sqlite3

    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    assert invoke("--data", str(data), "timeline", env=env).exit_code == 0
    folder = tmp_path / "cache" / "sahel"
    for n in range(2):  # what an older sahel left: an index whose meta names no source
        old = folder / f"index-{n:016x}-{n:040x}.sqlite"
        conn = sqlite3.connect(old)
        conn.execute("CREATE TABLE meta (key TEXT, value TEXT)")
        conn.commit()
        conn.close()
        old.chmod(0o600)
    rows = json.loads(invoke("cache", "info", "-f", "json", env=env).stdout)
    assert [r["dataset"] for r in rows] == [str(data.resolve()), OTHER_VERSIONS]
    assert rows[1]["indexes"] == 2 and len(rows[1]["files"]) == 2


def test_human_size() -> None:
    assert [cache.human_size(n) for n in (0, 999, 1000, 152_000_000, 4.2e9)] == [
        "0 B",
        "999 B",
        "1.0 kB",
        "152.0 MB",
        "4.2 GB",
    ]


# --- pruning ----------------------------------------------------------------------------------


def _indexes(folder: Path) -> list[Path]:
    return sorted(folder.glob("index-*.sqlite"))


def test_edits_keep_only_the_newest_few_indexes_of_a_dataset(
    tmp_path: Path, data: Path, invoke: Invoke
) -> None:
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    folder = tmp_path / "cache" / "sahel"
    text = data.read_text()
    seen: list[set[Path]] = []
    for version in range(cache.KEEP_PER_DATASET + 2):
        data.write_text(text.replace("Guard detains", f"Guard detains ({version})"))
        result = invoke("--data", str(data), "-f", "json", "timeline", env=env)
        assert f"({version})" in json.loads(result.stdout)[0]["title"]
        seen.append(set(_indexes(folder)))
        old = time.time() - 60 * (10 - version)  # each version used later than the last
        for index in seen[-1] - (seen[-2] if len(seen) > 1 else set()):
            os.utime(index, (old, old))
    kept = set(_indexes(folder))
    assert len(kept) == cache.KEEP_PER_DATASET
    newest = seen[-1] - seen[-2]
    assert newest <= kept  # the index of the current version is never pruned
    # Going back to an earlier version that is still kept costs no rebuild.
    data.write_text(text.replace("Guard detains", "Guard detains (3)"))
    before = {p: p.stat().st_ino for p in kept}
    invoke("--data", str(data), "timeline", env=env)
    assert {p: p.stat().st_ino for p in _indexes(folder)} == before


def test_indexes_unused_for_weeks_are_pruned_and_use_is_recorded(
    tmp_path: Path, data: Path, invoke: Invoke
) -> None:
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    folder = tmp_path / "cache" / "sahel"
    gone = tmp_path / "gone.yaml"
    gone.write_text(data.read_text())
    used = tmp_path / "used.yaml"
    used.write_text(data.read_text())
    for path in (gone, used):
        invoke("--data", str(path), "timeline", env=env)
    (gone_index,) = set(_indexes(folder)) - {p for p in _indexes(folder) if _of(p, used)}
    (used_index,) = [p for p in _indexes(folder) if _of(p, used)]
    weeks_ago = time.time() - (cache.IDLE_DAYS + 5) * 86400
    for index in (gone_index, used_index):
        os.utime(index, (weeks_ago, weeks_ago))
    gone.unlink()  # a dataset moved away: its index will never be asked for again
    invoke("--data", str(used), "timeline", env=env)  # reading an index records its use
    assert used_index.stat().st_mtime > time.time() - 60
    invoke("--data", str(data), "timeline", env=env)  # any build prunes the folder
    assert not gone_index.exists()
    assert used_index.exists()


def _of(index: Path, dataset: Path) -> bool:
    from sahelcli.index import describe

    return describe(index)["source"] == str(dataset.resolve())


def test_prune_removes_leftovers_of_killed_writes_only_when_old(tmp_path: Path) -> None:
    folder = tmp_path / "sahel"
    folder.mkdir()
    fresh, stale = folder / ".building-new.tmp", folder / ".building-old.tmp"
    orphan = folder / "stamp-0123456789abcdef.json"
    for path in (fresh, stale, orphan):
        path.write_text("x")
    day_ago = time.time() - cache.STRAY_SECONDS - 60
    for path in (stale, orphan):
        os.utime(path, (day_ago, day_ago))
    assert sorted(cache.prune(folder)) == sorted([stale, orphan])
    assert fresh.exists()  # perhaps a build under way in another process


# --- progress of a cold build -----------------------------------------------------------------


def test_a_cold_build_shows_its_progress_on_a_terminal(tmp_path: Path) -> None:
    big = write_many_events(tmp_path / "big.yaml", 4000)  # read in slices, indexed at once
    env = {
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "SAHEL_PROGRESS_AFTER": "0",  # at once, not after a second: the file stays small
        "NO_COLOR": "1",
    }
    screen = run_in_pty([*SAHEL, "--data", str(big), "timeline", "--limit", "2"], env=env)
    assert "sahel: indexing big.yaml  reading [" in screen
    assert re.search(r"sahel: indexing big\.yaml  reading \[#+\.*\] +[1-9]\d%", screen)
    assert re.search(r"sahel: indexing big\.yaml  indexing \[[#.]{20}\] +\d+%", screen)
    assert "\x1b[K" in screen  # the line is erased before the answer
    assert "2 of 12000 events" in screen


def test_no_progress_in_pipes_or_on_a_warm_cache(tmp_path: Path) -> None:
    big = write_many_events(tmp_path / "big.yaml", 4000)
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "SAHEL_PROGRESS_AFTER": "0"}
    piped = run_sahel("--data", str(big), "timeline", "--limit", "2", env=env)
    assert piped.returncode == 0
    assert piped.stderr == b""
    warm = run_in_pty([*SAHEL, "--data", str(big), "timeline", "--limit", "2"], env=env)
    assert "indexing" not in warm and "2 of 12000 events" in warm


def test_progress_waits_before_it_shows(tmp_path: Path, data: Path) -> None:
    """By default nothing is drawn in the first second: a quick cold build stays silent."""
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    screen = run_in_pty([*SAHEL, "--data", str(data), "timeline"], env=env)
    assert "indexing" not in screen and "Guard detains" in screen
