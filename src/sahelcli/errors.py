"""Exit codes and the errors that carry them to the CLI.

The codes are a documented interface (README, "Exit codes").
"""

from __future__ import annotations

from typing import NamedTuple

OK = 0
NOT_FOUND = 1  # a name, id or search text matched nothing
USAGE = 2  # bad option or argument (also Typer/Click's own usage errors)
INVALID_DATA = 3  # the dataset failed to load or validate
IO_ERROR = 4  # a file could not be read or written, or stdout failed
INTERNAL = 70  # an unexpected error: a bug (EX_SOFTWARE)
INTERRUPTED = 130  # Ctrl-C


class Problem(NamedTuple):
    """One thing wrong with a dataset: where, which field, what, and how to fix it."""

    file: str
    path: str
    message: str
    hint: str | None = None
    line: int | None = None
    column: int | None = None

    def format(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
        if self.hint:
            text += f" (hint: {self.hint})"
        return text


class SahelError(Exception):
    """An error the user can act on: printed as one line on stderr, with an exit code."""

    exit_code = INTERNAL

    def __init__(self, message: str, *, hint: str | None = None, topic: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        # What kind of thing was asked for ("actor", "deadline", "tag", "record"): the CLI
        # turns it into a hint in its own words; the layers below never name a command.
        self.topic = topic


class UsageError(SahelError):
    exit_code = USAGE


class NotFound(SahelError):
    exit_code = NOT_FOUND


class NothingFound(NotFound):
    """The filters matched nothing: the (empty) answer was written; exit 1, no message."""

    def __init__(self) -> None:
        super().__init__("")


class OutputError(SahelError):
    exit_code = IO_ERROR


class DatasetError(SahelError):
    """The dataset could not be used; ``problems`` lists every reason found."""

    exit_code = INVALID_DATA

    def __init__(self, problems: list[Problem]) -> None:
        count = len(problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the dataset")
        self.problems = problems


class DataIOError(DatasetError):
    """The dataset path is missing or unreadable."""

    exit_code = IO_ERROR

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        self.message = "cannot read the dataset"
