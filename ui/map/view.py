"""``MapView``: zoom (wheel, +/-), pan (drag), fit, and the map note in a corner."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QPainter, QResizeEvent, QShowEvent, QWheelEvent
from PySide6.QtWidgets import QGraphicsView, QLabel, QWidget

from ui.map.items import ActorToken, LabelItem
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
        self.note.hide()
        self._zoom = 1.0
        self._fitted = False
        self.text_scale = 1.0
        """Map labels and the note at this multiple of their normal size."""
        self._style_note()
        self._relayout = QTimer(self)
        self._relayout.setSingleShot(True)
        self._relayout.setInterval(0)
        self._relayout.timeout.connect(self.layout_labels)
        for bar in (self.horizontalScrollBar(), self.verticalScrollBar()):
            bar.valueChanged.connect(self._relayout.start)  # panned: labels may fit better

    def set_map(self, scene: MapScene | None) -> None:
        old = self.scene()
        if isinstance(old, MapScene):
            old.labels_changed.disconnect(self.layout_labels)
        self.setScene(scene)
        self._fitted = False
        if scene is not None:
            scene.set_text_scale(self.text_scale)
            scene.labels_changed.connect(self.layout_labels)
            text = scene.scenario.map.note
            short = text.split("(")[0].strip() if text else ""
            self.note.setText(short or "Borders are illustrative")
            self.note.setToolTip(text)
            self.note.setVisible(True)
            self.fit()
        else:
            self.note.hide()

    def set_text_scale(self, scale: float) -> None:
        """Grow or shrink every map label and the note (the projector's font zoom)."""
        self.text_scale = scale
        self._style_note()
        scene = self.scene()
        if isinstance(scene, MapScene):
            scene.set_text_scale(scale)  # emits labels_changed: laid out again
        self._place_note()
        self.layout_labels()

    def _style_note(self) -> None:
        size = 8 * self.text_scale
        self.note.setStyleSheet("#mapNote { background: rgba(255,255,255,200); color: #222;"
                                " padding: 3px 6px; border-radius: 3px;"
                                f" font-size: {size:.1f}pt; }}")

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
        runs again after every zoom, resize, font change and rung update. Each label's
        footprint (text and halo, :meth:`LabelItem.boundingRect`, plus a small gap)
        must miss every token disc, every label already placed and the map note; a
        label with no free spot is hidden, and its item's tooltip still names it.
        Actors' names go first, then places (a place whose dot would sit under an
        actor's name or the note is left out), rivalry captions, place names.
        """
        scene = self.scene()
        if not isinstance(scene, MapScene):
            return
        self._spread_tokens(scene)
        discs: list[QRectF] = []
        for token in scene.tokens.values():
            at = self.mapFromScene(token.pos())
            r = token.radius + 2
            discs.append(QRectF(at.x() - r, at.y() - r, 2 * r, 2 * r))
        self._place_note(discs)
        taken = list(discs)
        if not self.note.isHidden():
            taken.append(QRectF(self.note.geometry()).adjusted(-2, -2, 2, 2))
        playable = {a.id for a in scene.scenario.actors if a.playable}
        order = sorted(scene.tokens.values(),  # the teams' names first, then top to bottom
                       key=lambda t: (t.actor_id not in playable, t.pos().y(), t.pos().x()))
        for token in order:
            c = QPointF(self.mapFromScene(token.pos()))
            w, h = self._footprint(token.label)
            r = token.radius + 3
            d = r * 0.7  # the disc's diagonal corners
            options = [(r, -h / 2), (-r - w, -h / 2), (-w / 2, -r - h), (-w / 2, r),
                       (r, -h - 4), (r, 4), (-r - w, -h - 4), (-r - w, 4),
                       (d, -d - h), (-d - w, -d - h), (d, d), (-d - w, d)]
            spot = self._place(c.x(), c.y(), w, h, options, taken)
            leader: tuple[QPointF, QPointF] | None = None
            if spot is None:
                spot, leader = self._callout(c, token.radius, w, h, taken)
            self._show_at(token.label, spot)
            token.set_leader(*(leader or (None, None)))
        for marker in scene.markers:  # a place under an actor's name or the note is left out
            at = self.mapFromScene(marker.pos())
            r = marker.rect().width() / 2 + 1
            dot = QRectF(at.x() - r, at.y() - r, 2 * r, 2 * r)
            free = not any(dot.intersects(t) for t in taken)
            marker.setVisible(free)
            if free:
                taken.append(dot)
        for arc in scene.arcs.values():
            w, h = self._footprint(arc.label)
            spot_at: QPointF | None = None
            for share in (0.5, 0.4, 0.6, 0.3, 0.7):
                anchor = QPointF(self.mapFromScene(arc.path().pointAtPercent(share)))
                options = [(-w / 2, -h / 2), (4, -h / 2), (-w - 4, -h / 2), (-w / 2, 4),
                           (-w / 2, -h - 4), (10, 6), (-w - 10, -h - 6)]
                spot = self._place(anchor.x(), anchor.y(), w, h, options, taken)
                if spot is not None:
                    spot_at = QPointF(anchor.x() + spot[0], anchor.y() + spot[1])
                    break
            arc.label.setVisible(spot_at is not None)
            if spot_at is not None:
                arc.label.setPos(self._scene_point(spot_at + self._halo_offset()))
        for marker in scene.markers:
            if not marker.isVisible():
                continue
            c = QPointF(self.mapFromScene(marker.pos()))
            w, h = self._footprint(marker.label)
            options = [(5, -h / 2), (-w - 5, -h / 2), (-w / 2, -h - 4), (-w / 2, 4)]
            spot = self._place(c.x(), c.y(), w, h, options, taken)
            self._show_at(marker.label, spot)

    CALLOUT_DISTANCES = (26.0, 44.0, 66.0)
    """How far from a crowded token its name may go, joined to it by a thin line."""

    def _callout(self, c: QPointF, radius: float, w: float, h: float, taken: list[QRectF]
                 ) -> tuple[tuple[float, float] | None, tuple[QPointF, QPointF] | None]:
        """A spot farther out for a label with no room beside its token, and the leader
        line (from the disc's edge to the label, in the token's pixels) that joins them;
        the line must cross no label or token on its way."""
        inside = QRectF(self.viewport().rect())
        directions = ((0.0, -1.0), (0.0, 1.0), (1.0, 0.0), (-1.0, 0.0),
                      (0.7, -0.7), (-0.7, -0.7), (0.7, 0.7), (-0.7, 0.7))
        for distance in self.CALLOUT_DISTANCES:
            for ux, uy in directions:
                end = QPointF(ux * (radius + distance), uy * (radius + distance))
                dx = 0.0 if ux > 0.3 else (-w if ux < -0.3 else -w / 2)
                dy = 0.0 if uy > 0.3 else (-h if uy < -0.3 else -h / 2)
                rect = QRectF(c.x() + end.x() + dx, c.y() + end.y() + dy, w, h)
                if not inside.contains(rect) or any(rect.intersects(t) for t in taken):
                    continue
                start = QPointF(ux * (radius + 1), uy * (radius + 1))
                if self._crosses(c + start, c + end, taken):
                    continue
                taken.append(rect)
                return (end.x() + dx, end.y() + dy), (start, end)
        return None, None

    @staticmethod
    def _crosses(a: QPointF, b: QPointF, rects: list[QRectF]) -> bool:
        """Whether the segment a-b passes through any of ``rects`` (sampled every 2 px)."""
        steps = max(2, int(((b.x() - a.x()) ** 2 + (b.y() - a.y()) ** 2) ** 0.5 / 2))
        points = [a + (b - a) * (i / steps) for i in range(1, steps + 1)]
        return any(r.contains(p) for r in rects for p in points)

    LABEL_GAP = 1.0
    """Pixels kept free around each label's halo."""

    def _footprint(self, label: LabelItem) -> tuple[float, float]:
        box = label.boundingRect()
        return box.width() + 2 * self.LABEL_GAP, box.height() + 2 * self.LABEL_GAP

    def _halo_offset(self) -> QPointF:
        """From a footprint's top-left corner to the label's text origin."""
        return QPointF(LabelItem.HALO_X + self.LABEL_GAP, LabelItem.HALO_Y + self.LABEL_GAP)

    def _show_at(self, label: LabelItem, spot: tuple[float, float] | None) -> None:
        """Show a token's or marker's label at ``spot`` (pixels from its parent)."""
        label.setVisible(spot is not None)
        if spot is not None:
            label.setPos(QPointF(*spot) + self._halo_offset())

    def _scene_point(self, viewport: QPointF) -> QPointF:
        return self.viewportTransform().inverted()[0].map(viewport)

    def _spread_tokens(self, scene: MapScene) -> None:
        """Push tokens that overlap on screen apart (a few relaxation rounds)."""
        tokens = list(scene.tokens.values())
        pts = [self.mapFromScene(t.home) for t in tokens]
        xy = [[float(p.x()), float(p.y())] for p in pts]
        gap = 2 * max((t.radius for t in tokens), default=ActorToken.RADIUS) + 4
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

    def _place(self, x: float, y: float, w: float, h: float,
               options: list[tuple[float, float]], taken: list[QRectF]
               ) -> tuple[float, float] | None:
        """The first offset whose footprint misses every rectangle in ``taken`` (then
        taken too), preferring spots wholly inside the viewport; ``None`` if none is free."""
        inside = QRectF(self.viewport().rect())
        for must_be_inside in (True, False):
            for dx, dy in options:
                rect = QRectF(x + dx, y + dy, w, h)
                if must_be_inside and not inside.contains(rect):
                    continue
                if not any(rect.intersects(t) for t in taken):
                    taken.append(rect)
                    return dx, dy
        return None

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
        self._place_note()
        if self._zoom == 1.0:
            self.fit()
        else:
            self.layout_labels()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._place_note()
        if not self._fitted or self._zoom == 1.0:
            self.fit()
        else:
            self.layout_labels()

    def _place_note(self, discs: list[QRectF] | None = None) -> None:
        """Put the note in the first corner (bottom left, bottom right, top left, top
        right) where it hides no actor token; bottom left if every corner would."""
        width = min(round(360 * self.text_scale),
                    max(160, self.viewport().width() // 3))
        self.note.ensurePolished()  # the style sheet's font size, not the inherited one
        self.note.setMinimumHeight(0)
        self.note.setMaximumHeight(16777215)
        self.note.setFixedWidth(width)  # heightForWidth is bounded by the width limits
        height = self.note.heightForWidth(width)
        if height <= 0:
            height = self.note.sizeHint().height()
        self.note.setFixedHeight(height)
        view = self.viewport().rect()
        left, top = 8, 8
        right = view.width() - width - 8
        bottom = view.height() - height - 8
        corners = [(left, bottom), (right, bottom), (left, top), (right, top)]
        for x, y in corners:
            box = QRectF(x, y, width, height)
            if not any(box.intersects(d) for d in discs or ()):
                self.note.move(x, y)
                return
        self.note.move(*corners[0])
