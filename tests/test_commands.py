"""The briefing commands on small fixtures and on the bundled dataset."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, Invoke

AS_OF = "2023-08-03T12:00+01:00"


def rows(out: str) -> list[dict[str, str]]:
    lines = out.splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]


def ids(invoke: Invoke, *args: str) -> list[str]:
    """The ids a list command gives; exit 0 when there are some, 1 (nothing found) when not."""
    result = invoke(*args, "-f", "json")
    found = [item["id"] for item in json.loads(result.stdout)]
    assert result.exit_code == (0 if found else 1), result.stderr
    return found


# --- timeline ---------------------------------------------------------------------------------


def test_timeline_filters(invoke: Invoke, mini: Path) -> None:
    d = ("--data", str(mini))
    assert ids(invoke, *d, "timeline") == ["coup", "summit", "month-only"]
    assert ids(invoke, *d, "timeline", "--reverse") == ["month-only", "summit", "coup"]
    assert ids(invoke, *d, "timeline", "--reverse", "--limit", "1") == ["month-only"]
    assert ids(invoke, *d, "timeline", "--since", "2023-07-27") == ["summit", "month-only"]
    assert ids(invoke, *d, "timeline", "--until", "2023-07-30") == ["coup", "summit"]
    assert ids(invoke, *d, "timeline", "--until", "2023-07-26T06:59+01:00") == []
    assert ids(invoke, *d, "timeline", "--until", "2023-07-26T07:00+01:00") == ["coup"]
    # a month-precision event overlaps any range inside its month
    assert ids(invoke, *d, "timeline", "--since", "2023-08-15") == ["month-only"]
    assert ids(invoke, *d, "timeline", "--actor", "Tchiani") == ["coup"]
    assert ids(invoke, *d, "timeline", "-a", "cedeao", "-a", "tiani") == ["coup", "summit"]
    assert ids(invoke, *d, "timeline", "--tag", "coup", "--tag", "protest") == [
        "coup",
        "month-only",
    ]
    assert ids(invoke, *d, "timeline", "--search", "ABUJA") == ["summit"]
    assert ids(invoke, *d, "timeline", "--search", "pálace") == ["coup"]


def test_timeline_as_of_hides_later_events(invoke: Invoke, mini: Path) -> None:
    assert ids(invoke, "--data", str(mini), "--as-of", "2023-07-29", "timeline") == ["coup"]
    assert ids(invoke, "--data", str(mini), "--as-of", "2023-07-26T06:00+01:00", "timeline") == []


def test_timeline_sources_column(invoke: Invoke, mini: Path) -> None:
    out = invoke("--data", str(mini), "timeline", "--sources").stdout
    first = rows(out)[0]
    assert first["sources"] == 'Example News, "Coup in Niamey" (2023-07-26) https://example.org/a'


def test_timeline_bad_dates_and_unknown_names(invoke: Invoke, mini: Path) -> None:
    result = invoke("--data", str(mini), "timeline", "--since", "last tuesday")
    assert result.exit_code == 2
    assert "--since: 'last tuesday' is not an instant" in result.stderr
    result = invoke("--data", str(mini), "timeline", "--actor", "wagnr")
    assert result.exit_code == 1
    assert "no actor matches 'wagnr'" in result.stderr
    assert "did you mean 'wagner'" in result.stderr
    result = invoke("--data", str(mini), "timeline", "--tag", "cuop")
    assert result.exit_code == 1
    assert "did you mean 'coup'" in result.stderr


# --- names ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["tiani", "TIANI", "Tchiani", "omar tchiani", "abdourah", "Abdourahamane Tiani"]
)
def test_actor_names_resolve(invoke: Invoke, mini: Path, name: str) -> None:
    result = invoke("--data", str(mini), "actor", name, "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["id"] == "tiani"


def test_ambiguous_name_lists_candidates(invoke: Invoke, tmp_path: Path, mini: Path) -> None:
    data = tmp_path / "d.yaml"
    data.write_text(mini.read_text().replace("aliases: [PMC Wagner]", "aliases: [Tchad wing]"))
    result = invoke("--data", str(data), "actor", "t")
    assert result.exit_code == 1
    assert "matches 2 actors" in result.stderr
    assert "tiani (Abdourahamane Tiani)" in result.stderr


# --- actors -----------------------------------------------------------------------------------


def test_actors_list_counts(invoke: Invoke, mini: Path) -> None:
    listed = {r["id"]: r for r in rows(invoke("--data", str(mini), "actors").stdout)}
    assert listed["cnsp"]["event_count"] == "2"
    assert listed["wagner"]["claim_count"] == "1"
    assert listed["ecowas"]["claim_count"] == "1"


def test_actor_profile(invoke: Invoke, mini: Path) -> None:
    doc = json.loads(
        invoke("--data", str(mini), "--as-of", AS_OF, "actor", "cnsp", "-f", "json").stdout
    )
    assert doc["member_of"] == ["tiani"]
    assert [e["id"] for e in doc["events"]] == ["summit"]  # month-only is after the as-of
    assert [d["id"] for d in doc["deadlines"]] == ["ecowas-ultimatum"]
    tiani = json.loads(invoke("--data", str(mini), "actor", "tiani", "-f", "json").stdout)
    assert tiani["members"] == ["cnsp"]
    ecowas = json.loads(invoke("--data", str(mini), "actor", "ecowas", "-f", "json").stdout)
    assert [c["id"] for c in ecowas["claims_by"]] == ["wagner-not-behind"]
    wagner = json.loads(invoke("--data", str(mini), "actor", "wagner", "-f", "json").stdout)
    assert [c["id"] for c in wagner["claims_about"]] == ["wagner-not-behind"]


def test_actor_profile_limits_events(invoke: Invoke) -> None:
    every = json.loads(invoke("actor", "ecowas", "-f", "json").stdout)
    assert len(every["events"]) == every["event_count"] > 10  # pipes get every event
    limited = json.loads(invoke("actor", "ecowas", "-f", "json", "--limit", "10").stdout)
    assert len(limited["events"]) == 10 < limited["event_count"]
    everything = json.loads(invoke("actor", "ecowas", "--all", "-f", "json").stdout)
    assert len(everything["events"]) == everything["event_count"]
    dates = [e["date"] for e in everything["events"]]
    assert dates == sorted(dates, reverse=True)


# --- claims -----------------------------------------------------------------------------------


def test_claims_filters(invoke: Invoke, mini: Path) -> None:
    d = ("--data", str(mini))
    assert ids(invoke, *d, "claims") == ["wagner-not-behind"]
    assert ids(invoke, *d, "claims", "--about", "PMC Wagner") == ["wagner-not-behind"]
    assert ids(invoke, *d, "claims", "--by", "tiani") == []
    assert ids(invoke, *d, "claims", "--status", "unverified") == ["wagner-not-behind"]
    assert ids(invoke, *d, "claims", "--status", "refuted") == []
    assert ids(invoke, *d, "claims", "--min-grade", "B3") == ["wagner-not-behind"]
    assert ids(invoke, *d, "claims", "--min-grade", "b2") == []
    assert ids(invoke, *d, "claims", "--min-grade", "A3") == []
    result = invoke(*d, "claims", "--status", "disputd")
    assert result.exit_code == 2 and "did you mean 'disputed'" in result.stderr
    result = invoke(*d, "claims", "--min-grade", "G9")
    assert result.exit_code == 2 and "not an Admiralty grade" in result.stderr


# --- deadlines --------------------------------------------------------------------------------


def test_deadline_countdown_example(invoke: Invoke) -> None:
    """The README's example: the ECOWAS one-week ultimatum, 3.5 days before it ran out."""
    doc = json.loads(invoke("deadline", "ecowas", "--as-of", AS_OF, "-f", "json").stdout)
    assert doc["issuer"] == "ecowas"
    assert doc["issued"].startswith("2023-07-30")
    assert doc["status"] == "open"
    assert 3 * 86400 + 6 * 3600 <= doc["seconds_left"] <= 3 * 86400 + 18 * 3600
    assert doc["countdown"].startswith("3d ")
    assert "outcome" not in doc  # the outcome lies after the as-of instant
    later = json.loads(invoke("deadline", "ecowas", "--as-of", "2023-08-20", "-f", "json").stdout)
    assert later["status"] in ("expired", "withdrawn", "met")
    assert later["countdown"].startswith("expired ")


def test_deadline_statuses_over_time(invoke: Invoke, mini: Path) -> None:
    d = ("--data", str(mini))
    before = invoke(*d, "--as-of", "2023-07-29", "deadlines", "-f", "json")
    assert json.loads(before.stdout) == []  # not yet issued
    during = json.loads(invoke(*d, "--as-of", AS_OF, "deadlines", "-f", "json").stdout)
    assert during[0]["status"] == "open"
    assert during[0]["countdown"] == "3d 11h 59m 00s left"
    assert during[0]["expires_utc"] == "2023-08-06T22:59+00:00"
    assert during[0]["expires_local"] == "2023-08-06T23:59+01:00"
    on_the_day = json.loads(
        invoke(*d, "--as-of", "2023-08-06T20:00+01:00", "deadline", "ecowas", "-f", "json").stdout
    )
    assert on_the_day["status"] == "open"  # outcome dated that day, but before the hour
    after = json.loads(
        invoke(*d, "--as-of", "2023-08-07T00:59+01:00", "deadlines", "-f", "json").stdout
    )
    assert after[0]["status"] == "expired"
    assert after[0]["countdown"] == "expired 1h 00m 00s ago"


def test_deadline_by_issuer_target_or_id(invoke: Invoke, mini: Path) -> None:
    for name in ("ecowas", "CNSP", "ecowas-ult", "junta"):
        result = invoke("--data", str(mini), "deadline", name, "-f", "json")
        assert result.exit_code == 0, (name, result.stderr)
        assert json.loads(result.stdout)["id"] == "ecowas-ultimatum"
    result = invoke("--data", str(mini), "deadline", "ecowsa")
    assert result.exit_code == 1
    assert "no deadline matches 'ecowsa'" in result.stderr
    assert "did you mean 'ecowas'" in result.stderr


def test_deadline_picks_the_open_one_that_expires_first(invoke: Invoke) -> None:
    doc = json.loads(invoke("deadline", "cnsp", "--as-of", AS_OF, "-f", "json").stdout)
    assert doc["status"] == "open"
    others = json.loads(invoke("deadlines", "--as-of", AS_OF, "-f", "json").stdout)
    open_for_cnsp = [
        d for d in others if d["status"] == "open" and "cnsp" in (d["issuer"], d["target"])
    ]
    assert doc["id"] == min(open_for_cnsp, key=lambda d: d["expires_utc"])["id"]
    assert set(doc["also_matching"]) >= {d["id"] for d in open_for_cnsp} - {doc["id"]}


def test_deadline_watch_off_a_terminal_prints_once(invoke: Invoke, mini: Path) -> None:
    result = invoke("--data", str(mini), "--as-of", AS_OF, "deadline", "ecowas", "--watch")
    assert result.exit_code == 0
    assert "countdown\t3d 11h 59m 00s left" in result.stdout


# --- search and brief -------------------------------------------------------------------------


def test_search_groups_by_kind(invoke: Invoke, mini: Path) -> None:
    found = rows(invoke("--data", str(mini), "search", "ecowas").stdout)
    kinds = [r["kind"] for r in found]
    assert kinds == sorted(kinds, key=["actor", "event", "claim", "deadline"].index)
    assert {"actor", "event", "deadline"} <= set(kinds)
    result = invoke("--data", str(mini), "search", "zzzz-nothing")
    assert result.exit_code == 1
    assert "nothing matches" in result.stderr


def test_search_is_accent_insensitive(invoke: Invoke) -> None:
    plain = rows(invoke("search", "tillaberi").stdout)
    accented = rows(invoke("search", "Tillabéri").stdout)
    assert plain == accented and plain


def test_brief(invoke: Invoke, mini: Path) -> None:
    doc = json.loads(invoke("--data", str(mini), "--as-of", AS_OF, "brief", "-f", "json").stdout)
    assert doc["first"] == "2023-07-26" and doc["last"] == "2023-07-30"
    assert [e["id"] for e in doc["latest_events"]] == ["summit", "coup"]
    assert [d["id"] for d in doc["deadlines"]] == ["ecowas-ultimatum"]
    assert doc["most_active"][0]["id"] in {"cnsp", "ecowas"}
    assert doc["data_updated"] == "2023-08-20" and doc["window_moved"] is False
    md = invoke("--data", str(mini), "--as-of", AS_OF, "brief", "-f", "md").stdout
    assert md.startswith("# Situation brief")
    assert "## Deadlines open, set or ended in the window" in md
    assert "[Example News](<https://example.org/b>)" in md  # sources as links


def test_brief_after_the_data_says_so_and_moves_its_window(invoke: Invoke, mini: Path) -> None:
    late = invoke("--data", str(mini), "--as-of", "2024-06-01", "brief", "-f", "json")
    doc = json.loads(late.stdout)
    assert doc["window_moved"] is True  # the data stops on 20 Aug 2023
    assert [e["id"] for e in doc["latest_events"]] == ["month-only", "summit", "coup"]
    assert "sahel: warning: the data stops at 20 Aug 2023, 286 days before" in late.stderr
    text = invoke("--data", str(mini), "--as-of", "2024-06-01", "brief", "-f", "tsv").stdout
    assert "last updated 20 Aug 2023, 286 days before this brief" in text
    fresh = invoke("--data", str(mini), "--as-of", "2023-08-21", "brief")
    assert "warning" not in fresh.stderr


def test_brief_windows_every_section(invoke: Invoke) -> None:
    doc = json.loads(invoke("--as-of", "2023-08-03", "brief", "--days", "7", "-f", "json").stdout)
    start = doc["window"]["start"][:10]
    assert all(e["date"] >= start for e in doc["latest_events"])
    assert all(c["date"] >= start for c in doc["claims"])
    assert doc["latest_events_total"] > len(doc["latest_events"])  # capped, counted


def test_brief_focus_and_output_file(invoke: Invoke, tmp_path: Path) -> None:
    doc = json.loads(
        invoke("--as-of", "2023-08-31", "brief", "--actor", "wagner", "-f", "json").stdout
    )
    assert all("wagner" in e["actors"] for e in doc["latest_events"])
    target = tmp_path / "brief.md"
    assert invoke("--as-of", "2023-08-03", "brief", "-o", str(target)).exit_code == 0
    assert target.read_text().startswith("# Situation brief")
    again = invoke("--as-of", "2023-08-03", "brief", "-o", str(target))
    assert again.exit_code == 2 and "--force" in again.stderr
    assert invoke("--as-of", "2023-08-03", "brief", "-o", str(target), "--force").exit_code == 0


@pytest.mark.parametrize("as_of", ["2023-08-03", None])
def test_brief_fits_one_page(invoke: Invoke, as_of: str | None) -> None:
    from conftest import SAHEL, run_in_pty

    flags = ["--as-of", as_of] if as_of else []
    md = invoke(*flags, "brief", "-f", "md").stdout
    assert len(md.splitlines()) <= 42
    screen = run_in_pty([*SAHEL, *flags, "brief"], {"NO_COLOR": "1"}, columns=80)
    assert len(screen.splitlines()) <= 62


def test_tags(invoke: Invoke) -> None:
    tags = {r["tag"]: int(r["events"]) for r in rows(invoke("tags").stdout)}
    assert tags["coup"] >= 7


# --- errors -----------------------------------------------------------------------------------


def test_bad_as_of(invoke: Invoke) -> None:
    result = invoke("--as-of", "tomorrow", "timeline")
    assert result.exit_code == 2
    assert "--as-of: 'tomorrow' is not an instant" in result.stderr


def test_internal_errors_print_one_line(
    invoke: Invoke, mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sahelcli.query.timeline as timeline

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("kaboom")

    monkeypatch.setattr(timeline, "timeline", boom)
    # --no-cache: a piped timeline from the index never calls the query function.
    result = invoke("--no-cache", "--data", str(mini), "timeline")
    assert result.exit_code == 70
    assert "internal error: RuntimeError: kaboom" in result.stderr
    assert "--debug" in result.stderr
    assert "Traceback" not in result.stderr
    with pytest.raises(RuntimeError):
        invoke("--no-cache", "--data", str(mini), "--debug", "timeline")


def test_readme_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every `$ sahel …` line in the README runs and succeeds (or, when the README shows an
    error after it, fails with that error), so the examples cannot rot."""
    from typer.testing import CliRunner

    from sahelcli.cli import app

    readme = (ROOT / "README.md").read_text()
    examples = re.findall(r"^\$ sahel (.+)\n(.*)$", readme, flags=re.MULTILINE)
    assert len(examples) >= 10
    monkeypatch.chdir(tmp_path)  # examples that write files write them here
    runner = CliRunner()
    for example, next_line in examples:
        result = runner.invoke(app, shlex.split(example))
        if next_line.startswith("sahel: error: "):
            assert result.exit_code == 2 and next_line in result.stderr, example
            continue
        assert result.exit_code == 0, (example, result.stderr)
        assert result.stdout.strip() or list(tmp_path.iterdir()), example


def test_impossible_ranges_and_empty_text_are_usage_errors(invoke: Invoke, mini: Path) -> None:
    d = ("--data", str(mini))
    result = invoke(*d, "timeline", "--since", "2023-08-01", "--until", "2023-07-01")
    assert result.exit_code == 2 and "--since is after --until" in result.stderr
    assert invoke(*d, "timeline", "--search", " ").exit_code == 2
    result = invoke(*d, "search", "")
    assert result.exit_code == 2 and "the search text is empty" in result.stderr


def test_real_process_builds_only_the_invoked_command_but_errors_still_know_them_all() -> None:
    from conftest import run_sahel

    typo = run_sahel("timelin")
    assert typo.returncode == 2
    assert b"did you mean 'timeline'?" in typo.stderr
    listing = run_sahel("--help")
    assert all(name in listing.stdout for name in (b"timeline", b"deadline", b"export", b"cache"))
    for args in (["-f", "json", "tags"], ["--data", "timeline", "validate"], ["cache", "info"]):
        proc = run_sahel(*args)
        assert b"Traceback" not in proc.stderr, args
    assert run_sahel("-f", "json", "tags").returncode == 0
    assert b"no such file or folder" in run_sahel("--data", "timeline", "validate").stderr


def test_global_options_hoist_in_process_past_a_value_that_names_a_command(
    invoke: Invoke, mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: `--data brief` (a dataset file named like a command) then `timeline -f json`."""
    (tmp_path / "brief").write_text(mini.read_text())
    monkeypatch.chdir(tmp_path)
    result = invoke("--data", "brief", "timeline", "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["id"] == "coup"
    result = invoke("--data=brief", "timeline", "-fjson", "--as-of", "2023-07-27")
    assert [e["id"] for e in json.loads(result.stdout)] == ["coup"]


def test_a_run_loads_only_the_module_of_its_command(mini: Path) -> None:
    code = (
        "import sys; from sahelcli.cli import main; sys.argv = ['sahel', '--data', sys.argv[1], "
        "'timeline']\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('sahelcli.commands.')), "
        "file=sys.stderr)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(mini)], capture_output=True, text=True, timeout=60
    )
    assert proc.stderr.strip() == "['sahelcli.commands.briefing', 'sahelcli.commands.common']"
