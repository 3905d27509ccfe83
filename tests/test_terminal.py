"""The terminal face, judged on real pseudo-terminals of 80, 120 and 200 columns: list views
are scannable (lines per record), atomic values are never split, long output is paged, and
`sahel show` opens any record."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from conftest import SAHEL, Invoke, run_in_pty

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")

PLAIN = {"NO_COLOR": "1", "SAHEL_PAGER": "cat"}
AS_OF = ["--as-of", "2026-02-18"]  # the bundled data, frozen (countdowns do not move)


def _records(invoke: Invoke, command: list[str]) -> list[dict[str, object]]:
    rows = json.loads(invoke(*AS_OF, *command, "-f", "json").stdout)
    assert isinstance(rows, list)
    return rows


def _body(screen: str) -> list[str]:
    """The lines after the header rule (the table's rows)."""
    lines = screen.rstrip("\n").split("\n")
    rule = next(i for i, line in enumerate(lines) if line.startswith("──"))
    return [line for line in lines[rule + 1 :] if line.strip()]


def _tokens(screen: str) -> set[str]:
    return set(re.split(r"[\s,]+", screen))


LISTS = {
    "timeline": (["timeline"], 20),
    "claims": (["claims"], None),
    "deadlines": (["deadlines"], None),
    "actors": (["actors"], None),
    "search": (["search", "niamey"], None),
    "tags": (["tags"], None),
}


@pytest.mark.parametrize("columns", [80, 120, 200])
@pytest.mark.parametrize("view", list(LISTS))
def test_list_views_are_scannable_and_keep_atomic_values_whole(
    invoke: Invoke, view: str, columns: int
) -> None:
    command, shown = LISTS[view]
    records = _records(invoke, command)
    if shown is not None:
        records = records[-shown:]  # the terminal's screenful: the latest ones
    screen = run_in_pty([*SAHEL, *AS_OF, *command], PLAIN, columns=columns)
    body = _body(screen)
    per_record = len(body) / len(records)
    assert per_record <= (3 if columns < 120 else 2), (view, columns, per_record)
    assert all(len(line) <= columns for line in body if " " in line.strip())
    tokens = _tokens(screen)
    for record in records:
        key = "tag" if view == "tags" else "id"
        assert record[key] in tokens, (view, columns, record[key])  # whole, never split
        for field in ("status", "stance", "grade"):
            if field in record and screen.count(field.capitalize()):
                assert str(record[field]) in tokens, (field, record[field])


@pytest.mark.parametrize("columns", [80, 120, 200])
def test_deadline_instants_are_human_and_whole(invoke: Invoke, columns: int) -> None:
    screen = run_in_pty([*SAHEL, *AS_OF, "deadlines"], PLAIN, columns=columns)
    assert "7 Aug 2023 00:00 WAT" in screen  # the ECOWAS ultimatum, in the issuer's zone
    assert "T00:00+01:00" not in screen  # ISO 8601 is for pipes and JSON
    if columns >= 120:
        assert "6 Aug 23:00 UTC" in screen


def test_claims_used_to_take_dozens_of_lines_each(invoke: Invoke) -> None:
    records = _records(invoke, ["claims"])
    screen = run_in_pty([*SAHEL, *AS_OF, "claims"], PLAIN, columns=80)
    assert len(screen.splitlines()) <= 3 * len(records) + 4


def test_the_free_text_is_cut_on_a_terminal_and_whole_with_wrap(invoke: Invoke) -> None:
    long_title = max((e["title"] for e in _records(invoke, ["timeline"])[-20:]), key=len)
    cut = run_in_pty([*SAHEL, *AS_OF, "timeline"], PLAIN, columns=80)
    assert "…" in cut and long_title not in cut
    whole = run_in_pty([*SAHEL, *AS_OF, "--wrap", "timeline"], PLAIN, columns=80)
    assert "…" not in whole.split("\n", 1)[1]  # the caption aside, nothing is cut
    assert all(word in _tokens(whole) for word in long_title.split())


def test_urls_in_a_card_are_whole_on_their_own_lines(invoke: Invoke) -> None:
    record = _records(invoke, ["claims"])[0]
    for columns in (80, 200):
        screen = run_in_pty([*SAHEL, *AS_OF, "show", str(record["id"])], PLAIN, columns=columns)
        text = screen.replace("\n", "")  # the terminal soft-wraps a long URL
        for source in record["sources"]:  # type: ignore[attr-defined]
            assert source["url"] in text
            assert any(line.strip().startswith(source["url"][:30]) for line in screen.split("\n"))


# --- the pager --------------------------------------------------------------------------------


def _fake_pager(tmp_path: Path) -> tuple[str, Path]:
    seen = tmp_path / "paged.txt"
    script = tmp_path / "pager.sh"
    script.write_text(f"#!/bin/sh\ncat > {seen}\n")
    script.chmod(0o755)
    return str(script), seen


def test_long_output_on_a_terminal_goes_through_the_pager(tmp_path: Path) -> None:
    pager, seen = _fake_pager(tmp_path)
    screen = run_in_pty([*SAHEL, "claims"], {"NO_COLOR": "1", "SAHEL_PAGER": pager}, lines=24)
    assert seen.exists() and seen.read_text().count("\n") > 24
    assert "Claimant" not in screen  # the pager had it, not the terminal


def test_pager_falls_back_to_PAGER_and_is_skipped_when_short(tmp_path: Path) -> None:
    pager, seen = _fake_pager(tmp_path)
    env = {"NO_COLOR": "1", "PAGER": pager, "SAHEL_PAGER": ""}
    del env["SAHEL_PAGER"]
    short = run_in_pty([*SAHEL, "deadline", "ecowas-one"], {**env, "SAHEL_PAGER": pager})
    assert not seen.exists() and "ecowas-one-week-ultimatum-2023" in short
    run_in_pty([*SAHEL, "claims"], {"NO_COLOR": "1", "PAGER": pager, "SAHEL_PAGER": pager})
    assert seen.exists()


def test_no_pager_flag_and_pipes_never_page(tmp_path: Path) -> None:
    from conftest import run_sahel

    pager, seen = _fake_pager(tmp_path)
    screen = run_in_pty([*SAHEL, "--no-pager", "claims"], {"NO_COLOR": "1", "SAHEL_PAGER": pager})
    assert not seen.exists() and "Claimant" in screen
    piped = run_sahel("claims", env={"SAHEL_PAGER": pager, "PAGER": pager})
    assert not seen.exists() and piped.stdout.startswith(b"date\t")


def test_a_pager_that_cannot_start_falls_back_to_plain_output() -> None:
    env = {"NO_COLOR": "1", "SAHEL_PAGER": "/nonexistent/pager"}
    screen = run_in_pty([*SAHEL, "claims"], env, lines=24)
    assert "Claimant" in screen and "Traceback" not in screen


# --- sahel show -------------------------------------------------------------------------------

SHOW_CASES = {
    "event": "coup-presidential-guard-detains-bazoum",
    "claim": "us-no-sign-russia-wagner-behind-coup",
    "deadline": "ecowas-one-week-ultimatum-2023",
    "actor": "wagner",
}


@pytest.mark.parametrize("fmt", ["table", "tsv", "csv", "json", "jsonl", "md"])
@pytest.mark.parametrize("kind", list(SHOW_CASES))
def test_show_opens_every_kind_in_every_format(invoke: Invoke, kind: str, fmt: str) -> None:
    record_id = SHOW_CASES[kind]
    result = invoke("show", record_id, "-f", fmt)
    assert result.exit_code == 0, result.output
    assert record_id in result.stdout
    if fmt == "json":
        data = json.loads(result.stdout)
        assert data["id"] == record_id
        if kind in ("event", "claim"):
            assert data["kind"] == kind and "links" in data


def test_show_links_an_event_and_its_claims(invoke: Invoke, mini: Path, tmp_path: Path) -> None:
    data = tmp_path / "linked.yaml"
    data.write_text(mini.read_text().replace("    grade: B3\n", "    grade: B3\n    event: coup\n"))
    event = json.loads(invoke("--data", str(data), "show", "coup", "-f", "json").stdout)
    assert event["links"] == {"claims": ["wagner-not-behind"]}
    claim = json.loads(invoke("--data", str(data), "show", "wagner-not", "-f", "json").stdout)
    assert claim["links"] == {"event": "coup"}
    card = invoke("--data", str(data), "show", "wagner-not", "-f", "table").stdout
    assert "Guard detains the president (coup)" in card


def test_show_resolves_prefixes_names_and_title_words(invoke: Invoke, mini: Path) -> None:
    d = ["--data", str(mini), "-f", "json"]
    assert json.loads(invoke(*d, "show", "month").stdout)["id"] == "month-only"
    assert json.loads(invoke(*d, "show", "Tchiani").stdout)["id"] == "tiani"
    assert json.loads(invoke(*d, "show", "one-week").stdout)["id"] == "ecowas-ultimatum"
    typo = invoke(*d, "show", "sumit")
    assert typo.exit_code == 1 and "did you mean 'summit'?" in typo.stderr
    both = invoke(*d, "show", "e")  # ecowas, ecowas-ultimatum
    assert both.exit_code == 1 and "candidates" in both.stderr
    only = invoke(*d, "show", "ecowas", "--kind", "deadline")
    assert json.loads(only.stdout)["id"] == "ecowas-ultimatum"
    assert invoke(*d, "show", "x", "--kind", "place").exit_code == 2


def test_show_respects_the_as_of_instant(invoke: Invoke, mini: Path) -> None:
    before = invoke("--data", str(mini), "--as-of", "2023-07-29", "show", "summit")
    assert before.exit_code == 1
    card = invoke("--data", str(mini), "--as-of", "2023-08-03", "-f", "json", "show", "ecowas-u")
    assert "outcome" not in json.loads(card.stdout)


# --- replay-aware names -----------------------------------------------------------------------


def test_deadline_not_yet_issued_says_so(invoke: Invoke, mini: Path) -> None:
    result = invoke("--data", str(mini), "--as-of", "2023-07-29", "deadline", "ecowas")
    assert result.exit_code == 1
    assert "no deadline matching 'ecowas' was known at" in result.stderr
    assert "'ecowas-ultimatum', was issued 30 Jul 2023 18:00 WAT" in result.stderr


def test_deadline_names_come_from_deadlines(invoke: Invoke, mini: Path) -> None:
    d = ["--data", str(mini), "-f", "json"]
    by_word = json.loads(invoke(*d, "deadline", "ultimatum").stdout)
    assert by_word["id"] == "ecowas-ultimatum"
    typo = invoke(*d, "deadline", "ultimatm")
    assert typo.exit_code == 1 and "did you mean" in typo.stderr and "ultimatum" in typo.stderr


def test_actor_gives_every_event_in_pipes_and_a_screenful_on_a_terminal(invoke: Invoke) -> None:
    every = json.loads(invoke("actor", "ecowas", "-f", "json").stdout)
    assert len(every["events"]) == every["event_count"] > 10
    screen = run_in_pty([*SAHEL, "actor", "ecowas"], PLAIN, columns=120)
    assert f"10 of {every['event_count']}" in screen


def test_timeline_since_starts_the_screenful_at_that_date(invoke: Invoke) -> None:
    screen = run_in_pty([*SAHEL, *AS_OF, "timeline", "--since", "2023-08-01"], PLAIN, columns=200)
    matching = _records(invoke, ["timeline", "--since", "2023-08-01"])
    assert f"20 of {len(matching)} events" in screen
    assert matching[0]["id"] in screen and matching[-1]["id"] not in screen
