"""Big files are read a slice of records at a time, with exactly the results of a whole parse."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, ROOT, Invoke
from hypothesis import given, settings
from hypothesis import strategies as st

import sahelcli.chunked as chunked
import sahelcli.load as load
from sahelcli.load import FastLoader

SCALARS = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40),
    st.integers(-5, 5000),
    st.booleans(),
    st.none(),
    st.dates().map(str),
)
RECORD = st.dictionaries(
    st.sampled_from(["id", "title", "summary", "date", "tags", "note", "n"]),
    st.one_of(SCALARS, st.lists(SCALARS, max_size=3)),
    min_size=1,
)


def materialise(value: object) -> object:
    if isinstance(value, chunked.RecordSlices):
        return list(value)
    return value


@settings(max_examples=60, deadline=None)
@given(
    sections=st.dictionaries(
        st.sampled_from(["meta", "actors", "events", "claims", "deadlines"]),
        st.one_of(st.lists(RECORD, max_size=7), RECORD, st.none()),
        min_size=1,
    ),
    style=st.sampled_from([None, False]),
    indent=st.sampled_from([2, 4]),
    per_slice=st.integers(1, 3),
)
def test_slices_equal_the_whole_document(
    sections: dict[str, object], style: bool | None, indent: int, per_slice: int
) -> None:
    text = yaml.safe_dump(
        sections,
        default_flow_style=style,
        indent=indent,
        allow_unicode=True,
        sort_keys=False,
        width=30,
    )
    whole = yaml.load(text, Loader=yaml.CSafeLoader)
    original = chunked.RECORDS_PER_SLICE
    chunked.RECORDS_PER_SLICE = per_slice
    try:
        split = chunked.split(text, FastLoader)
    except chunked.NotSplittable:
        return  # the caller then parses the whole document: nothing to compare
    finally:
        chunked.RECORDS_PER_SLICE = original
    with contextlib.suppress(chunked.NotSplittable):
        assert {k: materialise(v) for k, v in split.items()} == whole


@pytest.mark.parametrize(
    "text",
    [
        "--- \nevents: []\n",
        "events:\n  - &a {id: x}\n  - *a\n",
        '"events":\n  - {id: x}\n',
        "events:\n  - {id: x}\nevents:\n  - {id: y}\n",
        "%YAML 1.1\n---\nevents: []\n",
        "- id: x\n",
    ],
)
def test_unusual_layouts_are_not_split(text: str) -> None:
    with pytest.raises(chunked.NotSplittable):
        chunked.split(text, FastLoader)


@pytest.fixture
def split_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "SPLIT_BYTES", 0)
    monkeypatch.setattr(chunked, "RECORDS_PER_SLICE", 7)


def test_bundled_dataset_is_the_same_split_or_whole(split_everything: None) -> None:
    from sahelcli.validate import load_dataset, validate_documents

    path = ROOT / "data" / "events.yaml"
    docs = load.load_documents(path)
    assert isinstance(docs[0].data["events"], chunked.RecordSlices)
    assert load_dataset(path) == validate_documents(load.load_documents(path, split=False))


def test_errors_in_a_split_file_still_have_positions(
    split_everything: None, invoke: Invoke, tmp_path: Path
) -> None:
    text = (FIXTURES / "mini.yaml").read_text()
    bad = tmp_path / "big.yaml"
    bad.write_text(
        text.replace(
            "    title: Protests during August\n",
            "    title: Protests during August\n    title: again\n",
        )
    )
    result = invoke("validate", str(bad))
    assert result.exit_code == 3
    assert "duplicate key 'title'" in result.stderr
    line = text.splitlines().index("    title: Protests during August") + 2
    assert f"{bad}:{line}:5:" in result.stderr
    broken = tmp_path / "broken.yaml"
    broken.write_text(text.replace("    tags: [protest]\n", "    tags: [protest\n"))
    result = invoke("validate", str(broken))
    assert result.exit_code == 3
    assert "YAML syntax error" in result.stderr
    missing = tmp_path / "missing.yaml"
    missing.write_text(text.replace("    title: ECOWAS summit in Abuja\n", ""))
    result = invoke("validate", str(missing))
    assert "events[1]: missing required field 'title'" in result.stderr
    record = text.splitlines().index("  - id: summit") + 1  # where the record's mapping starts
    assert f"{missing}:{record}:5:" in result.stderr
