"""``MapView``: zoom (wheel, +/-), pan (drag), fit, and the map note in a corner."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QKeyEvent, QPainter, QResizeEvent, QShowEvent, QWheelEvent
from PySide6.QtWidgets import QGraphicsView, QLabel, QWidget

from ui.map.items import ActorToken
from ui.map.scene import MapScene


class MapView(QGraphicsView):
    MIN_ZOOM = 0.5
    MAX_ZOOM = 12.0

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHints(QPainter.RenderHint.Antialiasing
                            | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setObjectName("mapNote")
        self.note.setStyleSheet("#mapNote { background: rgba(255,255,255,200); color: #222;"
                                " padding: 3px 6px; border-radius: 3px; font-size: 8pt; }")
        self.note.hide()
        self._zoom = 1.0
        self._fitted = False

    def set_map(self, scene: MapScene | None) -> None:
        self.setScene(scene)
        self._fitted = False
        if scene is not None:
            text = scene.scenario.map.note
            short = text.split("(")[0].strip() if text else ""
            self.note.setText(short or "Borders are illustrative")
            self.note.setToolTip(text)
            self.note.setVisible(True)
            self.fit()
        else:
            self.note.hide()

    # ---- zoom / fit

    def fit(self) -> None:
        scene = self.scene()
        if not isinstance(scene, MapScene):
            return
        self.resetTransform()
        self.fitInView(scene.focus_rect(), Qt.AspectRatioMode.KeepAspectRatio)
        self._zoom = 1.0
        self._fitted = True
        self.layout_labels()

    def fit_all(self) -> None:
        """Show the whole map frame."""
        if self.scene() is None:
            return
        self.resetTransform()
        self.fitInView(self.scene().sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
        self._zoom = 1.0
        self.layout_labels()

    def layout_labels(self) -> None:
        """Spread crowded tokens apart, then place labels where they overlap nothing.

        Works in viewport pixels (tokens and labels keep their size at any zoom), so it
        runs again after every zoom. A label with no free spot is hidden; its item's
        tooltip still names it.
        """
        scene = self.scene()
        if not isinstance(scene, MapScene):
            return
        self._spread_tokens(scene)
        taken: list[QRectF] = []
        for token in scene.tokens.values():
            c = self.mapFromScene(token.pos())
            r = token.RADIUS + 2
            taken.append(QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r))
        order = sorted(scene.tokens.values(), key=lambda t: (t.pos().y(), t.pos().x()))
        for token in order:
            c = self.mapFromScene(token.pos())
            box = token.label.boundingRect()
            w, h, r = box.width(), box.height(), token.RADIUS + 3
            options = [(r, -h / 2), (-r - w, -h / 2), (-w / 2, -r - h), (-w / 2, r),
                       (r, -h - 4), (r, 4), (-r - w, -h - 4), (-r - w, 4)]
            spot = self._place(c.x(), c.y(), w, h, options, taken, required=False)
            token.label.setVisible(spot is not None)
            if spot is not None:
                token.label.setPos(*spot)
        for arc in scene.arcs.values():
            anchor = self.mapFromScene(arc.label_anchor)
            box = arc.label.boundingRect()
            w, h = box.width(), box.height()
            options = [(-w / 2, -h / 2), (4, -h / 2), (-w - 4, -h / 2), (-w / 2, 4),
                       (-w / 2, -h - 4), (10, 6), (-w - 10, -h - 6)]
            spot = self._place(anchor.x(), anchor.y(), w, h, options, taken, required=False)
            arc.label.setVisible(spot is not None)
            if spot is not None:
                arc.label.setPos(self.mapToScene(int(anchor.x() + spot[0]),
                                                 int(anchor.y() + spot[1])))
        for marker in scene.markers:
            c = self.mapFromScene(marker.pos())
            box = marker.label.boundingRect()
            w, h = box.width(), box.height()
            options = [(5, -h / 2), (-w - 5, -h / 2), (-w / 2, -h - 4), (-w / 2, 4)]
            spot = self._place(c.x(), c.y(), w, h, options, taken, required=False)
            marker.label.setVisible(spot is not None)
            if spot is not None:
                marker.label.setPos(*spot)

    def _spread_tokens(self, scene: MapScene) -> None:
        """Push tokens that overlap on screen apart (a few relaxation rounds)."""
        tokens = list(scene.tokens.values())
        pts = [self.mapFromScene(t.home) for t in tokens]
        xy = [[float(p.x()), float(p.y())] for p in pts]
        gap = 2 * ActorToken.RADIUS + 4
        for _ in range(40):
            moved = False
            for i in range(len(xy)):
                for j in range(i + 1, len(xy)):
                    dx, dy = xy[j][0] - xy[i][0], xy[j][1] - xy[i][1]
                    dist = (dx * dx + dy * dy) ** 0.5
                    if dist >= gap:
                        continue
                    if dist < 1e-6:
                        dx, dy, dist = 1.0, 0.3 * (j - i), 1.0
                    push = (gap - dist) / 2 + 0.5
                    ux, uy = dx / dist, dy / dist
                    xy[i][0] -= ux * push
                    xy[i][1] -= uy * push
                    xy[j][0] += ux * push
                    xy[j][1] += uy * push
                    moved = True
            if not moved:
                break
        for token, (x, y) in zip(tokens, xy, strict=True):
            token.setPos(self.mapToScene(round(x), round(y)))

    @staticmethod
    def _place(x: float, y: float, w: float, h: float, options: list[tuple[float, float]],
               taken: list[QRectF], required: bool = True) -> tuple[float, float] | None:
        for dx, dy in options:
            rect = QRectF(x + dx, y + dy, w, h)
            if not any(rect.intersects(t) for t in taken):
                taken.append(rect)
                return dx, dy
        if not required:
            return None
        dx, dy = options[0]
        taken.append(QRectF(x + dx, y + dy, w, h))
        return dx, dy

    def zoom_by(self, factor: float) -> None:
        new = max(self.MIN_ZOOM, min(self.MAX_ZOOM, self._zoom * factor))
        if new != self._zoom:
            self.scale(new / self._zoom, new / self._zoom)
            self._zoom = new
            self.layout_labels()

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom_by(1.2 ** steps)
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(1.25)
        elif key == Qt.Key.Key_Minus:
            self.zoom_by(0.8)
        elif key in (Qt.Key.Key_0, Qt.Key.Key_F):
            self.fit()
        else:
            super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._zoom == 1.0:
            self.fit()
        self._place_note()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._fitted or self._zoom == 1.0:
            self.fit()
        self._place_note()

    def _place_note(self) -> None:
        width = min(360, max(160, self.viewport().width() // 3))
        self.note.setFixedWidth(width)
        self.note.adjustSize()
        self.note.move(8, self.viewport().height() - self.note.height() - 8)
