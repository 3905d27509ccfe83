"""`sahel stats` and `sahel deadlines --chart`: exact rows in pipes, pictures on a terminal."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import FIXTURES, ROOT, SAHEL, Invoke, run_in_pty, run_sahel
from hypothesis import given
from hypothesis import strategies as st

from sahelcli.charts import Axis
from sahelcli.model import PartialDate
from sahelcli.query.stats import Item, count_by_period, period_key, periods

CHARTS = str(FIXTURES / "charts.yaml")
AS_OF = "2023-11-01"


def test_stats_by_month_lists_every_month_with_zero_for_the_gap(invoke: Invoke) -> None:
    result = invoke("--data", CHARTS, "stats")
    assert result.exit_code == 0
    assert result.stdout == "period\tcount\n2023-07\t3\n2023-08\t1\n2023-09\t0\n2023-10\t1\n"


def test_stats_by_week_counts_a_month_only_date_apart() -> None:
    done = run_sahel("--data", CHARTS, "stats", "--by", "week", "--until", "2023-08-13")
    assert done.returncode == 0
    assert done.stdout.decode().splitlines() == [
        "period\tcount",
        "2023-W30\t2",
        "2023-W31\t1",
        "2023-W32\t0",
    ]
    assert done.stderr.decode() == (
        "sahel: note: 1 events dated less precisely than a week are not counted in any period\n"
    )


def test_stats_by_tag_actor_and_kind(invoke: Invoke) -> None:
    tags = invoke("--data", CHARTS, "stats", "--by", "tag", "-f", "csv").stdout
    assert tags.splitlines() == [
        "tag,count",
        "sanctions,2",
        "coup,1",
        "france,1",
        "protest,1",
        "summit,1",
    ]
    actors = json.loads(invoke("--data", CHARTS, "stats", "--by", "actor", "-f", "json").stdout)
    assert actors[0] == {
        "actor": "cnsp",
        "name": "National Council for the Safeguard of the Homeland",
        "count": 4,
    }
    kinds = invoke("--data", CHARTS, "--as-of", "2023-08-01", "stats", "--by", "kind").stdout
    assert kinds == "kind\tcount\nevents\t3\nclaims\t1\ndeadlines\t1\n"


def test_stats_takes_the_timeline_filters_and_the_kind(invoke: Invoke) -> None:
    by_actor = invoke("--data", CHARTS, "stats", "--actor", "france", "--by", "year").stdout
    assert by_actor == "period\tcount\n2023\t1\n"
    window = invoke("--data", CHARTS, "stats", "--since", "2023-06", "--until", "2023-08").stdout
    assert window == "period\tcount\n2023-06\t0\n2023-07\t3\n2023-08\t1\n"
    claims = invoke("--data", CHARTS, "stats", "--kind", "claims").stdout
    assert claims == "period\tcount\n2023-07\t1\n"
    unknown_tag = run_sahel("--data", CHARTS, "stats", "--kind", "deadlines", "--tag", "x")
    assert unknown_tag.returncode == 1
    assert b"no event is tagged 'x'" in unknown_tag.stderr


def test_stats_errors_and_nothing_found(invoke: Invoke) -> None:
    bad = run_sahel("--data", CHARTS, "stats", "--by", "mnth")
    assert bad.returncode == 2
    assert b"unknown --by 'mnth'" in bad.stderr and b"month" in bad.stderr
    claims_by_tag = run_sahel("--data", CHARTS, "stats", "--kind", "claims", "--tag", "coup")
    assert claims_by_tag.returncode == 2
    assert b"claims carry no tags" in claims_by_tag.stderr
    nothing = run_sahel("--data", CHARTS, "stats", "--search", "no such words")
    assert nothing.returncode == 1


STATS_AT_80 = """\
Events per month, Jul 2023 – Oct 2023 (5 events)
Jul 2023  3  ███████████████████████████████████████████████████████████████████
Aug 2023  1  ██████████████████████▍
Sep 2023  0
Oct 2023  1  ██████████████████████▍
"""


def test_stats_chart_on_an_80_column_terminal() -> None:
    screen = run_in_pty([*SAHEL, "--data", CHARTS, "stats"], {"NO_COLOR": "1"}, columns=80)
    assert screen == STATS_AT_80
    assert max(len(line) for line in screen.splitlines()) <= 80


DEADLINES_AT_80 = """\
Deadlines as of 1 Nov 2023 23:59:59 WAT
                                  Jul 2023               2024    2025    2026
                                  ─────────────────│────────────────────────────
One week [bold]ultimatum[/bold]   ▒▒▒◆             │
French troops leave by the end…    ▓▓▓▓▓▓▓▓▓▓▓▓▓◆▓▓│▓▓▓▓▓▓
Ambassador to leave within 48…          ░◆░        │
A long transition                          ████████│████████████████████████████
█ open  ▓ met  ▒ expired  ░ withdrawn  ◆ outcome  │ as-of instant
Axis compressed: long stretches take less room than short ones.
"""


def test_deadline_chart_on_an_80_column_terminal_reads_without_colour() -> None:
    args = [*SAHEL, "--data", CHARTS, "--as-of", AS_OF, "deadlines", "--chart"]
    screen = run_in_pty(args, {"NO_COLOR": "1"}, columns=80)
    assert screen == DEADLINES_AT_80
    coloured = run_in_pty(args, {"FORCE_COLOR": "1"}, columns=80)
    assert "\x1b[" in coloured
    assert "\x1b[1m[" not in coloured  # the markup in the title is text, not a style


def test_deadline_chart_rows_in_a_pipe_are_exact() -> None:
    done = run_sahel("--data", CHARTS, "--as-of", AS_OF, "deadlines", "--chart")
    assert done.returncode == 0
    assert done.stdout.decode().splitlines() == [
        "id\tissued\texpires\toutcome_date\tstatus",
        "d-expired\t2023-07-30T18:00:00+01:00\t2023-08-06T23:59:00+01:00\t2023-08-06\texpired",
        "d-met\t2023-08-03T00:00:00+01:00\t2023-12-31T23:59:59+01:00\t2023-10-10\tmet",
        "d-withdrawn\t2023-08-25T00:00:00+01:00\t2023-08-27T00:00:00+01:00\t2023-08-26\twithdrawn",
        "d-open\t2023-09-01T00:00:00+01:00\t2026-09-01T00:00:00+01:00\t\topen",
    ]


def test_deadline_chart_hides_what_was_not_known_at_the_as_of_instant(invoke: Invoke) -> None:
    early = invoke("--data", CHARTS, "--as-of", "2023-08-05", "deadlines", "--chart", "-f", "json")
    rows = json.loads(early.stdout)
    assert [r["id"] for r in rows] == ["d-expired", "d-met"]
    assert all(r["outcome_date"] is None for r in rows)  # outcomes came later
    assert {r["status"] for r in rows} == {"open"}
    none = invoke("--data", CHARTS, "--as-of", "2023-07-01", "deadlines", "--chart")
    assert none.exit_code == 1


def test_charts_as_a_table_off_a_terminal_are_ascii() -> None:
    done = run_sahel("--data", CHARTS, "--as-of", AS_OF, "deadlines", "--chart", "-f", "table")
    text = done.stdout.decode()
    assert "#" in text and "|" in text and "*" in text
    assert "█" not in text and "─" not in text
    assert max(len(line) for line in text.splitlines()) <= 80
    bars = run_sahel("--data", CHARTS, "stats", "-f", "table", "--width", "40").stdout.decode()
    assert bars.splitlines()[2:4] == ["Jul 2023  3  " + "#" * 27, "Aug 2023  1  " + "#" * 9]


# --- properties -----------------------------------------------------------------------------

days = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31))


@given(days, days, st.sampled_from(["week", "month", "year"]))
def test_periods_are_contiguous_and_hold_every_day_between(a: dt.date, b: dt.date, by: str) -> None:
    first, last = min(a, b), max(a, b)
    keys = periods(first, last, by)
    assert len(keys) == len(set(keys))
    assert keys == sorted(keys)
    for day in (first, last, first + (last - first) / 2):
        assert period_key(PartialDate(day.year, day.month, day.day), by) in keys


dated = st.builds(
    lambda d, precision: PartialDate(
        d.year, d.month if precision > 0 else None, d.day if precision > 1 else None
    ),
    days,
    st.integers(0, 2),
)


@given(st.lists(dated, max_size=30), st.sampled_from(["week", "month", "year"]))
def test_period_counts_add_up(dates: list[PartialDate], by: str) -> None:
    counts = count_by_period([Item("events", d) for d in dates], by)
    assert sum(row.n for row in counts.rows) + counts.imprecise == len(dates)
    assert all(row.n >= 0 for row in counts.rows)


instants = st.datetimes(
    min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2100, 1, 1), timezones=st.just(dt.UTC)
)


@given(st.lists(instants, min_size=1, max_size=20), st.lists(instants, min_size=2, max_size=5))
def test_the_compressed_axis_keeps_order(
    points: list[dt.datetime], probes: list[dt.datetime]
) -> None:
    axis = Axis(points)
    probes.sort()
    places = [axis(p) for p in probes]
    assert places == sorted(places)
    assert all(0.0 <= p <= 1.0 for p in places)
    assert axis(min(points)) == 0.0


@pytest.mark.parametrize(
    ("intro", "args"),
    [
        (
            "`sahel stats --by year --kind all` at 80 columns",
            ["stats", "--by", "year", "--kind", "all"],
        ),
        (
            "`sahel --as-of 2024-09-01 deadlines --chart` at 80 columns",
            ["--as-of", "2024-09-01", "deadlines", "--chart"],
        ),
    ],
)
def test_the_readme_pictures_are_real_output(intro: str, args: list[str]) -> None:
    readme = (ROOT / "README.md").read_text()
    after = readme[readme.index(intro) :]
    block = after[after.index("```console\n") + len("```console\n") :]
    shown = block[: block.index("```")]
    assert run_in_pty([*SAHEL, *args], {"NO_COLOR": "1"}, columns=80) == shown
