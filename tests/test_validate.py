"""`sahel validate` and the loader: the bundled dataset, every kind of bad input, merging."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, Invoke, run_sahel

from sahelcli.errors import DatasetError
from sahelcli.load import load_documents
from sahelcli.schema import dataset_schema
from sahelcli.validate import load_dataset, validate_documents

BAD = FIXTURES / "bad"
POSITION = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): ", re.MULTILINE)

# fixture -> (exit code, text expected on stderr, field path or None, has a line:column)
CASES = {
    "syntax.yaml": (3, "YAML syntax error", None, True),
    "tabs.yaml": (3, "indent with spaces, not tabs", None, True),
    "empty.yaml": (3, "file is empty", None, False),
    "top_level_list.yaml": (3, "the top level is a list (expected a mapping", None, True),
    "python_tag.yaml": (3, "python/object/apply:os.system' is not allowed", None, True),
    "unknown_tag.yaml": (3, "tag '!include' is not allowed", None, True),
    "not_utf8.yaml": (3, "not UTF-8 text (byte 0xe9", None, True),
    "deep.yaml": (3, "nesting depth", None, True),
    "alias_bomb.yaml": (3, "alias bomb", None, False),
    "missing_field.yaml": (3, "missing required field 'title'", "events[0]", True),
    "wrong_type.yaml": (3, "expected text, got a boolean (false)", "events[0].title", True),
    "unknown_field.yaml": (3, "did you mean 'title'?", "events[0].titel", True),
    "duplicate_id.yaml": (3, "duplicate event id 'coup'", "events[1].id", True),
    "dangling_ref.yaml": (3, "unknown actor id 'wagnr' (hint: did you mean 'wagner'?)", None, True),
    "impossible_date.yaml": (3, "'2023-02-30' is not a real date", "events[0].date", True),
    "expires_before_issued.yaml": (3, "is not after issued", "deadlines[0].expires", True),
    "duplicate_key.yaml": (3, "duplicate key 'title'", None, True),
    "no_sources.yaml": (3, "expected at least one source", "events[0].sources", True),
}


def test_bundled_dataset_is_valid(invoke: Invoke) -> None:
    result = invoke("validate")
    assert result.exit_code == 0, result.stderr
    assert ": valid (" in result.stdout
    assert re.search(r"\d+ actors, \d+ events, \d+ claims, \d+ deadlines", result.stdout)


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input(invoke: Invoke, name: str) -> None:
    code, message, path, positioned = CASES[name]
    result = invoke("validate", str(BAD / name))
    assert result.exit_code == code
    assert result.stdout == ""
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert str(BAD / name) in result.stderr
    if path:
        assert f": {path}: " in result.stderr
    if positioned:
        assert POSITION.search(result.stderr), result.stderr


def test_all_bad_fixtures_have_a_case() -> None:
    assert {p.name for p in BAD.glob("*.yaml")} == set(CASES)


def test_position_points_at_the_field(invoke: Invoke) -> None:
    result = invoke("validate", str(BAD / "impossible_date.yaml"))
    assert f"{BAD / 'impossible_date.yaml'}:3:11: events[0].date:" in result.stderr


def test_python_tag_is_never_constructed(invoke: Invoke, tmp_path: Path) -> None:
    marker = Path("/tmp/sahel-pwned")
    marker.unlink(missing_ok=True)
    invoke("validate", str(BAD / "python_tag.yaml"))
    assert not marker.exists()


def test_missing_path(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("validate", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 4
    assert "no such file or folder" in result.stderr


def test_unreadable_path(invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "locked.yaml"
    target.write_text("events: []\n")

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    result = invoke("validate", str(target))
    assert result.exit_code == 4
    assert "cannot read: Permission denied" in result.stderr


def test_all_problems_reported_in_one_pass(invoke: Invoke, tmp_path: Path) -> None:
    bad = tmp_path / "many.yaml"
    bad.write_text(
        "events:\n"
        "  - id: Bad_Id\n    date: 2023-13-01\n    title: x\n    sources: []\n"
        "  - id: ok\n    date: 2023-01-01\n    title: y\n    colour: red\n"
        "    sources: [{publisher: P, title: T, date: 2023-01-01, url: 'ftp://x'}]\n"
    )
    result = invoke("validate", str(bad))
    assert result.exit_code == 3
    for expected in ("not a valid id", "month 13", "at least one source", "'colour'", "not a URL"):
        assert expected in result.stderr
    assert "5 problems" in result.stderr


def test_folder_merges_files_and_ids_are_unique_across_them(invoke: Invoke, tmp_path: Path) -> None:
    text = (FIXTURES / "mini.yaml").read_text()
    (tmp_path / "a.yaml").write_text(text)
    result = invoke("--data", str(tmp_path), "timeline")
    assert result.exit_code == 0
    (tmp_path / "b.yaml").write_text(
        "events:\n" + text.split("events:\n", 1)[1].split("claims:")[0]
    )
    result = invoke("--data", str(tmp_path), "validate")
    assert result.exit_code == 3
    assert "duplicate event id 'coup' (first used at" in result.stderr


def test_folder_references_resolve_across_files(invoke: Invoke, tmp_path: Path) -> None:
    text = (FIXTURES / "mini.yaml").read_text()
    head, events = text.split("events:\n", 1)
    (tmp_path / "1-actors.yaml").write_text(head)
    (tmp_path / "2-events.yaml").write_text("events:\n" + events)
    result = invoke("validate", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert "2 files" in result.stdout


def test_sahel_data_environment_variable(invoke: Invoke, mini: Path) -> None:
    result = invoke("timeline", env={"SAHEL_DATA": str(mini)})
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 4


def test_pure_python_and_c_loader_agree() -> None:
    for path in [FIXTURES / "mini.yaml", ROOT / "data" / "events.yaml"]:
        fast = validate_documents(load_documents(path))
        slow = validate_documents(load_documents(path, pure_python=True))
        assert fast == slow
    for path in sorted(BAD.glob("*.yaml")):
        outcomes = []
        for pure in (False, True):
            try:
                load_dataset(path, pure_python=pure)
                outcomes.append(None)
            except DatasetError as exc:
                outcomes.append([(p.path, p.line is not None) for p in exc.problems])
        assert outcomes[0] is not None and outcomes[1] is not None, path


def test_loading_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "data.yaml"
    target.write_bytes((FIXTURES / "mini.yaml").read_bytes())
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in tmp_path.iterdir()}
    load_dataset(target)
    after = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in tmp_path.iterdir()}
    assert before == after


def test_yaml_one_one_pitfalls(invoke: Invoke, tmp_path: Path) -> None:
    bad = tmp_path / "pitfalls.yaml"
    bad.write_text(
        "actors:\n  - {id: norway, name: Norway, kind: state, country: NO}\n"
        "  - {id: v, name: 1.10, kind: person}\n"
    )
    result = invoke("validate", str(bad))
    assert "actors[0].country: expected text, got a boolean (false)" in result.stderr
    assert "actors[1].name: expected text, got a number (1.1)" in result.stderr
    assert "quote it" in result.stderr


def test_real_subprocess_reports_on_stderr() -> None:
    proc = run_sahel("validate", str(BAD / "impossible_date.yaml"))
    assert proc.returncode == 3
    assert proc.stdout == b""
    assert b"events[0].date: '2023-02-30' is not a real date" in proc.stderr


def test_json_schema_file_is_in_sync() -> None:
    on_disk = json.loads((ROOT / "docs" / "dataset.schema.json").read_text())
    assert on_disk == dataset_schema(), "run: sahel schema > docs/dataset.schema.json"


def test_json_schema_accepts_the_mini_fixture() -> None:
    schema = dataset_schema()
    assert set(schema["$defs"]["event"]["required"]) == {"id", "date", "title", "sources"}
    assert schema["$defs"]["claim"]["properties"]["grade"]["pattern"] == "^[A-F][1-6]$"


def test_format_reference_documents_every_field() -> None:
    from sahelcli.model import SECTIONS, Meta, Outcome, Source, yaml_fields

    doc = (ROOT / "docs" / "dataset.md").read_text()
    for cls in (*SECTIONS.values(), Meta, Outcome, Source):
        for field in yaml_fields(cls):
            assert f"`{field.name}`" in doc, f"{cls.__name__}.{field.name} is not documented"
