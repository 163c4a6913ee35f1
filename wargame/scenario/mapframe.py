"""Where a scenario's map is drawn: its frame and the east-west shrink of its projection.

Both the desktop map (``ui/map``) and the team stations' map
(:mod:`wargame.server.station_map`) draw an equirectangular projection with x scaled by
the cosine of the frame's middle latitude, over the same frame.
"""

from __future__ import annotations

import math

from wargame.scenario import models as m

Frame = tuple[float, float, float, float]
"""lon_min, lat_min, lon_max, lat_max."""

MARGIN = 4.0
"""Degrees added round the actors and markers when the scenario gives no frame."""


def map_frame(scenario: m.Scenario) -> Frame:
    """The scenario's ``map.frame``, or the box round its actors and markers."""
    layer = scenario.map
    if layer.frame is not None:
        return layer.frame
    points = [a.location for a in scenario.actors if a.location is not None]
    points += [(mk.lon, mk.lat) for mk in layer.markers]
    if not points:
        return (-10.0, -10.0, 10.0, 10.0)
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return (min(lons) - MARGIN, min(lats) - MARGIN, max(lons) + MARGIN, max(lats) + MARGIN)


def x_shrink(frame: Frame) -> float:
    """How much a degree of longitude is shorter than one of latitude at mid-frame."""
    return math.cos(math.radians((frame[1] + frame[3]) / 2))
