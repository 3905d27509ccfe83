"""The compiled index: correct, never stale, never trusted when broken, same answers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, Invoke, run_sahel, write_many_events
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sahelcli.index import IndexStore, StaleIndex, build, cache_files, index_path
from sahelcli.validate import load_dataset


@pytest.fixture
def cached(tmp_path: Path) -> dict[str, str]:
    """Environment with a private cache folder and the index switched on."""
    return {"XDG_CACHE_HOME": str(tmp_path / "cache"), "SAHEL_NO_CACHE": ""}


@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data.yaml"
    target.write_text((FIXTURES / "mini.yaml").read_text())
    return target


def _json(invoke: Invoke, env: dict[str, str], *args: str) -> object:
    result = invoke(*args, "-f", "json", env=env)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_first_query_builds_the_index_and_later_ones_use_it(
    invoke: Invoke, data: Path, cached: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _json(invoke, cached, "--data", str(data), "timeline")
    monkeypatch.setenv("XDG_CACHE_HOME", cached["XDG_CACHE_HOME"])
    files = cache_files()
    assert len(files) == 1
    import sahelcli.validate

    def no_yaml(*args: object, **kwargs: object) -> None:
        raise AssertionError("the dataset was parsed again")

    monkeypatch.setattr(sahelcli.validate, "load_dataset", no_yaml)
    assert _json(invoke, cached, "--data", str(data), "timeline") == first


def test_editing_one_character_is_seen_at_once(
    invoke: Invoke, data: Path, cached: dict[str, str]
) -> None:
    before = _json(invoke, cached, "--data", str(data), "timeline")
    data.write_text(data.read_text().replace("Guard detains", "Guard detaina"))
    after = _json(invoke, cached, "--data", str(data), "timeline")
    assert before != after
    assert after[0]["title"] == "Guard detaina the president"  # type: ignore[index]


def test_no_cache_bypasses_the_index(
    invoke: Invoke, data: Path, cached: dict[str, str], tmp_path: Path
) -> None:
    _json(invoke, cached, "--data", str(data), "--no-cache", "timeline")
    assert not (tmp_path / "cache").exists()


@pytest.mark.parametrize("damage", ["truncate", "garbage", "foreign", "empty"])
def test_a_broken_index_is_ignored_and_rebuilt(
    invoke: Invoke,
    data: Path,
    cached: dict[str, str],
    damage: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    expected = _json(invoke, cached, "--data", str(data), "--no-cache", "timeline")
    monkeypatch.setenv("XDG_CACHE_HOME", cached["XDG_CACHE_HOME"])
    _json(invoke, cached, "--data", str(data), "timeline")
    (index,) = cache_files()
    raw = index.read_bytes()
    if damage == "truncate":
        index.write_bytes(raw[: len(raw) // 3])
    elif damage == "garbage":
        index.write_bytes(b"not a database at all" * 100)
    elif damage == "empty":
        index.write_bytes(b"")
    else:
        import sqlite3

        index.unlink()
        conn = sqlite3.connect(index)
        conn.execute("CREATE TABLE meta (key TEXT, value TEXT)")
        conn.execute("INSERT INTO meta VALUES ('schema_version', '999')")
        conn.commit()
        conn.close()
    result = invoke("--data", str(data), "timeline", "-f", "json", env=cached)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == expected
    IndexStore(index_path([data]))  # rebuilt: opens cleanly now


def test_index_store_rejects_what_it_cannot_trust(tmp_path: Path) -> None:
    with pytest.raises(StaleIndex):
        IndexStore(tmp_path / "missing.sqlite")
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"\x00" * 4096)
    with pytest.raises(StaleIndex):
        IndexStore(bad)


def test_two_processes_building_at_once(data: Path, tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "SAHEL_NO_CACHE": ""}
    args = [sys.executable, "-m", "sahelcli", "--data", str(data), "timeline", "-f", "json"]
    procs = [
        subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(4)
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), outputs
    assert len({out for out, _ in outputs}) == 1
    index = list((tmp_path / "cache" / "sahel").glob("index-*.sqlite"))
    assert len(index) == 1
    assert not list((tmp_path / "cache" / "sahel").glob(".building-*"))
    store = IndexStore(index[0])
    assert len(store.full().events) == 3


def test_cache_info_and_clear(invoke: Invoke, data: Path, cached: dict[str, str]) -> None:
    _json(invoke, cached, "--data", str(data), "timeline")
    info = invoke("cache", "info", "-f", "json", env=cached)
    assert info.exit_code == 0
    assert len(json.loads(info.stdout)) == 1
    assert "cache folder:" in info.stderr
    cleared = invoke("cache", "clear", env=cached)
    assert cleared.exit_code == 0
    assert "removed 1 cache file" in cleared.stderr
    assert json.loads(invoke("cache", "info", "-f", "json", env=cached).stdout) == []


def test_unwritable_cache_is_a_warning_not_an_error(
    invoke: Invoke, data: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be")
    result = invoke(
        "--data", str(data), "timeline", env={"XDG_CACHE_HOME": str(blocker), "SAHEL_NO_CACHE": ""}
    )
    assert result.exit_code == 0
    assert "warning: cannot use the cache folder" in result.stderr
    assert result.stdout.startswith("date\t")


def test_index_round_trips_the_bundled_dataset(tmp_path: Path) -> None:
    from conftest import ROOT

    dataset = load_dataset(ROOT / "data" / "events.yaml")
    target = tmp_path / "index-abc-def.sqlite"
    build(dataset, target)
    assert IndexStore(target).full() == dataset.__class__(
        meta=dataset.meta,
        actors=dataset.actors,
        events=dataset.events,
        claims=dataset.claims,
        deadlines=dataset.deadlines,
        files=dataset.files,
    )


# --- identical answers with and without the index, over generated datasets --------------------

WORDS = ["Niamey", "Tillabéri", "junta", "ECOWAS", "Wagner", "coup", "ultimatum", "Agadez"]


@st.composite
def datasets(draw: st.DrawFn) -> str:
    n_actors = draw(st.integers(2, 5))
    actors = [f"actor-{i}" for i in range(n_actors)]
    lines = ["meta: {timezone: Europe/Paris}", "actors:"]
    for a in actors:
        lines.append(f"  - {{id: {a}, name: Actor {a[-1]}, kind: state, aliases: [A{a[-1]}x]}}")
    lines.append("events:")
    for i in range(draw(st.integers(1, 12))):
        year = draw(st.integers(2022, 2024))
        month = draw(st.integers(1, 12))
        day = draw(st.integers(1, 28))
        date = draw(
            st.sampled_from([f"{year}", f"{year}-{month:02d}", f"{year}-{month:02d}-{day:02d}"])
        )
        time = draw(st.sampled_from(["", ', time: "03:30"', ', time: "23:00+01:00"']))
        who = draw(st.lists(st.sampled_from(actors), min_size=1, max_size=3, unique=True))
        tags = draw(
            st.lists(st.sampled_from(["coup", "attack", "summit"]), max_size=2, unique=True)
        )
        title = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3)))
        lines.append(
            f"  - {{id: e{i}, date: '{date}'{time}, title: '{title}', actors: [{', '.join(who)}],"
            f" tags: [{', '.join(tags)}], sources: [{{publisher: P, title: T, date: '2024',"
            f" url: 'https://x.org/{i}'}}]}}"
        )
    lines.append("claims:")
    for i in range(draw(st.integers(0, 4))):
        month = draw(st.integers(1, 9))
        about = draw(st.sampled_from(actors))
        word = draw(st.sampled_from(WORDS))
        lines.append(
            f"  - {{id: c{i}, date: '2023-0{month}-10', claimant: {actors[0]},"
            f" about: [{about}], stance: asserts, text: '{word} claim',"
            f" status: disputed, sources: [{{publisher: P, title: T, date: '2024', url: 'https://x.org/c'}}]}}"
        )
    lines.append("deadlines:")
    for i in range(draw(st.integers(0, 3))):
        issuer = draw(st.sampled_from(actors))
        day = draw(st.integers(2, 9))
        lines.append(
            f"  - {{id: d{i}, issuer: {issuer}, target: {actors[-1]},"
            f" issued: '2023-0{i + 1}-01T12:00:00+01:00',"
            f" expires: '2023-0{i + 1}-0{day}T12:00:00+01:00',"
            f" timezone: Africa/Lagos, demand: '{draw(st.sampled_from(WORDS))} now',"
            f" sources: [{{publisher: P, title: T, date: '2024', url: 'https://x.org/d'}}]}}"
        )
    return "\n".join(lines) + "\n"


QUERIES = [
    ["timeline"],
    ["timeline", "--reverse", "--limit", "3"],
    ["timeline", "--since", "2023-03-01", "--until", "2023-09-30"],
    ["timeline", "--actor", "actor-1", "--tag", "coup"],
    ["timeline", "--search", "tillaberi"],
    ["actor", "actor-0"],
    ["search", "junta"],
    ["search", "ab"],  # shorter than a trigram: the plain scan
    ["timeline", "--search", "ecowas wa"],
    ["claims"],
    ["deadlines"],
    ["brief"],
    ["actors"],
]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=datasets(), as_of=st.sampled_from(["", "2023-06-15", "2023-02-01T12:00+01:00"]))
def test_same_answers_with_and_without_the_index(
    invoke: Invoke, tmp_path: Path, text: str, as_of: str
) -> None:
    data = tmp_path / "generated.yaml"
    data.write_text(text)
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "SAHEL_NO_CACHE": ""}
    invoke("--data", str(data), "validate")
    extra = ["--as-of", as_of] if as_of else ["--as-of", "2030-01-01"]
    for query in QUERIES:
        plain = invoke("--data", str(data), "--no-cache", *extra, *query, "-f", "json")
        first = invoke("--data", str(data), *extra, *query, "-f", "json", env=env)
        again = invoke("--data", str(data), *extra, *query, "-f", "json", env=env)
        assert plain.exit_code == first.exit_code == again.exit_code, (query, plain.stderr)
        assert plain.stdout == first.stdout == again.stdout, query


def test_hash_stamp_skips_rehashing_old_files_but_never_hides_an_edit(
    invoke: Invoke, data: Path, cached: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    import sahelcli.index as index

    old = time.time() - 3600
    os.utime(data, (old, old))
    monkeypatch.setattr(index, "RACY_SECONDS", 0.0)  # ctime cannot be set back: no waiting
    _json(invoke, cached, "--data", str(data), "timeline")
    stamps = list((Path(cached["XDG_CACHE_HOME"]) / "sahel").glob("stamp-*.json"))
    assert len(stamps) == 1
    calls: list[object] = []
    real = index.content_hash
    monkeypatch.setattr(index, "content_hash", lambda files: calls.append(files) or real(files))
    _json(invoke, cached, "--data", str(data), "timeline")
    assert calls == []  # the stamp matched: no hashing
    data.write_text(data.read_text().replace("Guard detains", "Guard detaina"))
    after = _json(invoke, cached, "--data", str(data), "timeline")
    assert calls  # the edit changed size/mtime: hashed again
    assert after[0]["title"] == "Guard detaina the president"  # type: ignore[index]


def test_fresh_files_get_no_stamp(invoke: Invoke, data: Path, cached: dict[str, str]) -> None:
    _json(invoke, cached, "--data", str(data), "timeline")
    assert not list((Path(cached["XDG_CACHE_HOME"]) / "sahel").glob("stamp-*.json"))


def test_big_dataset_index_is_written_in_the_background(tmp_path: Path) -> None:
    import time

    big = write_many_events(tmp_path / "big.yaml", 7000)
    assert big.stat().st_size > 4_000_000  # above the size written after the answer
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "SAHEL_NO_CACHE": ""}
    first = run_sahel("--data", str(big), "timeline", "--limit", "2", env=env)
    assert first.returncode == 0, first.stderr
    folder = tmp_path / "cache" / "sahel"
    deadline = time.monotonic() + 120
    while any(folder.glob(".building-*")) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(list(folder.glob("index-*.sqlite"))) == 1
    again = run_sahel("--data", str(big), "timeline", "--limit", "2", env=env)
    assert again.stdout == first.stdout
    assert again.stdout.decode().count("\n") == 3
