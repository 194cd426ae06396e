"""The event map: a server-rendered SVG over the offline basemap, equirectangular projection.

x = longitude + 180 and y = 90 - latitude (degrees), the projection ``build_basemap`` wrote the
country outlines in. The view is fitted to the events with a margin.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources as importlib_resources
from typing import Any

from rasid.errors import ResourceError

MIN_VIEW_WIDTH = 40.0      # degrees: the narrowest view (a single event still shows its region)
MARGIN = 8.0               # degrees around the events
ASPECT = 2.0               # width / height of the view


@dataclass(frozen=True, slots=True)
class MapPoint:
    """One place with its events, in map units."""

    x: float
    y: float
    radius: float
    label: str
    events: list[dict[str, Any]]


@dataclass(frozen=True, slots=True)
class ViewBox:
    x: float
    y: float
    width: float
    height: float

    def __str__(self) -> str:
        return f"{self.x:.2f} {self.y:.2f} {self.width:.2f} {self.height:.2f}"


@lru_cache(maxsize=1)
def country_paths() -> tuple[tuple[str, str], ...]:
    """``(name, svg path)`` of every country of the packaged basemap."""
    path = importlib_resources.files("rasid.web") / "static" / "basemap.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return tuple((str(c["name"]), str(c["d"])) for c in data["countries"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ResourceError(f"the basemap is missing or invalid ({exc}): run python -m rasid.web.build_basemap") from exc


def project(lon: float, lat: float) -> tuple[float, float]:
    return lon + 180.0, 90.0 - lat


def located(event: dict[str, Any]) -> tuple[float, float] | None:
    """The event's (lon, lat) when it has valid coordinates."""
    location = event.get("location") or {}
    lon, lat = location.get("lon"), location.get("lat")
    if isinstance(lon, (int, float)) and isinstance(lat, (int, float)) and -180 <= lon <= 180 and -90 <= lat <= 90:
        return float(lon), float(lat)
    return None


def map_points(events: list[dict[str, Any]], scale: float) -> list[MapPoint]:
    """One point per distinct place, radius growing with its number of events."""
    groups: dict[tuple[float, float], list[dict[str, Any]]] = {}
    for event in events:
        where = located(event)
        if where:
            groups.setdefault((round(where[0], 3), round(where[1], 3)), []).append(event)
    points = []
    for (lon, lat), group in groups.items():
        x, y = project(lon, lat)
        label = str((group[0].get("location") or {}).get("name") or "")
        points.append(MapPoint(x, y, scale * (1.0 + min(len(group), 9) ** 0.5), label, group))
    return sorted(points, key=lambda p: -p.radius)


def fitted_view(events: list[dict[str, Any]]) -> ViewBox:
    """A view around the located events (the whole world when there is none)."""
    places = [project(*where) for where in map(located, events) if where]
    if not places:
        return ViewBox(0, 0, 360, 180)
    xs, ys = [p[0] for p in places], [p[1] for p in places]
    width = max(max(xs) - min(xs) + 2 * MARGIN, MIN_VIEW_WIDTH, (max(ys) - min(ys) + 2 * MARGIN) * ASPECT)
    width = min(width, 360.0)
    height = width / ASPECT
    x = min(max((min(xs) + max(xs)) / 2 - width / 2, 0.0), 360.0 - width)
    y = min(max((min(ys) + max(ys)) / 2 - height / 2, 0.0), 180.0 - height)
    return ViewBox(x, y, width, height)


@dataclass(frozen=True, slots=True)
class EventMap:
    """Everything the map template draws."""

    view: ViewBox
    countries: tuple[tuple[str, str], ...]
    points: list[MapPoint]
    unlocated: list[dict[str, Any]]
    stroke: float


def event_map(events: list[dict[str, Any]]) -> EventMap:
    view = fitted_view(events)
    scale = view.width / 300.0
    return EventMap(view, country_paths(), map_points(events, scale),
                    [e for e in events if located(e) is None], view.width / 1200.0)
