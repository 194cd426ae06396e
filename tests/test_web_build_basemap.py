"""Building the basemap from TopoJSON: arc decoding, ring assembly, paths in the map projection."""
from __future__ import annotations

import json

import pytest

from rasid.errors import InputError
from rasid.web.build_basemap import Transform, build, country_paths, decode_arc, ring_path, ring_points

UNIT = Transform(1.0, 1.0, 0.0, 0.0)


def test_decode_arc_accumulates_deltas():
    assert decode_arc([[10, 20], [5, -5], [0, 1]], Transform(0.5, 1.0, -180.0, -90.0)) == [
        (-175.0, -70.0), (-172.5, -75.0), (-172.5, -74.0)]


def test_ring_points_join_arcs_and_reverse_negative_indexes():
    arcs = [[(0, 0), (1, 0), (1, 1)], [(0, 0), (0, 1), (1, 1)]]
    assert ring_points([0, ~1], arcs) == [(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)]


def test_ring_path_projects_and_closes():
    assert ring_path([(0, 0), (10, 0), (10, 10), (0, 0)]) == "M180 90L190 90L190 80L180 90Z"
    assert ring_path([(0, 0), (0.01, 0.01)]) == ""


def test_country_paths_and_build(tmp_path):
    topology = {"transform": {"scale": [1, 1], "translate": [0, 0]},
                "arcs": [[[0, 0], [10, 0], [0, 10], [-10, -10]]],
                "objects": {"countries": {"geometries": [
                    {"type": "Polygon", "id": "706", "properties": {"name": "Somewhere"}, "arcs": [[0]]},
                    {"type": None, "id": "1", "arcs": []}]}}}
    assert country_paths(topology) == [{"id": "706", "name": "Somewhere", "d": "M180 90L190 90L190 80L180 90Z"}]
    source, out = tmp_path / "t.json", tmp_path / "out.json"
    source.write_text(json.dumps(topology))
    assert build(source, out) > 0 and json.loads(out.read_text())["countries"][0]["name"] == "Somewhere"


def test_unreadable_source_is_an_input_error(tmp_path):
    with pytest.raises(InputError):
        build(tmp_path / "missing.json", tmp_path / "out.json")
