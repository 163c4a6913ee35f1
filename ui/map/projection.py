"""Equirectangular projection with x scaled by cos(mid-latitude) of the map frame."""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF

SCALE = 12.0
"""Scene units per degree of latitude."""


@dataclass(frozen=True, slots=True)
class Projection:
    lon0: float
    lat0: float
    lon1: float
    lat1: float

    @property
    def kx(self) -> float:
        mid = math.radians((self.lat0 + self.lat1) / 2)
        return SCALE * math.cos(mid)

    def point(self, lon: float, lat: float) -> QPointF:
        return QPointF((lon - self.lon0) * self.kx, (self.lat1 - lat) * SCALE)

    def rect(self) -> QRectF:
        return QRectF(self.point(self.lon0, self.lat1), self.point(self.lon1, self.lat0))


def projection_for(frame: tuple[float, float, float, float] | None,
                   points: list[tuple[float, float]]) -> Projection:
    """From the map frame, or from the bounding box of ``points`` with a margin."""
    if frame is not None:
        return Projection(*frame)
    if not points:
        return Projection(-10.0, -10.0, 10.0, 10.0)
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    return Projection(min(lons) - 4, min(lats) - 4, max(lons) + 4, max(lats) + 4)
