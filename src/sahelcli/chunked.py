"""Read a big dataset file a slice of records at a time.

PyYAML builds a node (with positions) for every value of a document before it builds any
Python object, so loading a 100 MB file whole peaks at about 20 times its size. A dataset is
a handful of top-level keys over long block lists of records, so the text can be cut at the
lines where a record starts and each slice parsed alone: the same values, with the node graph
of one slice alive at a time, and each slice's records free to go once validated.

Only plain layouts are cut. Anything else (anchors, document markers, directives, flow or
quoted top-level keys, a slice that parses to anything but the records counted in it, a
duplicate key) raises ``NotSplittable``, and the caller parses the whole document the usual
way, which also gives exact positions for any error.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import yaml

from sahelcli import progress

RECORDS_PER_SLICE = 500


def top_key(line: str) -> tuple[str, bool] | None:
    """``(key, has_inline_value)`` for a plain top-level ``key:`` line, else None. A linear
    scan: a regular expression here once took minutes on a line of 60,000 spaces."""
    colon = line.find(":")
    if colon <= 0:
        return None
    key = line[:colon]
    if not (key[0].isalpha() or key[0] == "_") or not all(
        char.isalnum() or char in "_-" for char in key
    ):
        return None
    rest = line[colon + 1 :].rstrip("\r\n")
    if rest and rest[0] not in " \t":
        return None  # "a:b" is a scalar, not a key
    value = rest.strip(" \t")
    return key, bool(value) and not value.startswith("#")


class NotSplittable(Exception):
    """This text must be parsed as one document."""


class SliceParser:
    """Parses every slice of a document, in worker processes when there are cores to spare.

    All slices are handed out at once; each list then takes its own in order, so this process
    validates the first records while workers still parse the last ones. Records come back
    pickled, which costs far less than parsing YAML.
    """

    def __init__(self, loader: type) -> None:
        self.loader = loader
        self.slices: list[tuple[str, int]] = []  # (text, number of records it holds)
        self._results: list[Any] | None = None
        self._pool: Any = None

    def add(self, slices: list[tuple[str, int]]) -> range:
        first = len(self.slices)
        self.slices.extend(slices)
        return range(first, len(self.slices))

    def records(self, index: int) -> list[Any]:
        if self._results is None:
            self._start()
        assert self._results is not None
        result = self._results[index]
        if hasattr(result, "result"):  # a future
            try:
                result = result.result()
            except BaseException:
                self.close()
                raise
        self._results[index] = None  # let the records go once handed over
        if index == len(self.slices) - 1:
            self.close()
        return result  # type: ignore[no-any-return]

    def _start(self) -> None:
        workers = _workers(len(self.slices))
        if workers < 2:
            self._results = [_Deferred(text, count, self.loader) for text, count in self.slices]
            return
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("fork")
        self._pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_die_with_parent,
            initargs=(os.getpid(),),
        )
        self._results = [
            self._pool.submit(_parse_slice, text, count, self.loader) for text, count in self.slices
        ]

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


def _die_with_parent(parent: int) -> None:
    """Worker start-up: ask Linux to kill this worker when its parent dies (SIGKILL and
    SIGTERM of `sahel` included), and leave at once if the parent is already gone."""
    import signal

    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the liveness check below still applies
        pass
    if os.getppid() != parent:
        os._exit(0)


class _Deferred:
    """A slice parsed here, when asked for (the one-process path)."""

    def __init__(self, text: str, count: int, loader: type) -> None:
        self.args = (text, count, loader)

    def result(self) -> list[Any]:
        return _parse_slice(*self.args)


class RecordSlices:
    """A block list of records, parsed slice by slice when iterated."""

    def __init__(self, parser: SliceParser, indexes: range, count: int) -> None:
        self.parser = parser
        self.indexes = indexes
        self.count = count

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[Any]:
        for index in self.indexes:
            records = self.parser.records(index)
            yield from records
            progress.advance(len(records))  # parsed and taken (validated) by the caller


def _workers(slices: int) -> int:
    """How many processes parse slices: one more than the cores, as this process validates
    what they parse (at most 4; 3 on two cores measured 20% faster than 2)."""
    import multiprocessing
    import os

    if slices < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    wanted = os.environ.get("SAHEL_WORKERS")
    if wanted and wanted.isdigit():
        return max(1, min(int(wanted), slices))
    return max(1, min((os.cpu_count() or 1) + 1, 4, slices))


def _parse_slice(text: str, count: int, loader_cls: type) -> list[Any]:
    items = _parse(text, loader_cls)
    if not isinstance(items, list) or len(items) != count:
        raise NotSplittable("a slice did not hold the records counted in it")
    return items


def _parse(text: str, loader_cls: type) -> Any:
    loader = loader_cls(text)
    try:
        data = loader.get_single_data()
    except (yaml.YAMLError, RecursionError, ValueError):
        raise NotSplittable("a slice does not parse alone") from None
    finally:
        loader.dispose()
    if loader.duplicates:
        raise NotSplittable("duplicate keys: report them with positions from a full parse")
    return data


#: Characters after which ``&name`` starts a node (an anchor), not text inside a scalar.
_NODE_START = frozenset(":-[{,?")
_ANCHOR_NAME_STOP = frozenset(" \t\r\n,[]{}")


def has_anchor(text: str) -> bool:
    """Whether the text may define a YAML anchor: ``&name`` where a node starts (a line's
    start, after ``: ``, ``- ``, ``[``, ``{``, ``,`` or ``?``). ``Trade & Industry`` or
    ``AT&T`` inside a scalar is not one. Cheap on anchor-free files; a false yes only costs
    speed (the whole file is then parsed at once), never correctness."""
    index = text.find("&")
    while index != -1:
        following = text[index + 1 : index + 2]
        if following and following not in _ANCHOR_NAME_STOP:
            before = index - 1
            while before >= 0 and text[before] in " \t":
                before -= 1
            if before < 0 or text[before] == "\n" or text[before] in _NODE_START:
                return True
        index = text.find("&", index + 1)
    return False


def _is_blank(line: str) -> bool:
    stripped = line.strip()
    return not stripped or stripped.startswith("#")


def split(text: str, loader_cls: type) -> dict[str, Any]:
    """The document as {key: value}, block lists of records as lazy ``RecordSlices``."""
    if text.startswith(("%", "---")) or "\n---" in text or "\n..." in text or "\n%" in text:
        raise NotSplittable("document markers or directives")
    if has_anchor(text):
        raise NotSplittable("anchors and aliases may cross slices")
    lines = text.splitlines(keepends=True)
    sections: list[tuple[str, int, int]] = []  # key, first body line, end line
    for number, line in enumerate(lines):
        if _is_blank(line) or line[0] in " \t" or (line[0] == "-" and sections):
            continue
        found = top_key(line)
        if found is None:
            raise NotSplittable(f"line {number + 1} is not a plain top-level key")
        if sections:
            sections[-1] = (sections[-1][0], sections[-1][1], number)
        sections.append((found[0], number, len(lines)))
    keys = [key for key, _, _ in sections]
    if not sections or len(set(keys)) != len(keys):
        raise NotSplittable("no sections, or a key twice")
    out: dict[str, Any] = {}
    parser = SliceParser(loader_cls)
    for key, start, end in sections:
        head = lines[start]
        if top_key(head)[1]:  # type: ignore[index]
            out[key] = _parse(head, loader_cls)[key]
            continue
        body = lines[start + 1 : end]
        first = next((line for line in body if not _is_blank(line)), None)
        if first is None:
            out[key] = None
            continue
        indent = len(first) - len(first.lstrip(" "))
        if not first[indent:].startswith(("- ", "-\n")):
            out[key] = _parse("".join(lines[start:end]), loader_cls)[key]
            continue
        slices = _slices(body, indent)
        out[key] = RecordSlices(parser, parser.add(slices), sum(n for _, n in slices))
        progress.expect(len(out[key]))
    return out


def _slices(body: list[str], indent: int) -> list[tuple[str, int]]:
    """Cut a block list's lines into slices of whole records."""
    prefix = " " * indent
    slices: list[tuple[str, int]] = []
    current: list[str] = []
    count = 0
    for line in body:
        starts_record = line.startswith(prefix) and line[indent:].startswith(("- ", "-\n"))
        outdented = len(line) - len(line.lstrip(" ")) <= indent
        if not starts_record and outdented and not _is_blank(line):
            raise NotSplittable("a line outside the list's records")
        if starts_record:
            if count == RECORDS_PER_SLICE:
                slices.append(("".join(current), count))
                current, count = [], 0
            count += 1
        current.append(line)
    if count:
        slices.append(("".join(current), count))
    return slices
