"""Read dataset files: bytes -> text -> plain YAML data, and positions for error messages.

Parsing uses PyYAML's C loader when present (same results as the pure-Python one; the tests
check both), only safe YAML, with the garbage collector paused while the document is built.
Positions are not tracked on the fast path: when validation finds a problem, the file is
parsed again with positions to say where (``locate``). Nothing here writes anything.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sahelcli.chunked import has_anchor
from sahelcli.errors import DataIOError, DatasetError, Problem
from sahelcli.files import dataset_files, display_name

try:
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

PathPart = str | int

#: Aliases may add this many values to a document whatever its size...
ALIAS_ALLOWANCE = 1_000_000
#: ...or this many times the values written out, whichever is more (an alias bomb adds
#: millions of times its own size; a file written by yaml.dump with shared lists, a fraction).
ALIAS_RATIO = 2


def alias_growth(data: Any) -> tuple[int, int]:
    """(values as written, values once aliases are expanded). Linear in the values written:
    a container met again (an alias) adds its remembered expanded size."""
    expanded_of: dict[int, int] = {}
    written = 0

    def size(value: Any) -> int:
        nonlocal written
        if not isinstance(value, (list, dict)):
            written += 1
            return 1
        key = id(value)
        if key in expanded_of:
            return expanded_of[key]
        expanded_of[key] = 1  # guards against recursive structures
        written += 1
        items = value.values() if isinstance(value, dict) else value
        total = 1 + sum(size(item) for item in items)
        expanded_of[key] = total
        return total

    expanded = size(data)
    return written, expanded


def alias_bomb(data: Any) -> bool:
    """Whether aliases add more than ALIAS_ALLOWANCE values and ALIAS_RATIO times the values
    written out (the work validation would do on them is then unbounded)."""
    written, expanded = alias_growth(data)
    return expanded - written > max(ALIAS_ALLOWANCE, ALIAS_RATIO * written)


@dataclass(frozen=True, slots=True)
class SourceDoc:
    """One parsed dataset file."""

    name: str  # the path as shown in messages
    path: Path
    text: str
    data: Any


_MERGE_TAG = "tag:yaml.org,2002:merge"


class _DuplicateKeys:
    """Mixin: remember duplicate mapping keys (PyYAML keeps the last one silently)."""

    duplicates: list[tuple[object, yaml.Mark]]

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        # Keys written in this mapping, before a merge key (`<<: *base`) adds the base's keys:
        # a key that overrides a merged one is not a duplicate.
        written = [k for k, _ in node.value if k.tag != _MERGE_TAG]
        merged = len(written) != len(node.value)
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)  # type: ignore[misc]
        if merged or len(mapping) != len(node.value):
            seen: set[object] = set()
            for key_node in written:
                key = key_node.value
                if key in seen:
                    self.duplicates.append((key, key_node.start_mark))
                seen.add(key)
        return mapping

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        # An impossible date such as 2023-02-30 would raise a bare ValueError with no position;
        # keep it as text so the validator reports it with its field path.
        try:
            return super().construct_yaml_timestamp(node)  # type: ignore[misc]
        except ValueError:
            return node.value


class FastLoader(_DuplicateKeys, _BaseLoader):
    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates = []


class PurePythonLoader(_DuplicateKeys, yaml.SafeLoader):
    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicates = []


for _loader in (FastLoader, PurePythonLoader):
    _loader.add_constructor(
        "tag:yaml.org,2002:timestamp",
        _loader.construct_yaml_timestamp,  # type: ignore[type-var]
    )


@contextmanager
def gc_paused() -> Iterator[None]:
    """Building millions of small objects triggers the cyclic GC over and over; pause it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read_text(path: Path, name: str) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataIOError([Problem(name, "", f"cannot read: {exc.strerror or exc}")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise DatasetError(
            [
                Problem(
                    name,
                    "",
                    f"not UTF-8 text (byte 0x{raw[exc.start]:02x} cannot be decoded)",
                    "save the file as UTF-8",
                    line,
                    column,
                )
            ]
        ) from None
    return text


#: Files larger than this are read a slice of records at a time (see chunked.py).
SPLIT_BYTES = 2_000_000


def parse_yaml(text: str, name: str, *, pure_python: bool = False, split: bool = True) -> Any:
    """Parse one YAML document safely; raise DatasetError with a position on any failure.

    A big file in the plain layout comes back with its record lists as lazy slices; any
    problem with those makes the caller parse again with ``split=False``.
    """
    if split and not pure_python and len(text) > SPLIT_BYTES and not has_anchor(text):
        from sahelcli.chunked import NotSplittable
        from sahelcli.chunked import split as split_text  # imports nothing from here

        try:
            with gc_paused():
                return split_text(text, FastLoader)
        except NotSplittable:
            pass
    loader_cls = PurePythonLoader if pure_python else FastLoader
    loader = loader_cls(text)
    try:
        with gc_paused():
            data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        raise DatasetError([_yaml_problem(exc, name, text)]) from None
    except yaml.YAMLError as exc:
        raise DatasetError([Problem(name, "", f"not valid YAML: {exc}")]) from None
    except RecursionError:
        raise DatasetError(
            [Problem(name, "", "document nested too deeply to read", "flatten the structure")]
        ) from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise DatasetError(
            [Problem(name, "", f"a value cannot be read: {exc}", "quote it, or shorten it")]
        ) from None
    finally:
        loader.dispose()
    problems = [
        Problem(
            name,
            "",
            f"duplicate key {key!r} in a mapping (the later value would silently win)",
            "remove or rename one of them",
            mark.line + 1,
            mark.column + 1,
        )
        for key, mark in loader.duplicates
    ]
    if problems:
        raise DatasetError(problems)
    try:
        bomb = has_anchor(text) and alias_bomb(data)
    except RecursionError:
        raise DatasetError(
            [Problem(name, "", "document nested too deeply to read", "flatten the structure")]
        ) from None
    if bomb:
        raise DatasetError(
            [
                Problem(
                    name,
                    "",
                    "aliases expand to far more values than the file holds (an alias bomb?)",
                    "write the values out instead of nesting aliases",
                )
            ]
        )
    return data


def _yaml_problem(exc: yaml.MarkedYAMLError, name: str, text: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    what = " ".join(part for part in (exc.context, exc.problem) if part)
    line = mark.line + 1 if mark else None
    column = mark.column + 1 if mark else None
    if isinstance(exc, yaml.constructor.ConstructorError) and "unhashable key" in what:
        return Problem(
            name,
            "",
            "a mapping key is a list or a mapping (keys are field names)",
            "write the key as plain text",
            line,
            column,
        )
    if isinstance(exc, yaml.constructor.ConstructorError):
        found = re.search(r"tag '([^']*)'", what)
        tag = found.group(1) if found else what
        return Problem(
            name,
            "",
            f"tag {tag!r} is not allowed",
            "only plain YAML is read: remove the tag",
            line,
            column,
        )
    hint = None
    at_mark = text[mark.index] if mark and 0 <= mark.index < len(text) else ""
    if at_mark == "\t" or "\\t" in what:
        what = "a tab character where indentation or a value belongs"
        hint = "indent with spaces, not tabs"
    elif "nesting depth" in what:
        hint = "flatten the structure"
    elif "mapping values are not allowed" in what:
        hint = "quote a value that contains ': '"
    return Problem(name, "", f"YAML syntax error: {what}", hint, line, column)


def load_documents(path: Path, *, pure_python: bool = False, split: bool = True) -> list[SourceDoc]:
    """Parse every file of a dataset path. All files are read before any error is raised."""
    problems: list[Problem] = []
    docs: list[SourceDoc] = []
    for file in dataset_files(path):
        name = display_name(file)
        try:
            text = read_text(file, name)
            if not text.strip():
                problems.append(
                    Problem(
                        name,
                        "",
                        "file is empty",
                        "a dataset is a mapping with actors, events, claims and deadlines lists",
                    )
                )
                continue
            docs.append(
                SourceDoc(
                    name, file, text, parse_yaml(text, name, pure_python=pure_python, split=split)
                )
            )
        except DatasetError as exc:
            if isinstance(exc, DataIOError):
                raise
            problems.extend(exc.problems)
    if problems:
        raise DatasetError(problems)
    return docs


def compose_positions(text: str) -> yaml.Node | None:
    """The document's node tree, which carries positions (used only to report errors; the C
    parser where present: composing a big file in pure Python took minutes)."""
    try:
        return yaml.compose(text, Loader=_BaseLoader)
    except (yaml.YAMLError, RecursionError):
        return None


def locate(
    root: yaml.Node | None, parts: Sequence[PathPart], *, key: bool = False
) -> tuple[int, int] | None:
    """Line and column (1-based) of the value at ``parts``, or of its key when ``key``.

    Walks as deep as the path exists, so a missing field points at its record.
    """
    if root is None:
        return None
    node: yaml.Node = root
    mark = node.start_mark
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if key_node.value == part:
                    mark = key_node.start_mark if (last and key) else value_node.start_mark
                    node = value_node
                    break
            else:
                break
        elif (
            isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value)
        ):
            node = node.value[part]
            mark = node.start_mark
        else:
            break
    return mark.line + 1, mark.column + 1
