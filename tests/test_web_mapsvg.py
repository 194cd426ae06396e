"""The event map: projection, one point per place, a view fitted to the events, the packaged basemap."""
from __future__ import annotations

import pytest

from rasid.web.mapsvg import country_paths, event_map, fitted_view, located, map_points, project


def event(lon, lat, name="x", eid="ev-1"):
    return {"id": eid, "location": {"name": name, "lon": lon, "lat": lat}}


@pytest.mark.parametrize("lon, lat, expected", [(0, 0, (180, 90)), (-180, 90, (0, 0)), (45.3, 2.0, (225.3, 88.0))])
def test_project(lon, lat, expected):
    assert project(lon, lat) == pytest.approx(expected)


@pytest.mark.parametrize("item, expected", [
    (event(45.3, 2.0), (45.3, 2.0)), (event(None, 2.0), None), (event(200, 0), None), (event("45", 2), None),
    ({"location": None}, None), ({}, None),
])
def test_located(item, expected):
    assert located(item) == expected


def test_events_at_one_place_share_a_bigger_point():
    points = map_points([event(45.3, 2.0, eid="a"), event(45.3, 2.0, eid="b"), event(10, 10, eid="c")], 1.0)
    assert [len(p.events) for p in points] == [2, 1] and points[0].radius > points[1].radius


def test_view_is_fitted_and_stays_inside_the_world():
    view = fitted_view([event(45.3, 2.0), event(44.4, 33.3)])
    assert view.width >= 40 and view.width == pytest.approx(2 * view.height)
    for lon, lat in ((45.3, 2.0), (44.4, 33.3)):
        x, y = project(lon, lat)
        assert view.x < x < view.x + view.width and view.y < y < view.y + view.height
    edge = fitted_view([event(179, 89)])
    assert edge.x + edge.width <= 360 and edge.y >= 0


def test_no_located_event_shows_the_world():
    assert str(fitted_view([{"id": "e"}])) == "0.00 0.00 360.00 180.00"


def test_packaged_basemap_has_the_countries():
    countries = dict(country_paths())
    assert len(countries) > 170 and countries["Somalia"].startswith("M")


def test_event_map_lists_events_without_coordinates():
    emap = event_map([event(45.3, 2.0), {"id": "ev-2", "location": None}])
    assert len(emap.points) == 1 and [e["id"] for e in emap.unlocated] == ["ev-2"]
