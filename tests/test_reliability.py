"""Regression tests for the reliability review (issue 16)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from conftest import Invoke, write_many_events

from sahelcli import load
from sahelcli.chunked import has_anchor

# --- 1. an "&" in a title, shared lists: no false alias-bomb refusals ---------------------------


@pytest.mark.parametrize(
    ("text", "anchor"),
    [
        ("title: Trade & Industry ministry", False),
        ("notes: Corruption & Unemployment", False),
        ("title: AT&T", False),
        ('title: "a: &b"', True),  # a false yes inside quotes only costs speed
        ("tags: &shared [coup]", True),
        ("- &first\n  id: x", True),
        ("[&a x, *a]", True),
    ],
)
def test_only_anchors_where_a_node_starts_count(text: str, anchor: bool) -> None:
    assert has_anchor(text) is anchor


def test_aliases_that_add_little_are_not_a_bomb() -> None:
    shared = ["coup", "ecowas"]
    events = [{"id": f"e{i}", "tags": shared, "n": [1, 2, 3]} for i in range(400_000)]
    written, expanded = load.alias_growth({"events": events})
    assert written > 2_000_000  # the old guard refused anything above 2M values
    assert expanded > written
    assert not load.alias_bomb({"events": events})


def test_a_billion_laughs_is_still_a_bomb() -> None:
    level: object = ["lol"] * 10
    for _ in range(9):
        level = [level] * 10
    assert load.alias_bomb({"a": level})


def test_a_big_file_with_an_ampersand_is_read_in_slices(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, invoke: Invoke
) -> None:
    data = write_many_events(tmp_path / "big.yaml", 3000)
    text = data.read_text().replace("title: Summit", "title: Trade & Industry summit", 1)
    data.write_text(text)
    assert len(text) > load.SPLIT_BYTES
    from sahelcli import chunked

    calls: list[int] = []
    real_split = chunked.split

    def spy(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return real_split(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(chunked, "split", spy)
    result = invoke("--no-cache", "--data", str(data), "-f", "json", "timeline", "--limit", "1")
    assert result.exit_code == 0, result.stderr
    assert calls, "the sliced loader was switched off by an '&' inside a title"


def test_a_file_dumped_with_shared_lists_loads(tmp_path: Path, invoke: Invoke, mini: Path) -> None:
    doc = yaml.safe_load(mini.read_text())
    shared_sources = doc["events"][0]["sources"]
    for event in doc["events"]:
        event["sources"] = shared_sources  # yaml.dump writes &id001 / *id001
    dumped = yaml.dump(doc, allow_unicode=True, sort_keys=False)
    assert "&id001" in dumped
    path = tmp_path / "dumped.yaml"
    path.write_text(dumped)
    result = invoke("--data", str(path), "-f", "json", "timeline")
    assert result.exit_code == 0, result.stderr
    assert len(json.loads(result.stdout)) == 3


# --- 2. a damaged index is never trusted, wherever the damage lies -------------------------------


@pytest.mark.parametrize("command", [["timeline", "--all"], ["actors"], ["tags"], ["brief"]])
def test_a_damaged_index_page_means_answer_from_the_data_and_rebuild(
    tmp_path: Path, command: list[str]
) -> None:
    import os

    from conftest import run_sahel

    data = write_many_events(tmp_path / "data.yaml", 300)
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    command = ["--as-of", "2023-08-20", *command]  # answers that do not move with the clock
    good = run_sahel("--data", str(data), "-f", "json", *command, env=env)
    assert good.returncode == 0
    (index,) = (tmp_path / "cache" / "sahel").glob("index-*.sqlite")
    size = index.stat().st_size
    with index.open("r+b") as handle:  # 4 KB of noise in the middle, past the meta table
        handle.seek(size // 2)
        handle.write(os.urandom(4096))
    damaged = run_sahel("--data", str(data), "-f", "json", *command, env=env)
    assert damaged.returncode == 0, damaged.stderr
    assert damaged.stdout == good.stdout
    assert damaged.stderr.decode().count("warning: the index") <= 1
    again = run_sahel("--data", str(data), "-f", "json", *command, env=env)
    assert again.returncode == 0 and again.stdout == good.stdout and not again.stderr


# --- 3. workers die with their parent ------------------------------------------------------------


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
@pytest.mark.parametrize("signal_name", ["SIGKILL", "SIGTERM"])
def test_killing_a_cold_run_leaves_no_worker_behind(tmp_path: Path, signal_name: str) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    data = write_many_events(tmp_path / "big.yaml", 6000)
    env = {**os.environ, "SAHEL_WORKERS": "3", "XDG_CACHE_HOME": str(tmp_path / "cache")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "sahelcli", "--no-cache", "--data", str(data), "timeline"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    workers: list[int] = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and len(workers) < 2 and proc.poll() is None:
        workers = _children(proc.pid)
        time.sleep(0.01)
    if len(workers) < 2:
        proc.wait(timeout=60)
        pytest.skip("the run finished before its workers could be seen")
    proc.send_signal(getattr(signal, signal_name))
    proc.wait(timeout=30)
    deadline = time.monotonic() + 10
    alive = workers
    while alive and time.monotonic() < deadline:
        alive = [w for w in workers if Path(f"/proc/{w}").exists() and _state(w) != "Z"]
        time.sleep(0.05)
    assert not alive, f"workers {alive} outlived their parent"


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "gone"


# --- 4. every write is complete or reported --------------------------------------------------


@pytest.mark.parametrize(
    "command", [["-f", "json", "timeline"], ["export", "timelinejs"], ["-f", "table", "claims"]]
)
def test_a_short_write_on_unbuffered_stdout_is_an_error(tmp_path: Path, command: list[str]) -> None:
    import os
    import resource
    import subprocess
    import sys

    limit = 20_000

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    target = tmp_path / "out"
    with target.open("wb") as out:
        proc = subprocess.run(
            [sys.executable, "-m", "sahelcli", *command],
            stdout=out,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            preexec_fn=small_files,
            timeout=60,
            check=False,
        )
    assert target.stat().st_size == limit  # the output was cut by the limit...
    assert proc.returncode == 4, proc.stderr  # ...and the run says so
    assert b"File too large" in proc.stderr


# --- 5. -o and special files ------------------------------------------------------------------


def test_output_into_a_fifo_is_written_into_not_replaced(tmp_path: Path, invoke: Invoke) -> None:
    import os
    import stat
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = invoke("export", "ics", "-o", str(fifo), "--force")
    reader.join(timeout=30)
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)  # still a FIFO
    assert received and received[0].startswith(b"BEGIN:VCALENDAR")


def test_output_through_a_symlink_keeps_the_link(tmp_path: Path, invoke: Invoke) -> None:
    real = tmp_path / "real.md"
    real.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    refused = invoke("--as-of", "2023-08-03", "brief", "-o", str(link))
    assert refused.exit_code == 2 and "already exists" in refused.stderr
    assert invoke("--as-of", "2023-08-03", "brief", "-o", str(link), "--force").exit_code == 0
    assert link.is_symlink() and real.read_text().startswith("# Situation brief")


def test_output_to_dev_stdout_is_stdout() -> None:
    from conftest import run_sahel

    proc = run_sahel("export", "ics", "-o", "/dev/stdout")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(b"BEGIN:VCALENDAR")


def test_output_to_a_folder_is_an_error(tmp_path: Path, invoke: Invoke) -> None:
    result = invoke("export", "ics", "-o", str(tmp_path), "--force")
    assert result.exit_code == 2 and "is a folder" in result.stderr


# --- 6. extreme dates ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("date: 2023-07-26\n", "date: 0001-01-01\n"),
        ("expires: 2023-08-06T23:59:00+01:00", "expires: 9999-12-31T23:59:59-12:00"),
        ("issued: 2023-07-30T18:00:00+01:00", "issued: 0001-01-01T00:00:00+01:00"),
    ],
)
def test_dates_out_of_range_are_refused_by_the_validator(
    tmp_path: Path, invoke: Invoke, mini: Path, old: str, new: str
) -> None:
    data = tmp_path / "extreme.yaml"
    text = mini.read_text()
    assert old in text
    data.write_text(text.replace(old, new, 1))
    for command in (["validate"], ["deadlines"], ["brief"], ["export", "ics"]):
        result = invoke("--data", str(data), *command)
        assert result.exit_code == 3, (command, result.output)
        assert "out of range" in result.stderr and "Traceback" not in result.output


def test_an_as_of_out_of_range_is_a_usage_error(invoke: Invoke) -> None:
    result = invoke("--as-of", "9999-12-31T23:59:59-12:00", "deadlines")
    assert result.exit_code == 2 and "out of range" in result.stderr


# --- the slicer reads lines in linear time (issue 19) ---------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("events:\n", ("events", False)),
        ("meta: {title: x}\n", ("meta", True)),
        ("deadlines: []  # none\n", ("deadlines", True)),
        ("deadlines:   # none\n", ("deadlines", False)),
        ("a:b\n", None),
        ("- item\n", None),
        ("deadlines: [" + " " * 60_000 + "]\n", ("deadlines", True)),
    ],
)
def test_top_level_keys(line: str, expected: tuple[str, bool] | None) -> None:
    from sahelcli.chunked import top_key

    assert top_key(line) == expected


def test_a_long_line_of_spaces_in_a_big_file_loads(tmp_path: Path, invoke: Invoke) -> None:
    data = write_many_events(tmp_path / "big.yaml", 3000)
    text = data.read_text()
    head, _deadlines = text.split("deadlines:\n", 1)  # the last section: replaced by
    data.write_text(head + "deadlines: [" + " " * 60_000 + "]\n")  # an empty flow list
    result = invoke("--no-cache", "--data", str(data), "-f", "json", "timeline", "--limit", "1")
    assert result.exit_code == 0, result.stderr
