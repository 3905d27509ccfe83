"""What one invocation works with: the dataset (opened once, lazily, and replayed at the
as-of instant), the as-of instant itself, and the run's Output (output.py). Keeps cli.py to
wiring only.
"""

from __future__ import annotations

import datetime as dt
import os
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from sahelcli.env import env_flag
from sahelcli.errors import UsageError
from sahelcli.model import Dataset
from sahelcli.output import Output

if TYPE_CHECKING:
    from sahelcli.render import Document, OutputOptions
    from sahelcli.store import Store

PACKAGE_DATA = Path(__file__).parent / "data" / "events.yaml"
SOURCE_TREE_DATA = Path(__file__).resolve().parents[2] / "data" / "events.yaml"


def default_dataset_path() -> Path:
    """The bundled dataset: inside the installed package, or at the root of a source checkout."""
    return PACKAGE_DATA if PACKAGE_DATA.exists() else SOURCE_TREE_DATA


class Session:
    """One run's settings (the global options) and what it loads, each at most once."""

    def __init__(
        self,
        *,
        data: str | None = None,
        as_of: str | None = None,
        format: str | None = None,
        no_color: bool = False,
        width: int | None = None,
        header: bool = True,
        use_cache: bool = True,
        debug: bool = False,
        paging: bool = True,
        wrap: bool = False,
    ) -> None:
        self.data = data
        self.as_of = as_of
        self.use_cache = use_cache
        self.debug = debug
        self.output = Output(
            format=format, no_color=no_color, width=width, header=header, paging=paging, wrap=wrap
        )
        self.format = format

    # --- output: writing the answer is Output's job; these keep commands short ---------------

    def emit(self, doc: Document, *, nothing_found: bool = False) -> None:
        self.output.emit(doc, nothing_found=nothing_found)

    def stream(self) -> TextIO:
        return self.output.stream()

    def is_terminal(self) -> bool:
        return self.output.is_terminal()

    def draws_on_terminal(self) -> bool:
        return self.output.draws_on_terminal()

    def output_options(self) -> OutputOptions:
        return self.output.options()

    def render_text(self, doc: Document, fmt: str) -> str:
        return self.output.render_text(doc, fmt)

    # --- dataset ------------------------------------------------------------------------------

    def dataset_path(self) -> Path:
        chosen = self.data or os.environ.get("SAHEL_DATA") or None
        return Path(chosen).expanduser() if chosen else default_dataset_path()

    @cached_property
    def store(self) -> Store:
        from sahelcli.index import open_store

        use_cache = self.use_cache and not env_flag("SAHEL_NO_CACHE")
        return open_store(self.dataset_path(), use_cache=use_cache)

    @cached_property
    def dataset(self) -> Dataset:
        """Every record known at the as-of instant (commands that need only some use
        ``subset``)."""
        return self.replayed(self.store.full())

    def subset(self, **queries: Any) -> Dataset:
        """Every actor plus the records the queries may need (see store.subset), as known at
        the as-of instant."""
        from sahelcli.store import subset

        return self.replayed(subset(self.store, **queries))

    def replayed(self, dataset: Dataset) -> Dataset:
        """``dataset`` with the replay rules applied when --as-of is given (query/replay.py)."""
        if self.as_of is None:
            return dataset
        from sahelcli.query.replay import as_of_view

        loaded = {e.id for e in dataset.events}
        elsewhere = {c.event for c in dataset.claims if c.event and c.event not in loaded}
        ends = self.store.event_ends(elsewhere) if elsewhere else {}
        return as_of_view(dataset, self.now, ends)

    # --- time ---------------------------------------------------------------------------------

    @cached_property
    def now(self) -> dt.datetime:
        """The as-of instant: --as-of (a bare date means the end of that day), else now."""
        if self.as_of is None:
            return dt.datetime.now(dt.timezone.utc)
        moment = self.parse_instant(self.as_of, "--as-of", date_means="end")
        return moment.astimezone(dt.timezone.utc)

    def parse_instant(self, value: str, option: str, *, date_means: str) -> dt.datetime:
        from sahelcli import dates

        try:
            return dates.parse_instant(value, self.store.meta().timezone, date_means=date_means)
        except dates.DateError as exc:
            raise UsageError(
                f"{option}: {exc}", hint="e.g. 2023-08-03 or 2023-08-03T12:00+01:00"
            ) from None

    def parse_day(self, value: str, option: str, *, end: bool = False) -> dt.date:
        """A calendar day given as YYYY, YYYY-MM or YYYY-MM-DD: its first day, or its last with
        ``end`` (for options about the data's own dates, which are days, not instants)."""
        from sahelcli import dates

        try:
            day = dates.parse_partial_date(value)
        except dates.DateError as exc:
            raise UsageError(f"{option}: {exc}", hint="e.g. 2026-11-01") from None
        return day.last_day() if end else day.first_day()
