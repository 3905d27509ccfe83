"""Actors in time: no actor before it existed, no role before it was taken (issue 13)."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import Invoke

DATED = {
    "    aliases: [CNSP, junta]\n": '    aliases: [CNSP, junta]\n    since: "2023-07-28"\n',
    "    aliases: [Tchiani, Omar Tchiani]\n": (
        "    aliases: [Tchiani, Omar Tchiani]\n"
        "    role: Head of the junta\n"
        "    roles:\n"
        '      - {text: Commander of the presidential guard, since: "2011", until: "2023-07-27"}\n'
        '      - {text: Head of the CNSP junta and of state, since: "2023-07-28"}\n'
    ),
}


def dated(tmp_path: Path, mini: Path) -> Path:
    text = mini.read_text()
    for old, new in DATED.items():
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "dated.yaml"
    path.write_text(text)
    return path


def test_actors_not_yet_in_being_are_left_out(invoke: Invoke, tmp_path: Path, mini: Path) -> None:
    data = str(dated(tmp_path, mini))
    before = json.loads(
        invoke("--data", data, "--as-of", "2023-07-01", "-f", "json", "actors").stdout
    )
    assert "cnsp" not in {a["id"] for a in before}
    after = json.loads(
        invoke("--data", data, "--as-of", "2023-08-01", "-f", "json", "actors").stdout
    )
    assert "cnsp" in {a["id"] for a in after}
    asked = invoke("--data", data, "--as-of", "2023-07-01", "actor", "cnsp")
    assert asked.exit_code == 1
    assert "did not exist yet" in asked.stderr and "28 Jul 2023" in asked.stderr


def test_a_profile_shows_the_role_held_at_the_instant(
    invoke: Invoke, tmp_path: Path, mini: Path
) -> None:
    data = str(dated(tmp_path, mini))
    early = json.loads(
        invoke("--data", data, "--as-of", "2023-07-01", "-f", "json", "actor", "tiani").stdout
    )
    assert early["role"] == "Commander of the presidential guard"
    assert [r["text"] for r in early["roles"]] == ["Commander of the presidential guard"]
    late = json.loads(
        invoke("--data", data, "--as-of", "2023-09-01", "-f", "json", "actor", "tiani").stdout
    )
    assert late["role"] == "Head of the CNSP junta and of state"
    now = json.loads(invoke("--data", data, "-f", "json", "actor", "tiani").stdout)
    assert now["role"] == "Head of the junta" and len(now["roles"]) == 2


def test_a_role_ending_before_it_begins_is_reported_with_its_position(
    invoke: Invoke, tmp_path: Path, mini: Path
) -> None:
    path = dated(tmp_path, mini)
    path.write_text(path.read_text().replace('until: "2023-07-27"', 'until: "2010-01-01"'))
    result = invoke("validate", str(path))
    assert result.exit_code == 3
    assert "actors[2].roles[0].until: is before 'since'" in result.stderr
    assert f"{path}:" in result.stderr


def test_dated_affiliations_count_only_between_their_dates(
    invoke: Invoke, tmp_path: Path, mini: Path
) -> None:
    text = (
        dated(tmp_path, mini)
        .read_text()
        .replace("    country: NE\n    affiliations: [tiani]\n", "    country: NE\n")
    )
    text = text.replace(
        "    role: Head of the junta\n",
        "    role: Head of the junta\n"
        '    affiliations: [{actor: cnsp, since: "2023-07-28"}, wagner]\n',
    )
    path = tmp_path / "affiliated.yaml"
    path.write_text(text)
    data = str(path)
    early = json.loads(
        invoke("--data", data, "--as-of", "2023-07-01", "-f", "json", "actor", "tiani").stdout
    )
    assert early["member_of"] == ["wagner"] and early["affiliations"] == ["wagner"]
    late = json.loads(
        invoke("--data", data, "--as-of", "2023-08-01", "-f", "json", "actor", "tiani").stdout
    )
    assert late["member_of"] == ["cnsp", "wagner"]
    assert late["affiliations"] == [{"actor": "cnsp", "since": "2023-07-28"}, "wagner"]
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("{actor: cnsp,", "{actor: cnps,"))
    result = invoke("validate", str(bad))
    assert (
        result.exit_code == 3 and "affiliations[0]" in result.stderr and "'cnsp'" in result.stderr
    )
