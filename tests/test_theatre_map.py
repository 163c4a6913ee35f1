"""Checks on the committed theatre map (scenarios/maps/theatre.json) and its build script."""

from __future__ import annotations

import importlib.util
import itertools
import json
from pathlib import Path

import pytest

MAPS_DIR = Path(__file__).resolve().parent.parent / "scenarios" / "maps"
MAP_PATH = MAPS_DIR / "theatre.json"
SCRIPT_PATH = MAPS_DIR / "build_theatre_map.py"

THEATRE_IDS = {"AFG", "PAK", "IND", "IRN", "CHN", "TJK", "UZB", "TKM", "KGZ", "KAZ", "RUS"}


@pytest.fixture(scope="module")
def theatre() -> dict:
    with MAP_PATH.open(encoding="utf-8") as fh:
        return json.load(fh)


@pytest.fixture(scope="module")
def regions(theatre: dict) -> dict[str, dict]:
    return {r["id"]: r for r in theatre["regions"]}


def point_in_ring(lon: float, lat: float, ring: list[list[float]]) -> bool:
    """Even-odd ray casting (ray towards +lon)."""
    inside = False
    for (x1, y1), (x2, y2) in itertools.pairwise(ring):
        if (y1 > lat) != (y2 > lat):
            x_cross = x1 + (lat - y1) * (x2 - x1) / (y2 - y1)
            if lon < x_cross:
                inside = not inside
    return inside


def point_in_region(lon: float, lat: float, region: dict) -> bool:
    return any(point_in_ring(lon, lat, ring) for ring in region["polygons"])


def test_point_in_ring_helper() -> None:
    square = [[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]
    assert point_in_ring(1, 1, square)
    assert not point_in_ring(3, 1, square)
    assert not point_in_ring(1, -1, square)


def test_header(theatre: dict) -> None:
    assert theatre["id"] == "south-central-asia"
    assert theatre["name"] == "South and Central Asia"
    assert "Natural Earth" in theatre["source"]
    assert "public domain" in theatre["source"]
    assert "illustrative" in theatre["note"]
    assert theatre["frame"] == {"lon_min": 44, "lat_min": 18, "lon_max": 98, "lat_max": 50}


def test_file_size() -> None:
    assert MAP_PATH.stat().st_size < 250 * 1024


def test_regions_sorted_and_unique(theatre: dict) -> None:
    ids = [r["id"] for r in theatre["regions"]]
    assert ids == sorted(ids)
    assert len(ids) == len(set(ids))


def test_theatre_countries_present(regions: dict[str, dict]) -> None:
    assert set(regions) >= THEATRE_IDS
    for rid, region in regions.items():
        expected = "theatre" if rid in THEATRE_IDS else "context"
        assert region["role"] == expected, rid
        assert region["name"]
        assert region["polygons"], rid


def test_coordinates_inside_frame(theatre: dict) -> None:
    f = theatre["frame"]
    for region in theatre["regions"]:
        for ring in region["polygons"]:
            for lon, lat in ring:
                assert f["lon_min"] <= lon <= f["lon_max"], (region["id"], lon, lat)
                assert f["lat_min"] <= lat <= f["lat_max"], (region["id"], lon, lat)


def test_rings_closed_and_not_degenerate(theatre: dict) -> None:
    for region in theatre["regions"]:
        for ring in region["polygons"]:
            assert len(ring) >= 4, region["id"]
            assert ring[0] == ring[-1], region["id"]
            assert all(len(p) == 2 for p in ring)
            # coordinates rounded to 3 decimals
            assert all(round(c, 3) == c for p in ring for c in p)


@pytest.mark.parametrize(
    ("rid", "lon", "lat"),
    [
        ("AFG", 69.17, 34.53),  # Kabul
        ("PAK", 73.05, 33.68),  # Islamabad
        ("IRN", 51.39, 35.69),  # Tehran
        ("IND", 77.21, 28.61),  # New Delhi
        ("CHN", 75.99, 39.47),  # Kashgar
        ("TJK", 68.78, 38.56),  # Dushanbe
        ("UZB", 69.24, 41.30),  # Tashkent
        ("KGZ", 74.59, 42.87),  # Bishkek
        ("TKM", 58.38, 37.95),  # Ashgabat
        ("KAZ", 76.95, 43.24),  # Almaty
    ],
)
def test_capitals_inside_their_country(
    regions: dict[str, dict], rid: str, lon: float, lat: float
) -> None:
    assert point_in_region(lon, lat, regions[rid])
    others = [oid for oid, r in regions.items() if oid != rid and point_in_region(lon, lat, r)]
    assert others == []


# --- the build script on a tiny synthetic topology (no network, no npm) ---


@pytest.fixture(scope="module")
def builder():
    spec = importlib.util.spec_from_file_location("build_theatre_map", SCRIPT_PATH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _toy_topology() -> dict:
    # Two unit squares side by side sharing arc 0 (the x=60 edge), quantized with
    # scale 1 and translate (50, 20) so quantized (10, 0) is lon 60, lat 20.
    return {
        "type": "Topology",
        "transform": {"scale": [1, 1], "translate": [50, 20]},
        "arcs": [
            [[10, 0], [0, 10]],  # shared edge: (60,20) -> (60,30)
            # rest of the west square: (60,30) -> (50,30) -> (50,20) -> (60,20)
            [[10, 10], [-10, 0], [0, -10], [10, 0]],
            # rest of the east square: (60,20) -> (70,20) -> (70,30) -> (60,30)
            [[10, 0], [10, 0], [0, 10], [-10, 0]],
            [[-20, -20], [100, 0], [0, 5], [-100, 0], [0, -5]],  # far south-west, outside frame
        ],
        "objects": {
            "countries": {
                "type": "GeometryCollection",
                "geometries": [
                    {
                        "type": "Polygon",
                        "id": "004",
                        "properties": {"name": "Afghanistan"},
                        "arcs": [[0, 1]],
                    },
                    {
                        "type": "MultiPolygon",
                        "id": "586",
                        "properties": {"name": "Pakistan"},
                        "arcs": [[[2, -1]]],
                    },
                    {
                        "type": "Polygon",
                        "id": "144",
                        "properties": {"name": "Sri Lanka"},
                        "arcs": [[3]],
                    },
                    {
                        "type": "Polygon",
                        "id": "250",
                        "properties": {"name": "France"},
                        "arcs": [[1, 0]],
                    },
                ],
            }
        },
    }


def test_build_toy_topology(builder) -> None:
    out = builder.build(_toy_topology(), tolerance=0.0)
    ids = [r["id"] for r in out["regions"]]
    assert ids == ["AFG", "PAK"]  # LKA clipped away entirely, France not selected
    afg, pak = out["regions"]
    assert afg["role"] == "theatre" and afg["name"] == "Afghanistan"
    (ring,) = afg["polygons"]
    assert ring[0] == ring[-1]
    assert ring == [[60.0, 20.0], [60.0, 30.0], [50.0, 30.0], [50.0, 20.0], [60.0, 20.0]]
    (pring,) = pak["polygons"]
    assert {tuple(p) for p in pring} == {(60.0, 20.0), (70.0, 20.0), (70.0, 30.0), (60.0, 30.0)}
    assert list(out) == ["id", "name", "source", "note", "frame", "regions"]


def test_clip_ring_to_frame(builder) -> None:
    ring = [(40.0, 40.0), (60.0, 40.0), (60.0, 60.0), (40.0, 60.0), (40.0, 40.0)]
    clipped = builder.finish_ring(builder.clip_ring(ring, builder.FRAME))
    assert clipped is not None
    assert {tuple(p) for p in clipped} == {(44.0, 40.0), (60.0, 40.0), (60.0, 50.0), (44.0, 50.0)}
    assert clipped[0] == clipped[-1]
    outside = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 0.0)]
    assert builder.finish_ring(builder.clip_ring(outside, builder.FRAME)) is None


def test_douglas_peucker(builder) -> None:
    line = [(0.0, 0.0), (1.0, 0.01), (2.0, 0.0), (3.0, 1.0)]
    assert builder.douglas_peucker(line, 0.03) == [(0.0, 0.0), (2.0, 0.0), (3.0, 1.0)]
    assert builder.douglas_peucker(line, 0.0) == line
