"""The output layer through the real CLI: formats, pipes, colour, hostile data."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, Invoke, run_sahel, write_many_events

from sahelcli.render import FORMATS

HOSTILE = FIXTURES / "hostile.yaml"
AS_OF = "2023-08-03T12:00+01:00"
ESC = "\x1b"

# every command that prints data, with arguments that find something in both fixtures
COMMANDS = [
    ["timeline"],
    ["timeline", "--sources"],
    ["actors"],
    ["actor", "ecowas"],
    ["claims"],
    ["deadlines"],
    ["deadline", "ecowas"],
    ["search", "a"],
    ["brief"],
    ["tags"],
]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
@pytest.mark.parametrize("fixture", ["mini.yaml", "hostile.yaml"])
def test_every_command_in_every_format(
    invoke: Invoke, fixture: str, command: list[str], fmt: str
) -> None:
    result = invoke("--data", str(FIXTURES / fixture), "--as-of", AS_OF, *command, "-f", fmt)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.strip()
    assert ESC not in out
    assert "\x9b" not in out and "\u202e" not in out
    if fmt == "json":
        json.loads(out)
    elif fmt == "jsonl":
        for line in out.splitlines():
            json.loads(line)
    elif fmt == "csv":
        list(csv.reader(io.StringIO(out)))


def test_default_is_tsv_with_header_off_a_terminal(invoke: Invoke, mini: Path) -> None:
    out = invoke("--data", str(mini), "timeline").stdout
    assert out.splitlines()[0] == "date\ttitle\tactors\ttags\tid"
    no_header = invoke("--data", str(mini), "timeline", "--no-header").stdout
    assert no_header.splitlines() == out.splitlines()[1:]


def test_global_options_before_or_after_the_subcommand(invoke: Invoke, mini: Path) -> None:
    before = invoke("--data", str(mini), "--format", "json", "timeline").stdout
    after = invoke("timeline", "--format", "json", "--data", str(mini)).stdout
    short = invoke("timeline", "-fjson", f"--data={mini}").stdout
    assert before == after == short
    assert json.loads(before)[0]["id"] == "coup"


def test_csv_round_trips_commas_quotes_and_newlines(invoke: Invoke) -> None:
    out = invoke("--data", str(HOSTILE), "timeline", "-f", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["title"] == (
        '[bold]Summit[/bold], with "quotes", commas\nand a newline ␛]0;pwned␇'
    )


def test_csv_and_tsv_defuse_formulas(invoke: Invoke) -> None:
    for fmt in ("csv", "tsv"):
        out = invoke("--data", str(HOSTILE), "actor", "cnsp", "-f", fmt).stdout
        assert "'@SUM(A1:A9)" in out
        assert "'+cmd|" in out
    out = invoke("--data", str(HOSTILE), "actors", "-f", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["event_count"] for r in rows] == ["1", "1"]  # numbers stay numbers


def test_tsv_escapes_tabs_and_newlines(invoke: Invoke) -> None:
    out = invoke("--data", str(HOSTILE), "timeline", "-f", "tsv").stdout
    lines = out.splitlines()
    assert len(lines) == 2
    assert all(line.count("\t") == 4 for line in lines)  # date, title, actors, tags, id
    assert "commas\\nand a newline" in lines[1]


def test_markup_is_printed_literally_in_tables(invoke: Invoke) -> None:
    out = invoke("--data", str(HOSTILE), "timeline", "-f", "table").stdout
    assert "[bold]Summit[/bold]" in out
    assert "[link=https://evil.example]ECOWAS[/link]" in out
    out = invoke("--data", str(HOSTILE), "claims", "-f", "table").stdout
    assert "[red]claim[/red]" in out
    assert "␛[2J" in out


def test_markdown_escapes_pipes(invoke: Invoke) -> None:
    out = invoke("--data", str(HOSTILE), "timeline", "-f", "md").stdout
    table = [line for line in out.splitlines() if line.startswith("|")]
    widths = {len(line.replace("\\|", "").split("|")) for line in table}
    assert len(widths) == 1
    assert "Abuja" not in out or "Abuja \\| Nigeria" in out
    assert "<br>" in out


def test_json_uses_dataset_field_names_and_precise_dates(invoke: Invoke, mini: Path) -> None:
    events = json.loads(invoke("--data", str(mini), "timeline", "-f", "json").stdout)
    assert [e["date"] for e in events] == ["2023-07-26", "2023-07-30", "2023-08"]
    assert set(events[0]) >= {"id", "date", "title", "sources", "actors", "tags"}
    detail = json.loads(
        invoke("--data", str(mini), "--as-of", AS_OF, "deadline", "ecowas", "-f", "json").stdout
    )
    assert detail["id"] == "ecowas-ultimatum"
    assert detail["status"] == "open"
    assert detail["seconds_left"] == 3 * 86400 + 11 * 3600 + 59 * 60
    lines = invoke(
        "--data", str(mini), "--as-of", AS_OF, "deadline", "ecowas", "-f", "jsonl"
    ).stdout.splitlines()
    assert len(lines) == 1 and json.loads(lines[0]) == detail


def test_table_off_a_terminal_is_not_wrapped_or_cut(invoke: Invoke, tmp_path: Path) -> None:
    data = tmp_path / "long.yaml"
    title = "A very long title " * 12
    data.write_text(
        (FIXTURES / "mini.yaml").read_text().replace("Guard detains the president", title.strip())
    )
    out = invoke("--data", str(data), "timeline", "-f", "table").stdout
    assert title.strip() in out
    assert "…" not in out
    assert max(len(line) for line in out.splitlines()) > 200
    assert not any(c in out for c in "─│╭╮")  # ASCII borders only
    narrow = invoke("--data", str(data), "--width", "60", "timeline", "-f", "table").stdout
    assert max(len(line) for line in narrow.splitlines()) <= 60


def assert_fits(out: str, width: int) -> None:
    """Every line within ``width`` cells; a single token longer than the width (a URL, an id)
    alone on its line runs on, whole, rather than being split."""
    from rich.cells import cell_len

    lines = [line for line in out.splitlines() if line.strip()]
    assert lines
    laid_out = [line for line in lines if " " in line.strip()]
    assert max(cell_len(line) for line in laid_out) <= width


@pytest.mark.parametrize("width", [40, 72, 100])
@pytest.mark.parametrize(
    "command",
    [["timeline", "--limit", "8"], ["claims"], ["deadlines"], ["actor", "wagner"], ["brief"]],
    ids=" ".join,
)
def test_table_with_a_width_wraps_to_it_without_cutting(
    invoke: Invoke, command: list[str], width: int
) -> None:
    # Columns with a minimum width once made Rich lay tables out wider than the width asked
    # for, and the right-hand columns were cut off (on terminals about 100 columns wide too).
    out = invoke("--width", str(width), *command, "-f", "table").stdout
    assert_fits(out, width)


def _sahel_cmd() -> list[str]:
    return [sys.executable, "-m", "sahelcli"]


def test_head_closes_the_pipe_quietly(tmp_path: Path) -> None:
    big = write_many_events(tmp_path / "big.yaml", 2000)
    pipeline = subprocess.run(
        f"{' '.join(_sahel_cmd())} --data {big} timeline | head -1",
        shell=True,
        capture_output=True,
        env={**os.environ, "SAHEL_NO_CACHE": "1"},
        timeout=120,
        check=False,
    )
    assert pipeline.stdout.decode() == "date\ttitle\tactors\ttags\tid\n"
    assert pipeline.stderr == b""
    proc = subprocess.Popen(
        [*_sahel_cmd(), "--data", str(big), "timeline"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()
    assert proc.wait(timeout=120) == 0
    assert proc.stderr.read() == b""


def test_full_disk_is_a_one_line_error(mini: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [*_sahel_cmd(), "--data", str(mini), "timeline"],
            stdout=full,
            stderr=subprocess.PIPE,
            timeout=60,
            check=False,
        )
    assert proc.returncode == 4
    assert proc.stderr.decode().startswith("sahel: error: cannot write output")
    assert b"Traceback" not in proc.stderr


def test_closed_stdout_is_a_one_line_error(mini: Path) -> None:
    proc = subprocess.run(
        f"{' '.join(_sahel_cmd())} --data {mini} timeline >&-",
        shell=True,
        stderr=subprocess.PIPE,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 4
    assert b"standard output is closed" in proc.stderr
    assert b"Traceback" not in proc.stderr


def test_redirected_output_has_no_escape_bytes(tmp_path: Path) -> None:
    for fmt in FORMATS:
        out = tmp_path / f"out.{fmt}"
        with out.open("wb") as handle:
            proc = subprocess.run(
                [*_sahel_cmd(), "--data", str(HOSTILE), "--as-of", AS_OF, "brief", "-f", fmt],
                stdout=handle,
                stderr=subprocess.PIPE,
                timeout=60,
                check=False,
                env={**os.environ, "FORCE_COLOR": ""},
            )
        assert proc.returncode == 0, proc.stderr
        assert b"\x1b" not in out.read_bytes()


def _run_in_pty(args: list[str], env: dict[str, str]) -> bytes:
    """The screen of ``args`` on a pseudo-terminal as wide as ``COLUMNS`` in ``env``."""
    from conftest import run_in_pty

    columns = int(env.get("COLUMNS", "80"))
    lines = int(env.get("LINES", "50"))
    return run_in_pty(args, env, columns=columns, lines=lines).encode()


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_terminal_gets_a_coloured_table_unless_no_color(mini: Path) -> None:
    base = {**os.environ, "COLUMNS": "120", "TERM": "xterm-256color"}
    base.pop("NO_COLOR", None)
    base.pop("FORCE_COLOR", None)
    args = [*_sahel_cmd(), "--data", str(mini), "timeline"]
    coloured = _run_in_pty(args, base)
    assert "─" in coloured.decode() and b"\x1b[" in coloured
    plain = _run_in_pty(args, {**base, "NO_COLOR": "1"})
    assert "─" in plain.decode() and b"\x1b[" not in plain
    widths = [len(line) for line in plain.decode().splitlines()]
    assert 80 < max(widths) <= 120  # the terminal's width, not Rich's 80-column fallback
    flag = _run_in_pty([*args, "--no-color"], base)
    assert b"\x1b[" not in flag


def test_force_color_never_colours_data_formats(mini: Path) -> None:
    proc = run_sahel("--data", str(mini), "timeline", "-f", "tsv", env={"FORCE_COLOR": "1"})
    assert b"\x1b" not in proc.stdout
    table = run_sahel("--data", str(mini), "timeline", "-f", "table", env={"FORCE_COLOR": "1"})
    assert b"\x1b[" in table.stdout


def test_unknown_format_is_a_usage_error(invoke: Invoke, mini: Path) -> None:
    result = invoke("--data", str(mini), "timeline", "-f", "xml")
    assert result.exit_code == 2
    assert "unknown format 'xml'" in result.stderr
    assert result.stdout == ""


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize("columns", [44, 100])
def test_terminal_table_fits_the_terminal(tmp_path: Path, columns: int) -> None:
    env = {**os.environ, "COLUMNS": str(columns), "NO_COLOR": "1", "XDG_CACHE_HOME": str(tmp_path)}
    screen = _run_in_pty([*_sahel_cmd(), "timeline", "--limit", "6"], env).decode()
    assert_fits(screen.replace("\r\n", "\n"), columns)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_terminal_timeline_shows_a_screenful_unless_asked(tmp_path: Path) -> None:
    env = {
        **os.environ,
        **{"COLUMNS": "200", "LINES": "50", "NO_COLOR": "1", "XDG_CACHE_HOME": str(tmp_path)},
    }
    screen = _run_in_pty([*_sahel_cmd(), "timeline"], env).decode()
    assert "20 of " in screen and " events (--all for every one" in screen
    everything = _run_in_pty([*_sahel_cmd(), "timeline", "--all"], env).decode()
    assert "The latest" not in everything
    piped = run_sahel("timeline", env={"XDG_CACHE_HOME": str(tmp_path)})
    rows = piped.stdout.decode().splitlines()[1:]
    assert len(rows) > 20  # pipes always get every event
    last_rows = [r.split("\t")[1] for r in rows[-20:]]
    assert all(title[:40] in screen for title in last_rows[-5:])


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_watch_counts_down_live_until_expiry(mini: Path) -> None:
    import time

    env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1"}
    start = time.monotonic()
    screen = _run_in_pty(
        [
            *_sahel_cmd(),
            "--data",
            str(mini),
            "--as-of",
            "2023-08-06T23:58:58+01:00",
            "deadline",
            "ecowas",
            "--watch",
        ],
        env,
    ).decode()
    took = time.monotonic() - start
    assert 1.5 < took < 30  # it waited for the two seconds left, then stopped by itself
    assert "1s left" in screen or "2s left" in screen
    assert "expired 0s ago" in screen


# The JSON interface documented in the README ("JSON interface (stable)").
EVENT_KEYS = {
    "id",
    "date",
    "time",
    "title",
    "summary",
    "actors",
    "tags",
    "location",
    "note",
    "sources",
    "fatalities",
    "latitude",
    "longitude",
    "location_precision",
    "added",
    "revised",
}
SOURCE_KEYS = {"publisher", "via", "title", "date", "url"}
DEADLINE_KEYS = {
    "id",
    "title",
    "issuer",
    "target",
    "issued",
    "expires",
    "timezone",
    "expires_note",
    "demand",
    "consequence",
    "outcome",
    "tags",
    "note",
    "sources",
    "status",
    "as_of",
    "expires_local",
    "expires_utc",
    "seconds_left",
    "countdown",
    "added",
    "revised",
}
CLAIM_KEYS = {
    "id",
    "date",
    "claimant",
    "about",
    "stance",
    "text",
    "status",
    "grade",
    "note",
    "event",
    "co_claimants",
    "sources",
    "added",
    "revised",
}
PROVENANCE_KEYS = {"added", "revised"}
ACTOR_KEYS = {
    *("id", "name", "short", "kind", "aliases", "country", "role", "affiliations", "sources"),
    *("since", "until", "roles"),
    *PROVENANCE_KEYS,
}


def test_json_matches_the_documented_interface(invoke: Invoke) -> None:
    def load(*args: str) -> object:
        result = invoke("--as-of", "2023-08-20", *args, "-f", "json")
        assert result.exit_code == 0, result.stderr
        return json.loads(result.stdout)

    events = load("timeline", "--sources")
    assert events and all(set(e) <= EVENT_KEYS for e in events)
    assert all(set(s) <= SOURCE_KEYS for e in events for s in e["sources"])
    actors = load("actors")
    assert all(set(a) <= ACTOR_KEYS | {"event_count", "claim_count"} for a in actors)
    profile = load("actor", "ecowas")
    assert set(profile) <= ACTOR_KEYS | {
        "member_of",
        "members",
        "events",
        "event_count",
        "claims_by",
        "claims_about",
        "deadlines",
    }
    assert all(set(c) <= CLAIM_KEYS for c in load("claims"))
    assert all(set(d) <= DEADLINE_KEYS for d in load("deadlines"))
    assert set(load("deadline", "ecowas")) <= DEADLINE_KEYS | {"also_matching"}
    assert all(set(h) == {"kind", "id", "date", "text"} for h in load("search", "niamey"))
    assert set(load("brief")) == {
        *("title", "as_of", "data_updated", "window", "window_days", "window_moved"),
        *("first", "last", "events_known", "latest_events", "latest_events_total"),
        *("deadlines", "deadlines_total", "claims", "claims_total", "disputed_claims"),
        "most_active",
    }


def test_markdown_escapes_a_pipe_in_a_shown_timeline_cell(invoke: Invoke, tmp_path: Path) -> None:
    """A `|` in a title must not add a column to the Markdown table."""
    data = tmp_path / "pipe.yaml"
    data.write_text(
        "actors: [{id: a, name: Alpha, kind: state}]\n"
        "events:\n"
        "  - id: e1\n"
        '    date: "2023-08-01"\n'
        "    title: Left | right\n"
        "    actors: [a]\n"
        '    sources: [{publisher: P, title: T, date: "2023-08-01", url: "https://x.org/a"}]\n'
    )
    result = invoke("--data", str(data), "-f", "md", "timeline")
    lines = [line for line in result.stdout.splitlines() if line.startswith("|")]
    header, _rule, row = lines
    unescaped = lambda line: line.replace("\\|", "")  # noqa: E731
    assert unescaped(row).count("|") == header.count("|")
    assert "Left \\| right" in row
