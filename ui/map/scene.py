"""``MapScene``: regions, markers, actor tokens, rivalry arcs and links of one scenario.

The scene is built once per game from ``scenario.map`` and then only mirrors
the state (:meth:`MapScene.show_rungs`). Selecting a token or an arc emits
:attr:`MapScene.actor_selected` / :attr:`MapScene.rivalry_selected`.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QPointF, QRectF, Signal
from PySide6.QtGui import QColor, QPainterPath
from PySide6.QtWidgets import QGraphicsScene

from ui import theme
from ui.map.items import (
    ID_ROLE,
    KIND_ROLE,
    ActorToken,
    LabelItem,
    LinkLine,
    MarkerItem,
    RegionItem,
    RivalryArc,
)
from ui.map.projection import Projection
from wargame.scenario.mapframe import map_frame
from wargame.scenario.models import Scenario


class MapScene(QGraphicsScene):
    actor_selected = Signal(str)
    rivalry_selected = Signal(str)
    labels_changed = Signal()
    """A label's text or size changed: the view lays the labels out again."""

    def __init__(self, scenario: Scenario, parent: object | None = None) -> None:
        super().__init__(parent)
        self.scenario = scenario
        self.tokens: dict[str, ActorToken] = {}
        self.arcs: dict[str, RivalryArc] = {}
        self.links: list[LinkLine] = []
        self.markers: list[MarkerItem] = []
        self.projection = self._projection()
        self.setBackgroundBrush(QColor(theme.SEA[theme.mode()]))
        self._build()
        self.setSceneRect(self.projection.rect())
        self.selectionChanged.connect(self._on_selection)

    # ---- building

    def _projection(self) -> Projection:
        return Projection(*map_frame(self.scenario))

    def location(self, actor_id: str) -> QPointF | None:
        actor = self.scenario.actor(actor_id)
        if actor.location is not None:
            return self.projection.point(*actor.location)
        for marker in self.scenario.map.markers:
            if actor_id in marker.actors:
                return self.projection.point(marker.lon, marker.lat)
        return None

    def _build(self) -> None:
        proj = self.projection
        for region in self.scenario.map.regions:
            path = QPainterPath()
            for ring in region.polygons:
                if len(ring) < 3:
                    continue
                path.moveTo(proj.point(*ring[0]))
                for lon, lat in ring[1:]:
                    path.lineTo(proj.point(lon, lat))
                path.closeSubpath()
            self.addItem(RegionItem(region.id, region.name, path, region.role == "theatre"))
        actor_spots = [a.location for a in self.scenario.actors if a.location]
        for marker in self.scenario.map.markers:
            near_actor = any(abs(marker.lon - x) < 0.3 and abs(marker.lat - y) < 0.3
                             for x, y in actor_spots)
            if near_actor:
                continue
            item = MarkerItem(marker.name, marker.kind, proj.point(marker.lon, marker.lat),
                              marker.description)
            self.markers.append(item)
            self.addItem(item)
        seen_pairs: dict[frozenset[str], int] = {}
        for rivalry in self.scenario.rivalries:
            a, b = (self.location(s) for s in rivalry.sides)
            if a is None or b is None:
                continue
            pair = frozenset(rivalry.sides)
            n = seen_pairs.get(pair, 0)
            seen_pairs[pair] = n + 1
            bend = 0.18 * (1 + n) * (-1 if n % 2 else 1)
            arc = RivalryArc(rivalry.id, rivalry.name, a, b, bend, rivalry.background)
            self.arcs[rivalry.id] = arc
            self.addItem(arc)
            self.addItem(arc.label)
        for rel in self.scenario.relationships:
            ends = {"patron_proxy": ("patron", "proxy"), "sanctuary": ("host", "group"),
                    "alignment": ("a", "b")}[rel.kind]
            x, y = (getattr(rel, e) for e in ends)
            pa, pb = self.location(x), self.location(y)
            if pa is None or pb is None:
                continue
            label = rel.kind.replace("_", "/")
            link = LinkLine(rel.kind, pa, pb, f"{label}: {x} – {y}")
            self.links.append(link)
            self.addItem(link)
        for actor in self.scenario.actors:
            at = self.location(actor.id)
            if at is None:
                continue
            token = ActorToken(actor.id, actor.name, actor.color, at)
            self.tokens[actor.id] = token
            self.addItem(token)

    def focus_rect(self) -> QRectF:
        """Where the actors are, with a margin, inside the map frame (the default zoom)."""
        points = [t.home for t in self.tokens.values()]
        frame = self.sceneRect()
        if len(points) < 2:
            return frame
        xs = [p.x() for p in points]
        ys = [p.y() for p in points]
        rect = QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
        margin = max(rect.width(), rect.height()) * 0.35 + 6 * self.projection.kx
        rect = rect.adjusted(-margin, -margin * 0.8, margin * 1.3, margin * 0.8)
        return rect.intersected(frame) if rect.intersects(frame) else frame

    # ---- mirroring

    def labels(self) -> list[LabelItem]:
        """Every text label on the map: actors, rivalry arcs, markers."""
        return ([t.label for t in self.tokens.values()] + [a.label for a in self.arcs.values()]
                + [m.label for m in self.markers])

    def set_text_scale(self, scale: float) -> None:
        """Labels at ``scale`` times their size; tokens grow more gently (square root),
        enough to stay in proportion without crowding each other."""
        for label in self.labels():
            label.set_scale(scale)
        for token in self.tokens.values():
            token.set_scale(max(1.0, scale) ** 0.5)
        self.labels_changed.emit()

    def show_rungs(self, rungs: Mapping[str, int]) -> None:
        for rid, arc in self.arcs.items():
            if rid in rungs:
                arc.set_rung(rungs[rid], self.scenario.rung_name(rid, rungs[rid]))
        self.labels_changed.emit()

    def set_links_visible(self, visible: bool, kind: str | None = None) -> None:
        for link in self.links:
            if kind is None or link.kind == kind:
                link.setVisible(visible)

    def select(self, kind: str, item_id: str) -> None:
        item = self.tokens.get(item_id) if kind == "actor" else self.arcs.get(item_id)
        self.clearSelection()
        if item is not None:
            item.setSelected(True)

    def _on_selection(self) -> None:
        for item in self.selectedItems():
            kind, item_id = item.data(KIND_ROLE), item.data(ID_ROLE)
            if kind == "actor":
                self.actor_selected.emit(item_id)
            elif kind == "rivalry":
                self.rivalry_selected.emit(item_id)
