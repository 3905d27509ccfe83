"""`sahel export geojson`: an RFC 7946 map layer of the located events, and the coordinate rules."""

from __future__ import annotations

import json
from pathlib import Path

import geojson
import pytest
from conftest import FIXTURES, Invoke, run_sahel

GEO = str(FIXTURES / "geo.yaml")


def layer(invoke: Invoke, *args: str) -> dict[str, object]:
    result = invoke("--data", GEO, *args, "export", "geojson")
    assert result.exit_code == 0, result.output
    parsed = json.loads(result.stdout)
    assert isinstance(parsed, dict)
    return parsed


def test_the_layer_is_valid_rfc_7946_and_round_trips_the_coordinates(invoke: Invoke) -> None:
    document = layer(invoke)
    parsed = geojson.loads(json.dumps(document))
    assert parsed.is_valid, parsed.errors()
    assert parsed["type"] == "FeatureCollection"
    points = {f["id"]: f["geometry"]["coordinates"] for f in parsed["features"]}
    assert points == {"niamey": [2.1098, 13.51366], "tillaberi": [1.5, 14.5]}  # longitude first
    assert document["bbox"] == [1.5, 13.51366, 2.1098, 14.5]
    assert document["sahel_unlocated"] == 1


def test_features_carry_what_a_gis_filters_on(invoke: Invoke) -> None:
    features = {f["id"]: f for f in layer(invoke)["features"]}  # type: ignore[attr-defined]
    niamey = features["niamey"]["properties"]
    assert niamey["date"] == "2023-07-26"
    assert niamey["actors"] == ["cnsp"]
    assert niamey["actor_names"] == ["National Council for the Safeguard of the Homeland"]
    assert niamey["tags"] == ["coup"]
    assert niamey["source_urls"] == ["https://example.org/1"]
    assert niamey["location_precision"] == "town"
    assert "\x1b" not in niamey["title"]  # an escape sequence in the data is shown, inert
    assert features["tillaberi"]["properties"]["fatalities"] == 17


def test_filters_and_as_of_apply(invoke: Invoke) -> None:
    early = layer(invoke, "--as-of", "2023-08-01")
    assert [f["id"] for f in early["features"]] == ["niamey"]  # type: ignore[attr-defined]
    result = invoke("--data", GEO, "export", "geojson", "--tag", "attack")
    assert [f["id"] for f in json.loads(result.stdout)["features"]] == ["tillaberi"]


def test_written_to_a_file_atomically(tmp_path: Path) -> None:
    target = tmp_path / "layer.geojson"
    done = run_sahel("--data", GEO, "export", "geojson", "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert geojson.loads(target.read_text()).is_valid
    again = run_sahel("--data", GEO, "export", "geojson", "-o", str(target))
    assert again.returncode == 2 and b"--force" in again.stderr


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ("    latitude: 13.5\n", "latitude without longitude"),
        ("    longitude: 2.1\n", "longitude without latitude"),
        ("    location_precision: town\n", "location_precision without latitude and longitude"),
        ("    latitude: 13.5\n    longitude: 2.1\n    location_precision: village\n", "village"),
        ("    latitude: 91\n    longitude: 2.1\n", "latitude"),
    ],
)
def test_coordinates_are_validated(tmp_path: Path, fields: str, message: str) -> None:
    text = (FIXTURES / "geo.yaml").read_text()
    marker = "  - id: nowhere\n"
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace(marker, marker + fields))
    done = run_sahel("--data", str(bad), "validate")
    assert done.returncode != 0
    err = done.stderr.decode() + done.stdout.decode()
    assert message in err
    assert "events[2]" in err


@pytest.mark.parametrize("cache", [[], ["--no-cache"]], ids=["index", "memory"])
def test_timeline_near_a_place_or_a_point(invoke: Invoke, cache: list[str]) -> None:
    def ids(*args: str) -> list[str]:
        result = invoke("--data", GEO, *cache, "timeline", *args, "-f", "json")
        assert result.exit_code == 0, result.output
        return [e["id"] for e in json.loads(result.stdout)]

    assert ids("--near", "Niamey") == ["niamey"]  # 50 km by default
    assert ids("--near", "niamey", "--km", "200") == ["niamey", "tillaberi"]  # ~128 km apart
    assert ids("--near", "14.5,1.5", "--km", "1") == ["tillaberi"]
    assert ids("--near", "Niamey", "--km", "200", "--limit", "1", "--reverse") == ["tillaberi"]


def test_timeline_near_errors() -> None:
    unknown = run_sahel("--data", GEO, "timeline", "--near", "Atlantis")
    assert (
        unknown.returncode == 1 and b"no event with coordinates is at 'Atlantis'" in unknown.stderr
    )
    bad = run_sahel("--data", GEO, "timeline", "--near", "95,1")
    assert bad.returncode == 2 and b"out of range" in bad.stderr
    alone = run_sahel("--data", GEO, "timeline", "--km", "5")
    assert alone.returncode == 2 and b"--km needs --near" in alone.stderr
