"""The replay rules (query/replay.py) and that every command sees the data through them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import Invoke

from sahelcli.query.replay import as_of_view, issued_by, outcome_known, visible
from sahelcli.validate import load_dataset

UTC = dt.timezone.utc


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).astimezone(UTC)


def test_visible_needs_the_whole_period_past() -> None:
    end = at("2023-08-31T23:59:59.999999+01:00")
    assert not visible(end, at("2023-08-15T12:00+01:00"))
    assert visible(end, at("2023-09-01T00:00+01:00"))
    assert visible(end, None)


def test_deadline_rules(mini: Path) -> None:
    deadline = load_dataset(mini).deadlines[0]
    assert not issued_by(deadline, at("2023-07-30T17:59+01:00"))
    assert issued_by(deadline, at("2023-07-30T18:00+01:00"))
    assert not outcome_known(deadline, at("2023-08-06T12:00+01:00"))
    assert outcome_known(deadline, at("2023-08-07T00:00+01:00"))


def test_as_of_view_hides_unknown_records_and_outcomes(mini: Path) -> None:
    view = as_of_view(load_dataset(mini), at("2023-08-03T12:00+01:00"))
    assert [e.id for e in view.events] == ["coup", "summit"]  # "2023-08" not over yet
    assert [d.id for d in view.deadlines] == ["ecowas-ultimatum"]
    assert view.deadlines[0].outcome is None


def test_search_does_not_leak_an_outcome_before_its_date(invoke: Invoke, mini: Path) -> None:
    """Regression: search found a deadline through its outcome's text before the outcome."""
    before = invoke("--data", str(mini), "--as-of", "2023-08-03", "search", "lapsed")
    assert before.exit_code == 1, before.output
    after = invoke("--data", str(mini), "--as-of", "2023-08-08", "-f", "json", "search", "lapsed")
    assert after.exit_code == 0
    assert [h["id"] for h in json.loads(after.stdout)] == ["ecowas-ultimatum"]


@pytest.mark.parametrize(
    "command",
    [["timeline"], ["claims"], ["deadlines"], ["search", "e"], ["actor", "cnsp"], ["brief"]],
)
def test_no_command_shows_records_from_after_the_as_of_instant(
    invoke: Invoke, mini: Path, command: list[str]
) -> None:
    as_of = "2023-07-27T08:00+01:00"
    result = invoke("--data", str(mini), "--as-of", as_of, "-f", "json", *command)
    text = result.stdout
    for later in ("summit", "month-only", "ecowas-ultimatum", "Lapsed"):
        assert later not in text, (command, later)


def test_the_replay_boundaries_are_inclusive(mini: Path) -> None:
    """Found by mutation testing: `<=` turned into `<` survived. A record whose period ends at
    the as-of instant, a deadline issued at it, and an outcome known at it all count."""
    from sahelcli.query.replay import outcome_known_from

    end = at("2023-08-31T23:59:59+01:00")
    assert visible(end, end)
    deadline = load_dataset(mini).deadlines[0]
    assert issued_by(deadline, deadline.issued)
    assert outcome_known(deadline, outcome_known_from(deadline))


def test_a_claim_without_a_grade_never_meets_a_minimum() -> None:
    from sahelcli.query.claims import grade_at_least

    assert not grade_at_least(None, "F6")
    assert grade_at_least("B2", "B2") and not grade_at_least("B3", "B2")


def test_formulas_after_a_comma_are_defused_too() -> None:
    from sahelcli.render.safe import defuse_formula

    assert defuse_formula("a,=1+1") == "a,'=1+1"
    assert defuse_formula("a; @SUM(A1)") == "a; '@SUM(A1)"


def test_a_hidden_record_does_not_hide_the_ones_after_it(tmp_path: Path, mini: Path) -> None:
    """Found by mutation testing: `continue` turned into `break` survived in as_of_view."""
    text = mini.read_text()
    later_claim = (
        "  - id: later-claim\n    date: 2023-09-01\n    claimant: ecowas\n    about: [wagner]\n"
        "    stance: asserts\n    text: Later.\n    status: unverified\n"
        '    sources: [{publisher: P, title: T, date: 2023-09-01, url: "https://e.org/l"}]\n'
    )
    later_deadline = (
        "  - id: later-deadline\n    issuer: ecowas\n    target: cnsp\n"
        "    issued: 2023-09-01T00:00:00+01:00\n    expires: 2023-09-08T00:00:00+01:00\n"
        "    timezone: Africa/Lagos\n    demand: Later.\n"
        '    sources: [{publisher: P, title: T, date: 2023-09-01, url: "https://e.org/m"}]\n'
    )
    text = text.replace("claims:\n", "claims:\n" + later_claim).replace(
        "deadlines:\n", "deadlines:\n" + later_deadline
    )
    path = tmp_path / "ordered.yaml"
    path.write_text(text)
    view = as_of_view(load_dataset(path), at("2023-08-20T00:00+01:00"))
    assert [c.id for c in view.claims] == ["wagner-not-behind"]
    assert [d.id for d in view.deadlines] == ["ecowas-ultimatum"]
