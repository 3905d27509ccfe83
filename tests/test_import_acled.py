"""`sahel import acled`: ACLED CSV exports to a dataset file that validates and merges."""

from __future__ import annotations

import datetime as dt
import shutil
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import FIXTURES, ROOT, SHARED_FIXTURES, Invoke, run_sahel
from hypothesis import given, settings
from hypothesis import strategies as st

from sahelcli.importers import dump_yaml, slug
from sahelcli.importers.acled import RowError, inter_code, parse_date

ACLED = FIXTURES / "acled"
REAL = SHARED_FIXTURES / "acled"
BUNDLED = ROOT / "data" / "events.yaml"


def real(name: str) -> Path:
    path = REAL / name
    if not path.exists():
        pytest.skip(f"real ACLED sample not present: {path}")
    return path


def do_import(invoke: Invoke, csv: Path, out: Path, *extra: str) -> Any:
    return invoke("import", "acled", str(csv), "-o", str(out), *extra)


def load(path: Path) -> dict[str, Any]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader: big files are slow
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)
    assert isinstance(data, dict)
    return data


def by_id(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in records}


# --- values -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "year", "expected"),
    [
        ("2023-07-26", "", dt.date(2023, 7, 26)),
        ("26 July 2023", "", dt.date(2023, 7, 26)),
        ("01 March 2023", "2023", dt.date(2023, 3, 1)),
        ("9-May-20", "2020", dt.date(2020, 5, 9)),
        ("27-Apr-20", "", dt.date(2020, 4, 27)),
        ("3-Dec-97", "1997", dt.date(1997, 12, 3)),
        ("1 Sept 2023", "", dt.date(2023, 9, 1)),
        ("July 26, 2023", "", dt.date(2023, 7, 26)),
    ],
)
def test_date_forms(text: str, year: str, expected: dt.date) -> None:
    assert parse_date(text, year) == expected


@pytest.mark.parametrize("text", ["31 February 2023", "26/07/2023", "yesterday", "26 Jly 2023"])
def test_bad_dates(text: str) -> None:
    with pytest.raises(RowError, match="event_date"):
        parse_date(text)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("1", 1),
        ("2", 2),
        ("8", 8),
        ("0", None),
        ("", None),
        ("State forces", 1),
        ("Rebel group", 2),
        ("Political militia", 3),
        ("Identity militia", 4),
        ("Rioters", 5),
        ("Protesters", 6),
        ("Civilians", 7),
        ("External/Other forces", 8),
    ],
)
def test_inter_codes(value: str, code: int | None) -> None:
    assert inter_code(value) == code


def test_slug() -> None:
    assert slug("NER1234") == "ner1234"
    assert slug("Military Forces of Niger (2021-)") == "military-forces-of-niger-2021"
    assert slug("Tillabéri") == "tillaberi"


@settings(max_examples=300, deadline=None)
@given(st.text(), st.lists(st.text(max_size=5), max_size=3), st.floats(allow_nan=False))
def test_yaml_writer_round_trips(text: str, items: list[str], number: float) -> None:
    doc = {"events": [{"id": "x", "text": text, "list": items, "n": number, "k": 3}]}
    assert yaml.safe_load(dump_yaml(doc)) == doc


# --- the hand-made fixtures ---------------------------------------------------------------------


def test_import_small_fixture(invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "acled.yaml"
    result = do_import(invoke, ACLED / "acled_small.csv", out)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "" and result.stderr == ""  # not a terminal: no progress, no chatter
    check = invoke("validate", str(out))
    assert check.exit_code == 0, check.stderr
    data = load(out)
    events = by_id(data["events"])
    assert list(events) == ["acled-ner1001", "acled-ner1002", "acled-ner1003", "acled-ner1004"]

    clash = events["acled-ner1001"]
    assert clash["date"] == "2023-07-26"
    assert clash["title"] == "Battles: Armed clash in Tillabéri"
    assert clash["summary"] == (
        'Clash near Tillabéri, Niger; soldiers said "several" attackers were killed.\n'
        "A second paragraph on a new line."
    )
    assert clash["tags"] == ["battles", "armed-clash", "political-violence", "acled"]
    assert clash["location"] == "Tillabéri, Niger"
    assert (clash["fatalities"], clash["latitude"], clash["longitude"]) == (5, 14.2, 1.45)
    assert clash["location_precision"] == "town"  # ACLED geo_precision 1
    assert clash["actors"] == [
        "acled-military-forces-of-niger-2021",
        "acled-jnim-group-for-support-of-islam-and-muslims",
    ]
    assert [s["publisher"] for s in clash["sources"]] == ["RFI", "Reuters"]
    source = clash["sources"][0]
    assert source["title"] == "ACLED event NER1001"
    assert source["date"] == "2023-07-26"
    assert source["url"] == "https://acleddata.com/data-export-tool/"
    assert "no article URL" in clash["note"]

    protest = events["acled-ner1002"]
    assert protest["date"] == "2023-07-27"
    assert "time precision 2" in protest["note"]
    assert "ACLED tags: crowd size=thousands" in protest["note"]
    assert protest["actors"] == [
        "acled-protesters-niger",
        "acled-students-niger",
        "acled-women-niger",
    ]

    month = events["acled-ner1003"]
    assert month["date"] == "2023-08"  # time_precision 3: the month only
    assert "only the month" in month["note"]
    assert "civilian-targeting" in month["tags"]
    assert "political-violence" in month["tags"] and "demonstrations" in month["tags"]
    assert [s["publisher"] for s in month["sources"]] == ["ACLED"]  # no source column value
    assert "summary" not in month

    actors = by_id(data["actors"])
    assert actors["acled-military-forces-of-niger-2021"]["kind"] == "military-unit"
    assert actors["acled-jnim-group-for-support-of-islam-and-muslims"]["kind"] == "armed-group"
    assert actors["acled-unidentified-armed-group-niger"]["kind"] == "armed-group"
    assert actors["acled-protesters-niger"]["kind"] == "organisation"
    assert actors["acled-civilians-niger"]["kind"] == "organisation"
    assert actors["acled-wagner-group"]["name"] == "Wagner Group"


def test_semicolon_separated_with_textual_inter_codes(invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "bf.yaml"
    result = do_import(invoke, ACLED / "acled_semicolon.csv", out)
    assert result.exit_code == 0, result.stderr
    assert invoke("validate", str(out)).exit_code == 0
    data = load(out)
    events = by_id(data["events"])
    first = events["acled-bfo2001"]
    assert first["latitude"] == 14.1022 and first["longitude"] == -1.6306  # decimal commas
    assert [s["publisher"] for s in first["sources"]] == ["Le Faso", "AIB (Burkina Faso)"]
    assert events["acled-bfo2002"]["date"] == "2023-10-02"
    kinds = {a["id"]: a["kind"] for a in data["actors"]}
    assert kinds["acled-military-forces-of-burkina-faso-2022"] == "military-unit"
    assert kinds["acled-jnim-group-for-support-of-islam-and-muslims"] == "armed-group"
    assert kinds["acled-protesters-burkina-faso"] == "organisation"


def test_old_format_with_upper_case_headers(invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "old.yaml"
    result = do_import(invoke, ACLED / "acled_oldformat.csv", out)
    assert result.exit_code == 0, result.stderr
    assert invoke("validate", str(out)).exit_code == 0
    events = by_id(load(out)["events"])
    assert list(events) == ["acled-ner1201", "acled-ner1202"]  # iso3 + event_id_no_cnty
    first = events["acled-ner1201"]
    assert first["date"] == "2018-10-27"
    assert first["title"] == "Battle-No change of territory in Tondikiwindi"
    assert first["tags"] == ["battle-no-change-of-territory", "acled"]


def test_bad_rows_stop_the_import(invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "bad.yaml"
    bad = ACLED / "acled_bad.csv"
    result = do_import(invoke, bad, out)
    assert result.exit_code == 3
    lines = result.stderr.splitlines()
    assert f"{bad}:3: event_date '31 February 2023' is not a real date" in lines
    assert f"{bad}:4: missing event id (event_id_cnty is empty)" in lines
    assert f"{bad}:5: latitude 'north' is not a number" in lines
    assert "3 bad rows" in result.stderr and "--skip-bad" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_skip_bad_imports_the_rest(invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "bad.yaml"
    result = do_import(invoke, ACLED / "acled_bad.csv", out, "--skip-bad")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("(skipped)") == 3
    assert "skipped 3 bad rows of 5" in result.stderr
    assert [e["id"] for e in load(out)["events"]] == ["acled-ner1002", "acled-ner1013"]
    assert invoke("validate", str(out)).exit_code == 0


def test_truncated_file(invoke: Invoke, tmp_path: Path) -> None:
    cut = ACLED / "acled_truncated.csv"
    result = do_import(invoke, cut, tmp_path / "t.yaml")
    assert result.exit_code == 3
    assert f"{cut}:3: row has 11 fields, the header 31 (the file looks cut off)" in result.stderr
    result = do_import(invoke, cut, tmp_path / "t.yaml", "--skip-bad")
    assert result.exit_code == 0
    assert [e["id"] for e in load(tmp_path / "t.yaml")["events"]] == ["acled-ner1002"]


def test_existing_output_needs_force(invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "acled.yaml"
    out.write_text("precious\n")
    result = do_import(invoke, ACLED / "acled_small.csv", out)
    assert result.exit_code == 2
    assert "already exists" in result.stderr
    assert out.read_text() == "precious\n"
    result = do_import(invoke, ACLED / "acled_small.csv", out, "--force")
    assert result.exit_code == 0, result.stderr
    assert "acled-ner1001" in out.read_text()
    assert [p.name for p in tmp_path.iterdir()] == ["acled.yaml"]


def test_stdout_when_no_output_file(invoke: Invoke) -> None:
    result = invoke("import", "acled", str(ACLED / "acled_small.csv"))
    assert result.exit_code == 0, result.stderr
    data = yaml.safe_load(result.stdout)
    assert len(data["events"]) == 4


def test_input_errors(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("import", "gdelt", str(ACLED / "acled_small.csv"))
    assert result.exit_code == 2
    assert "unknown import source 'gdelt'" in result.stderr
    result = invoke("import", "acled", str(tmp_path / "missing.csv"))
    assert result.exit_code == 4
    assert "missing.csv" in result.stderr
    not_acled = tmp_path / "other.csv"
    not_acled.write_text("name,date\nx,2023-01-01\n")
    result = invoke("import", "acled", str(not_acled))
    assert result.exit_code == 3
    assert "missing column(s) event_date, event_type, event_id_cnty" in result.stderr
    latin = tmp_path / "latin.csv"
    latin.write_bytes((ACLED / "acled_small.csv").read_bytes().replace("é".encode(), b"\xe9"))
    result = invoke("import", "acled", str(latin))
    assert result.exit_code == 3
    assert "not UTF-8" in result.stderr
    for text in (result.stderr,):
        assert "Traceback" not in text


def test_imported_file_merges_with_the_bundled_dataset(invoke: Invoke, tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(BUNDLED, folder / "events.yaml")
    assert do_import(invoke, ACLED / "acled_small.csv", folder / "acled.yaml").exit_code == 0
    result = invoke("--data", str(folder), "validate")
    assert result.exit_code == 0, result.stderr
    timeline = invoke("--data", str(folder), "timeline", "--tag", "acled", "-f", "json")
    assert timeline.exit_code == 0, timeline.stderr
    assert "acled-ner1001" in timeline.stdout
    # the bundled dataset's meta still rules (the imported file has none)
    assert invoke("--data", str(folder), "brief", "-f", "md").stdout.count("Niger crisis") >= 1


def test_real_process_import_then_validate(tmp_path: Path) -> None:
    out = tmp_path / "acled.yaml"
    proc = run_sahel("import", "acled", str(ACLED / "acled_semicolon.csv"), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == b""  # stderr is a pipe: no progress bar
    proc = run_sahel("validate", str(out))
    assert proc.returncode == 0, proc.stderr
    assert b"valid (3 actors, 2 events" in proc.stdout


# --- the real ACLED samples (read in place, never copied) ---------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "acled_2024-11_newformat_textual_inter_2rows.csv",
        "acled_afghanistan_2020_midformat.csv",
        "acled_burkina_faso_1997-01-01_2020-12-10_midformat.csv",
        "acled_g5sahel_1900-01-01_2018-11-05_oldformat.csv",
    ],
)
def test_real_samples_import_and_validate(invoke: Invoke, tmp_path: Path, name: str) -> None:
    out = tmp_path / "real.yaml"
    result = do_import(invoke, real(name), out)
    assert result.exit_code == 0, result.stderr
    check = invoke("validate", str(out))
    assert check.exit_code == 0, check.stderr


def test_real_textual_inter_codes(invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "new.yaml"
    assert (
        do_import(invoke, real("acled_2024-11_newformat_textual_inter_2rows.csv"), out).exit_code
        == 0
    )
    kinds = {a["name"]: a["kind"] for a in load(out)["actors"]}
    assert kinds["Settlers (Israel)"] == "armed-group"  # Political militia
    assert kinds["Protesters (Yemen)"] == "organisation"
    events = load(out)["events"]
    assert events[0]["date"] == "2024-11-01"
    assert (
        events[0]["title"]
        == "Strategic developments: Looting/property destruction in Shi'b Al Batim"
    )


def test_real_excel_dates_file_with_a_cut_row(invoke: Invoke, tmp_path: Path) -> None:
    sample = real("acled_global_2020-04-27_2020-05-09_excel_dates.csv")
    out = tmp_path / "global.yaml"
    result = do_import(invoke, sample, out)
    assert result.exit_code == 3
    assert "Traceback" not in result.stderr
    assert f"{sample}:243: missing event id" in result.stderr
    assert f"{sample}:5072: incomplete row" in result.stderr
    assert "cut off" in result.stderr
    assert not out.exists()
    result = do_import(invoke, sample, out, "--skip-bad")
    assert result.exit_code == 0, result.stderr
    events = load(out)["events"]
    assert len(events) == 5071 - 2
    assert by_id(events)["acled-isr1786"]["date"] == "2020-05-09"  # from 9-May-20


def test_real_mali_file_imports_and_validates_quickly(invoke: Invoke, tmp_path: Path) -> None:
    sample = real("acled_mali_2015-01-01_2023-03-01_modern.csv")
    out = tmp_path / "mali.yaml"
    started = time.perf_counter()
    result = do_import(invoke, sample, out)
    assert result.exit_code == 0, result.stderr
    check = invoke("validate", str(out))
    elapsed = time.perf_counter() - started
    assert check.exit_code == 0, check.stderr
    assert "7293 events" in check.stdout
    assert elapsed < 15  # about 2 s here
    data = load(out)
    wagner = [a for a in data["actors"] if a["name"] == "Wagner Group"]
    assert wagner and wagner[0]["id"] == "acled-wagner-group"
    events = by_id(data["events"])
    assert events["acled-mli8281"]["date"] == "2023-03-01"
    precision = {e["date"].count("-") for e in data["events"]}
    assert precision == {1, 2}  # time_precision 3 rows are month-precision
