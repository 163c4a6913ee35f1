"""Equirectangular projection with x scaled by cos(mid-latitude) of the map frame."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF

from wargame.scenario.mapframe import x_shrink

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
        return SCALE * x_shrink((self.lon0, self.lat0, self.lon1, self.lat1))

    def point(self, lon: float, lat: float) -> QPointF:
        return QPointF((lon - self.lon0) * self.kx, (self.lat1 - lat) * SCALE)

    def rect(self) -> QRectF:
        return QRectF(self.point(self.lon0, self.lat1), self.point(self.lon1, self.lat0))
