"""Build the offline basemap: Natural Earth 1:110m country outlines as SVG paths.

The source is ``countries-110m.json`` (TopoJSON) of the ``world-atlas`` npm package (Natural Earth,
public domain). Run once at build time, then commit the small output::

    cd "$(mktemp -d)" && npm pack world-atlas && tar xzf world-atlas-*.tgz
    python -m rasid.web.build_basemap package/countries-110m.json src/rasid/web/static/basemap.json

The output holds, per country, its name, ISO numeric id and one SVG path in the equirectangular
projection of :mod:`rasid.web.mapsvg` (x = longitude + 180, y = 90 - latitude, 0.1 degree precision).
"""
from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rasid.errors import InputError

PRECISION = 1          # decimals of a degree kept in the paths
MIN_STEP = 0.15        # degrees: points closer than this to the previous one are dropped


@dataclass(frozen=True, slots=True)
class Transform:
    """TopoJSON quantization: position = index * scale + translate."""

    scale_x: float
    scale_y: float
    translate_x: float
    translate_y: float


def decode_arc(arc: list[list[int]], transform: Transform) -> list[tuple[float, float]]:
    """Absolute (lon, lat) points of one delta-encoded, quantized arc."""
    x = y = 0
    points: list[tuple[float, float]] = []
    for dx, dy in arc:
        x, y = x + dx, y + dy
        points.append((x * transform.scale_x + transform.translate_x, y * transform.scale_y + transform.translate_y))
    return points


def ring_points(ring: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """The points of a ring made of arc indexes (``~i`` means arc ``i`` reversed)."""
    points: list[tuple[float, float]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def thinned(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Points without those closer than :data:`MIN_STEP` to the previous kept one (ends kept)."""
    kept = points[:1]
    for point in points[1:-1]:
        if abs(point[0] - kept[-1][0]) + abs(point[1] - kept[-1][1]) >= MIN_STEP:
            kept.append(point)
    return kept + points[-1:] if len(points) > 1 else kept


def ring_path(points: list[tuple[float, float]]) -> str:
    """One closed SVG subpath in the equirectangular projection."""
    coords = [f"{round(lon + 180, PRECISION):g} {round(90 - lat, PRECISION):g}" for lon, lat in thinned(points)]
    return "M" + "L".join(coords) + "Z" if len(coords) >= 3 else ""


def geometry_rings(geometry: dict[str, Any]) -> list[list[int]]:
    """All rings of a Polygon or MultiPolygon geometry."""
    if geometry.get("type") == "Polygon":
        return list(geometry["arcs"])
    if geometry.get("type") == "MultiPolygon":
        return [ring for polygon in geometry["arcs"] for ring in polygon]
    return []


def country_paths(topology: dict[str, Any]) -> list[dict[str, str]]:
    """``[{id, name, d}]`` for every country of a world-atlas topology."""
    raw = topology["transform"]
    transform = Transform(raw["scale"][0], raw["scale"][1], raw["translate"][0], raw["translate"][1])
    arcs = [decode_arc(arc, transform) for arc in topology["arcs"]]
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        path = "".join(ring_path(ring_points(ring, arcs)) for ring in geometry_rings(geometry))
        if path:
            countries.append({"id": str(geometry.get("id") or ""),
                              "name": str((geometry.get("properties") or {}).get("name") or ""), "d": path})
    return countries


def build(source: Path, out: Path) -> int:
    """Write the basemap JSON; return its size in bytes."""
    try:
        topology = json.loads(source.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read the TopoJSON ({exc}): give world-atlas countries-110m.json",
                         source=str(source)) from exc
    basemap = {"source": "Natural Earth 1:110m via world-atlas (public domain)",
               "projection": "equirectangular x=lon+180 y=90-lat", "width": 360, "height": 180,
               "countries": country_paths(topology)}
    text = json.dumps(basemap, ensure_ascii=False, separators=(",", ":"))
    out.write_text(text, encoding="utf-8")
    return len(text.encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="countries-110m.json from the world-atlas package")
    parser.add_argument("out", type=Path, help="output JSON (src/rasid/web/static/basemap.json)")
    args = parser.parse_args(argv)
    size = build(args.source, args.out)
    print(f"wrote {args.out} ({size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
