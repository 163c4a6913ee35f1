"""``MapView``: zoom (wheel, +/-), pan (drag), fit, and the map note in a corner."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QKeyEvent, QPainter, QResizeEvent, QShowEvent, QWheelEvent
from PySide6.QtWidgets import QGraphicsView, QLabel, QWidget

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
        """Place labels (rivalries, actor names, markers) where they overlap nothing placed."""
        scene = self.scene()
        if not isinstance(scene, MapScene):
            return
        taken: list[QRectF] = []
        for token in scene.tokens.values():
            c = self.mapFromScene(token.pos())
            r = token.RADIUS + 2
            taken.append(QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r))
        for arc in scene.arcs.values():
            anchor = self.mapFromScene(arc.label_anchor)
            box = arc.label.boundingRect()
            w, h = box.width(), box.height()
            options = [(-w / 2, -h / 2), (4, -h / 2), (-w - 4, -h / 2), (-w / 2, 4),
                       (-w / 2, -h - 4), (10, 6), (-w - 10, -h - 6)]
            dx, dy = self._place(anchor.x(), anchor.y(), w, h, options, taken)
            arc.label.setPos(self.mapToScene(int(anchor.x() + dx), int(anchor.y() + dy)))
        order = sorted(scene.tokens.values(), key=lambda t: (t.pos().y(), t.pos().x()))
        for token in order:
            c = self.mapFromScene(token.pos())
            box = token.label.boundingRect()
            w, h, r = box.width(), box.height(), token.RADIUS + 3
            options = [(r, -h / 2), (-r - w, -h / 2), (-w / 2, -r - h), (-w / 2, r),
                       (r, -h - 2), (r, 2), (-r - w, -h - 2), (-r - w, 2)]
            token.label.setPos(*self._place(c.x(), c.y(), w, h, options, taken))
        for marker in scene.markers:
            c = self.mapFromScene(marker.pos())
            box = marker.label.boundingRect()
            w, h = box.width(), box.height()
            options = [(5, -h / 2), (-w - 5, -h / 2), (-w / 2, -h - 4), (-w / 2, 4)]
            spot = self._place(c.x(), c.y(), w, h, options, taken, required=False)
            marker.label.setVisible(spot is not None)
            if spot is not None:
                marker.label.setPos(*spot)

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

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom_by(1.2 ** steps)
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(1.25)
        elif key == Qt.Key.Key_Minus:
            self.zoom_by(0.8)
        elif key in (Qt.Key.Key_0, Qt.Key.Key_F):
            self.fit()
        else:
            super().keyPressEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        if self._zoom == 1.0:
            self.fit()
        self._place_note()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._fitted or self._zoom == 1.0:
            self.fit()
        self._place_note()

    def _place_note(self) -> None:
        width = min(360, max(160, self.viewport().width() // 3))
        self.note.setFixedWidth(width)
        self.note.adjustSize()
        self.note.move(8, self.viewport().height() - self.note.height() - 8)
