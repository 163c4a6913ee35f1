"""The theatre map a team station draws: the scenario's outlines, markers and actors,
projected once into SVG coordinates.

Everything here is the scenario's public map layer, the same for every team; what a team
perceives (the rung of each ladder as it sees it) reaches the station in its state
(:func:`wargame.server.station.team_state`) and only colours the lines drawn between the
sides. The frame and projection are the desktop map's (:mod:`wargame.scenario.mapframe`).
"""

from __future__ import annotations

from typing import Any

from wargame.scenario import models as m
from wargame.scenario.mapframe import map_frame, x_shrink

WIDTH = 1000.0
"""Width of the map's SVG view box; its height follows the frame's aspect."""


def station_map(scenario: m.Scenario) -> dict[str, Any]:
    """The map as plain data for the station: view box, outlines as SVG path strings,
    markers, actor positions and one line per rivalry whose two sides both have a place
    (kept with the scenario: it is computed once)."""
    return scenario.derived("station_map", lambda: _build(scenario))


def _build(scenario: m.Scenario) -> dict[str, Any]:
    frame = map_frame(scenario)
    lon0, lat0, lon1, lat1 = frame
    kx = x_shrink(frame)
    scale = WIDTH / ((lon1 - lon0) * kx)

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return round((lon - lon0) * kx * scale, 1), round((lat1 - lat) * scale, 1)

    def path(polygon: tuple[tuple[float, float], ...]) -> str:
        points = [xy(lon, lat) for lon, lat in polygon]
        return "M" + "L".join(f"{x:g},{y:g}" for x, y in points) + "Z"

    layer = scenario.map
    places = {a.id: xy(*a.location) for a in scenario.actors if a.location is not None}
    links = []
    for rivalry in scenario.rivalries:
        a, b = rivalry.sides
        if a in places and b in places:
            links.append({"rivalry": rivalry.id, "from": list(places[a]),
                          "to": list(places[b])})
    return {
        "width": WIDTH, "height": round((lat1 - lat0) * scale, 1),
        "note": layer.note,
        "regions": [{"id": r.id, "name": r.name, "role": r.role,
                     "d": "".join(path(poly) for poly in r.polygons)}
                    for r in layer.regions],
        "markers": [{"id": mk.id, "name": mk.name, "kind": mk.kind,
                     "at": list(xy(mk.lon, mk.lat))} for mk in layer.markers],
        "actors": [{"id": a.id, "name": a.name, "color": a.color, "at": list(places[a.id])}
                   for a in scenario.actors if a.id in places],
        "links": links,
    }
