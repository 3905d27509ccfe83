"""`sahel export ics|timelinejs|sqlite`: formats checked with real parsers and real files."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, SHARED_FIXTURES, Invoke, run_sahel

icalendar = pytest.importorskip("icalendar")

INTEROP = FIXTURES / "interop.yaml"
TIMELINEJS = SHARED_FIXTURES / "timelinejs"
UTC = dt.timezone.utc


def export(invoke: Invoke, *args: str, data: Path = INTEROP) -> Any:
    result = invoke("--data", str(data), "export", *args)
    assert result.exit_code == 0, result.stderr
    return result


def vevents(text: str) -> list[Any]:
    calendar = icalendar.Calendar.from_ical(text.encode("utf-8"))
    return [c for c in calendar.walk("VEVENT")]


def physical_lines(raw: bytes) -> list[bytes]:
    assert raw.endswith(b"\r\n")
    return raw[:-2].split(b"\r\n")


# --- ics ----------------------------------------------------------------------------------------


def test_ics_deadline_events_parse_with_icalendar(invoke: Invoke) -> None:
    out = export(invoke, "ics", "--as-of", "2023-09-01").stdout
    events = vevents(out)
    assert [str(e["UID"]) for e in events] == ["bloc-ultimatum@sahel", "later-deadline@sahel"]
    first = events[0]
    assert first.decoded("DTSTART") == dt.datetime(2023, 8, 6, 22, 59, tzinfo=UTC)
    assert "DTSTART:20230806T225900Z" in out
    assert str(first["SUMMARY"]) == "Deadline expires: Ultimatum; one week, no more"
    description = str(first["DESCRIPTION"])
    assert "Demand: Restore the president, release detainees; back\\slash\nSecond line." in (
        description
    )
    assert "Consequence: All measures, including force." in description
    assert "Outcome (expired, 2023-08-06): Lapsed with no intervention." in description
    assert "https://example.org/e" in description
    alarms = first.walk("VALARM")
    assert len(alarms) == 1
    assert alarms[0].decoded("TRIGGER") == -dt.timedelta(days=1)


def test_ics_escaping_folding_and_crlf(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "deadlines.ics"
    export(invoke, "ics", "--events", "-o", str(target))
    raw = target.read_bytes()
    assert b"\n" not in raw.replace(b"\r\n", b"")  # CRLF only
    lines = physical_lines(raw)
    assert max(len(line) for line in lines) <= 75
    for line in lines:
        line.decode("utf-8")  # a fold never splits a multi-byte character
    text = raw.decode("utf-8")
    assert "Restore the president\\, release detainees\\; back\\\\slash\\nSecond line" in (
        text.replace("\r\n ", "")
    )
    # the long multi-byte demand really was folded
    assert any(line.startswith(b" ") and "é".encode() in line for line in lines)
    demand = str(vevents(text)[0]["DESCRIPTION"])
    assert "é" * 70 in demand and "𝄞" * 30 in demand


def test_ics_events_are_all_day_at_their_precision(invoke: Invoke) -> None:
    out = export(invoke, "ics", "--events").stdout
    by_uid = {str(e["UID"]): e for e in vevents(out)}
    assert set(by_uid) == {
        "bloc-ultimatum@sahel",
        "later-deadline@sahel",
        "coup.event@sahel",
        "august.event@sahel",
        "year-only.event@sahel",
    }
    coup = by_uid["coup.event@sahel"]
    assert coup.decoded("DTSTART") == dt.date(2023, 7, 26)
    assert coup.decoded("DTEND") == dt.date(2023, 7, 27)
    assert "DTSTART;VALUE=DATE:20230726" in out
    august = by_uid["august.event@sahel"]
    assert (august.decoded("DTSTART"), august.decoded("DTEND")) == (
        dt.date(2023, 8, 1),
        dt.date(2023, 9, 1),
    )
    year = by_uid["year-only.event@sahel"]
    assert (year.decoded("DTSTART"), year.decoded("DTEND")) == (
        dt.date(2022, 1, 1),
        dt.date(2023, 1, 1),
    )
    assert "Line one, with commas; semicolons \\ backslash.\nLine two" in str(coup["DESCRIPTION"])
    assert [str(c) for c in coup["CATEGORIES"].cats] == ["coup", "military"]


def test_ics_is_reproducible(invoke: Invoke) -> None:
    first = export(invoke, "ics", "--events").stdout
    second = export(invoke, "ics", "--events").stdout
    assert first == second
    # DTSTAMP comes from meta.updated without --as-of, from --as-of with it
    assert "DTSTAMP:20230901T000000Z" in first
    replay = export(invoke, "--as-of", "2023-08-10T12:00+01:00", "ics").stdout
    assert "DTSTAMP:20230810T110000Z" in replay


def test_ics_as_of_hides_later_deadlines_and_unknown_outcomes(invoke: Invoke) -> None:
    out = export(invoke, "--as-of", "2023-08-01", "ics").stdout
    events = vevents(out)
    assert [str(e["UID"]) for e in events] == ["bloc-ultimatum@sahel"]
    description = str(events[0]["DESCRIPTION"])
    assert "Outcome: not known yet" in description
    assert "Lapsed" not in description


def test_ics_filters(invoke: Invoke) -> None:
    def uids(*args: str) -> list[str]:
        return [str(e["UID"]) for e in vevents(export(invoke, "ics", *args).stdout)]

    assert uids("--tag", "ultimatum") == ["bloc-ultimatum@sahel"]
    assert uids("--actor", "junta", "--since", "2023-08-10") == ["later-deadline@sahel"]
    assert uids("--until", "2023-08-07") == ["bloc-ultimatum@sahel"]
    assert uids("--search", "FIVE DAYS") == ["later-deadline@sahel"]
    assert uids("--events", "--tag", "protest") == ["august.event@sahel"]


def test_ics_of_the_bundled_dataset_parses(invoke: Invoke) -> None:
    result = invoke("export", "ics", "--events")
    assert result.exit_code == 0, result.stderr
    raw = result.stdout_bytes  # (.stdout has CRLF turned into LF by Click's runner)
    assert max(len(line) for line in physical_lines(raw)) <= 75
    events = vevents(result.stdout)
    assert any(str(e["UID"]).endswith(".event@sahel") for e in events)
    assert len({str(e["UID"]) for e in events}) == len(events)


def test_ics_real_pipe_keeps_crlf() -> None:
    proc = run_sahel("--data", str(INTEROP), "export", "ics")
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == b""
    assert proc.stdout.startswith(b"BEGIN:VCALENDAR\r\n")
    assert b"\r\r\n" not in proc.stdout
    assert b"\n" not in proc.stdout.replace(b"\r\n", b"")


# --- timelinejs ---------------------------------------------------------------------------------


def _shared_timelinejs() -> list[dict[str, Any]]:
    if not TIMELINEJS.is_dir():
        pytest.skip(f"shared TimelineJS samples not present at {TIMELINEJS}")
    docs = []
    for path in sorted(TIMELINEJS.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if "events" in data:  # the current layout (one sample uses the old {"timeline": …})
            docs.append(data)
    assert docs
    return docs


def test_timelinejs_matches_the_shape_of_real_files(invoke: Invoke) -> None:
    samples = _shared_timelinejs()
    top_keys = set().union(*(d.keys() for d in samples))
    event_keys = set().union(*(e.keys() for d in samples for e in d["events"]))
    date_keys = set().union(*(e["start_date"].keys() for d in samples for e in d["events"]))
    sample_text_keys = set().union(
        *(e["text"].keys() for d in samples for e in d["events"] if "text" in e)
    )
    doc = json.loads(export(invoke, "timelinejs").stdout)
    assert set(doc) <= top_keys
    assert set(doc["title"]) <= set().union(*(d["title"].keys() for d in samples if "title" in d))
    assert set(doc["title"]["text"]) == {"headline", "text"}
    assert doc["events"]
    for event in doc["events"]:
        assert set(event) <= event_keys
        assert set(event["start_date"]) <= date_keys
        assert set(event["text"]) <= sample_text_keys
        # the real files write every date part as a string
        assert all(
            isinstance(v, str) and v.lstrip("-").isdigit() for v in event["start_date"].values()
        )
    sample_value_types = {
        type(v) for d in samples for e in d["events"] for v in e["start_date"].values()
    }
    assert sample_value_types == {str}


def test_timelinejs_events(invoke: Invoke) -> None:
    doc = json.loads(export(invoke, "timelinejs").stdout)
    assert doc["title"]["text"]["headline"] == "Interop fixture"
    by_id = {e["unique_id"]: e for e in doc["events"]}
    assert list(by_id) == ["year-only", "coup", "august"]
    coup = by_id["coup"]
    assert coup["start_date"] == {
        "year": "2023",
        "month": "7",
        "day": "26",
        "hour": "7",
        "minute": "0",
    }
    assert by_id["august"]["start_date"] == {"year": "2023", "month": "8"}
    assert by_id["year-only"]["start_date"] == {"year": "2022"}
    assert coup["group"] == "coup"
    assert "group" not in by_id["year-only"]
    headline = coup["text"]["headline"]
    assert "<script>" not in headline
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in headline and "&amp; more" in headline
    text = coup["text"]["text"]
    assert '<a href="https://example.org/a?x=1&amp;y=2"' in text
    assert "R&amp;D &quot;News&quot;: &lt;i&gt;Coup&lt;/i&gt;" in text
    assert "Junta &lt;b&gt;CNSP&lt;/b&gt;" in text


def test_timelinejs_as_of_and_filters(invoke: Invoke) -> None:
    def ids(*args: str) -> list[str]:
        doc = json.loads(export(invoke, *args).stdout)
        return [e["unique_id"] for e in doc["events"]]

    assert ids("--as-of", "2023-07-31", "timelinejs") == ["year-only", "coup"]
    assert ids("timelinejs", "--tag", "protest") == ["august"]
    assert ids("timelinejs", "--since", "2023-08-15") == ["august"]
    assert ids("timelinejs", "--search", "drought") == ["year-only"]


def test_timelinejs_deadlines_are_eras_like_the_real_template(invoke: Invoke) -> None:
    samples = [d for d in _shared_timelinejs() if "eras" in d]
    assert samples  # the Knight Lab "eras" template
    era_keys = set().union(*(e.keys() for d in samples for e in d["eras"]))
    era_text_keys = set().union(*(e["text"].keys() for d in samples for e in d["eras"]))
    doc = json.loads(export(invoke, "timelinejs").stdout)
    eras = doc["eras"]
    assert [e["text"]["headline"] for e in eras] == [
        "Ultimatum; one week, no more",
        "later-deadline",
    ]
    for era in eras:
        assert set(era) <= era_keys and set(era["text"]) <= era_text_keys
        assert all(
            isinstance(v, str) for v in (*era["start_date"].values(), *era["end_date"].values())
        )
    # issued 2023-07-30T18:00+01:00, expires 2023-08-06T23:59+01:00, shown in the dataset's zone
    assert eras[0]["start_date"] == {
        "year": "2023",
        "month": "7",
        "day": "30",
        "hour": "18",
        "minute": "0",
    }
    assert eras[0]["end_date"] == {
        "year": "2023",
        "month": "8",
        "day": "6",
        "hour": "23",
        "minute": "59",
    }
    assert "2 deadlines as eras" in doc["title"]["text"]["text"]


def test_timelinejs_eras_follow_as_of_and_filters(invoke: Invoke) -> None:
    def era_count(*args: str) -> int:
        return len(json.loads(export(invoke, *args).stdout).get("eras", []))

    assert era_count("--as-of", "2023-08-01", "timelinejs") == 1  # the later one not issued yet
    assert era_count("timelinejs", "--tag", "protest") == 0  # no "eras" key at all
    assert era_count("timelinejs", "--tag", "ultimatum") == 1


# --- sqlite -------------------------------------------------------------------------------------


def test_sqlite_database(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "sahel.db"
    export(invoke, "sqlite", "-o", str(target))
    conn = sqlite3.connect(target)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {
        "actors",
        "events",
        "claims",
        "deadlines",
        "sources",
        "event_actors",
        "event_tags",
        "claim_about",
        "actor_affiliations",
        "event_sources",
        "deadline_sources",
    } <= tables
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    fks = {(r[2], r[3]) for r in conn.execute("PRAGMA foreign_key_list(event_actors)")}
    assert fks == {("events", "event_id"), ("actors", "actor_id")}
    indexes = {r[1] for r in conn.execute("PRAGMA index_list(event_actors)")}
    assert "event_actors_actor" in indexes
    rows = conn.execute(
        "SELECT id, date, date_precision, date_first, date_last FROM events ORDER BY start_utc"
    ).fetchall()
    assert rows == [
        ("year-only", "2022", "year", "2022-01-01", "2022-12-31"),
        ("coup", "2023-07-26", "day", "2023-07-26", "2023-07-26"),
        ("august", "2023-08", "month", "2023-08-01", "2023-08-31"),
    ]
    deadline = conn.execute(
        "SELECT expires, expires_utc, outcome_status FROM deadlines WHERE id = 'bloc-ultimatum'"
    ).fetchone()
    assert deadline == ("2023-08-06T23:59:00+01:00", "2023-08-06T22:59:00+00:00", "expired")
    actors = conn.execute(
        "SELECT a.name FROM event_actors ea JOIN actors a ON a.id = ea.actor_id "
        "WHERE ea.event_id = 'coup'"
    ).fetchall()
    assert actors == [("Junta <b>CNSP</b>",)]
    assert conn.execute("SELECT count(*) FROM timeline").fetchone() == (3,)
    conn.close()
    assert [p.name for p in tmp_path.iterdir()] == ["sahel.db"]  # no temporary file left


def test_sqlite_of_the_bundled_dataset(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "bundled.db"
    result = invoke("export", "sqlite", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    conn = sqlite3.connect(target)
    listed = json.loads(invoke("timeline", "-f", "json").stdout)
    assert conn.execute("SELECT count(*) FROM events").fetchone() == (len(listed),)
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    conn.close()


def test_sqlite_as_of_replays(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "replay.db"
    export(invoke, "--as-of", "2023-08-01", "sqlite", "-o", str(target))
    conn = sqlite3.connect(target)
    assert [r[0] for r in conn.execute("SELECT id FROM events ORDER BY id")] == [
        "coup",
        "year-only",
    ]
    assert conn.execute("SELECT id, outcome_status FROM deadlines").fetchall() == [
        ("bloc-ultimatum", None)
    ]
    conn.close()


def test_sqlite_refuses_stdout_and_filters(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("--data", str(INTEROP), "export", "sqlite")
    assert result.exit_code == 2
    assert "standard output" in result.stderr and result.stdout == ""
    result = invoke("--data", str(INTEROP), "export", "sqlite", "-o", "-")
    assert result.exit_code == 2
    result = invoke(
        "--data", str(INTEROP), "export", "sqlite", "-o", str(tmp_path / "x.db"), "--tag", "coup"
    )
    assert result.exit_code == 2
    assert not (tmp_path / "x.db").exists()


def test_write_database_is_reusable(tmp_path: Path) -> None:
    from sahelcli.exports.sqlite import write_database
    from sahelcli.validate import load_dataset

    dataset = load_dataset(INTEROP)
    target = tmp_path / "cache.db"
    write_database(dataset, target)
    write_database(dataset, target)  # replaces by default (for caches)
    conn = sqlite3.connect(target)
    assert conn.execute("SELECT count(*) FROM deadlines").fetchone() == (2,)
    conn.close()


# --- writing files ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["ics", "timelinejs", "sqlite"])
def test_output_file_is_never_overwritten_without_force(
    invoke: Invoke, tmp_path: Path, fmt: str
) -> None:
    target = tmp_path / f"out.{fmt}"
    target.write_bytes(b"precious")
    result = invoke("--data", str(INTEROP), "export", fmt, "-o", str(target))
    assert result.exit_code == 2
    assert "already exists" in result.stderr and "--force" in result.stderr
    assert target.read_bytes() == b"precious"
    result = invoke("--data", str(INTEROP), "export", fmt, "-o", str(target), "--force")
    assert result.exit_code == 0, result.stderr
    assert target.read_bytes() != b"precious"
    assert result.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]


def test_failed_write_leaves_no_file(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sahelcli.exports.sqlite as exporter

    def broken(conn: sqlite3.Connection, dataset: object) -> None:
        conn.execute("CREATE TABLE half (x)")
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(exporter, "fill", broken)
    target = tmp_path / "broken.db"
    result = invoke("--data", str(INTEROP), "export", "sqlite", "-o", str(target))
    assert result.exit_code == 4
    assert "disk I/O error" in result.stderr
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_output_errors_are_one_line(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("--data", str(INTEROP), "export", "ics", "-o", str(tmp_path / "no" / "x.ics"))
    assert result.exit_code == 4
    assert "does not exist" in result.stderr
    result = invoke("--data", str(INTEROP), "export", "ics", "-o", str(tmp_path))
    assert result.exit_code == 2
    assert "is a folder" in result.stderr
    result = invoke("--data", str(INTEROP), "export", "pdf")
    assert result.exit_code == 2
    assert "unknown export format 'pdf'" in result.stderr
    result = invoke("--data", str(INTEROP), "export", "timelinejs", "--events")
    assert result.exit_code == 2
    result = invoke("--data", str(INTEROP), "export", "ics", "--tag", "nosuchtag")
    assert result.exit_code == 1
    assert "nosuchtag" in result.stderr


def test_importing_the_commands_module_is_light() -> None:
    code = (
        "import sys; import sahelcli.commands.interop; "
        "heavy = [m for m in ('sqlite3', 'yaml', 'rich', 'csv', 'sahelcli.exports', "
        "'sahelcli.importers', 'sahelcli.exports.ics') if m in sys.modules]; print(heavy)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert proc.stdout.strip() == "[]"
