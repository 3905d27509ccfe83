"""The live countdown (`sahel deadline NAME --watch`): redraws once a second on a terminal."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Mapping, Sequence

from sahelcli.model import Actor
from sahelcli.query.deadlines import DeadlineState, state_at
from sahelcli.render import Detail
from sahelcli.session import Session
from sahelcli.views import deadline_detail


def watch_countdown(
    session: Session,
    chosen: DeadlineState,
    others: Sequence[DeadlineState],
    actors: Mapping[str, Actor],
) -> None:
    """Count down from --as-of (or now) in real time until expiry or Ctrl-C."""
    import gc

    gc.enable()  # the entry point turns it off for short runs; this one can last for days
    from rich.console import Group
    from rich.live import Live

    from sahelcli.render.table import detail_parts, make_console

    options = session.output_options()
    console = make_console(options, session.stream())
    started = time.monotonic()

    def view() -> Group:
        now = chosen.now + dt.timedelta(seconds=time.monotonic() - started)
        doc: Detail = deadline_detail(state_at(chosen.deadline, now), others, actors)
        return Group(*(part for part, _soft in detail_parts(doc, options, console.width)))

    import signal

    def stop(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt  # leave through Live's exit, which shows the cursor again

    signal.signal(signal.SIGTERM, stop)
    with Live(view(), console=console, refresh_per_second=4, transient=False) as live:
        while True:
            state = state_at(
                chosen.deadline, chosen.now + dt.timedelta(seconds=time.monotonic() - started)
            )
            live.update(view())
            if state.status != "open":
                break
            time.sleep(0.25)
