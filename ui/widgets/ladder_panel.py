"""Escalation ladders: every rivalry's rungs, thresholds, cap, current rung and history.

For the facilitator each side's *perceived* rung is marked where it differs
from the true one; the public display shows true rungs only (they are public
knowledge in this engine); team screens never use this panel.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QScrollArea, QSizePolicy, QVBoxLayout, QWidget

from ui import theme
from ui.controller import Controller
from wargame.rules.legality import max_rung
from wargame.scenario.models import Scenario

ROW_PADDING = 5
"""Pixels above and below a rung's text; a row is the font's line height plus this."""


class LadderWidget(QWidget):
    """One rivalry's ladder, painted."""

    clicked = Signal(str)

    def __init__(self, scenario: Scenario, rivalry_id: str, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.scenario = scenario
        self.rivalry = scenario.rivalry(rivalry_id)
        self.ladder = scenario.ladder(self.rivalry.ladder)
        self.cap = max_rung(scenario, self.rivalry)
        self.rung = self.rivalry.start_rung
        self.history: tuple[int, ...] = (self.rivalry.start_rung,)
        self.perceived: dict[str, int] = {}
        self.selected = False
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.row = self.header = self.gap = 0
        self.tops: dict[int, float] = {}
        self._measure()
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(self.rivalry.description or self.rivalry.name)

    def sizeHint(self) -> QSize:
        return QSize(300, self.height())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._measure()
            self.update()
        super().changeEvent(event)

    def _measure(self) -> None:
        """Row, header and threshold-gap heights from the font, so the ladder grows
        with it (the projector's zoom) instead of clipping the rung names."""
        line = QFontMetrics(self.font()).height()
        self.row = line + ROW_PADDING
        self.header = 2 * line + 10
        self.gap = max(12, QFontMetrics(self._small_font()).height())
        self.tops = self._row_tops()
        self.setFixedHeight(int(max(self.tops.values(), default=self.header)) + self.row + 6)

    def _small_font(self) -> QFont:
        """The italic threshold captions: two points below the rung names."""
        small = QFont(self.font())
        small.setPointSizeF(max(6.5, self.font().pointSizeF() - 2))
        small.setItalic(True)
        return small

    def _row_tops(self) -> dict[int, float]:
        """Top y of each rung row, top rung first, leaving a gap for each threshold."""
        below = {t.below for t in self.ladder.thresholds}
        tops: dict[int, float] = {}
        y = float(self.header)
        for rung in range(len(self.ladder.rungs) - 1, -1, -1):
            if rung in below and rung + 1 < len(self.ladder.rungs):
                y += self.gap
            tops[rung] = y
            y += self.row
        return tops

    def set_state(self, rung: int, history: tuple[int, ...], perceived: Mapping[str, int]
                  ) -> None:
        self.rung, self.history, self.perceived = rung, history, dict(perceived)
        self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.clicked.emit(self.rivalry.id)
        super().mousePressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        mid = pal.color(QPalette.ColorRole.Mid)
        if self.selected:
            p.fillRect(self.rect(), pal.color(QPalette.ColorRole.AlternateBase))
            p.setPen(QPen(pal.color(QPalette.ColorRole.Highlight), 2))
            p.drawRect(self.rect().adjusted(1, 1, -1, -1))
        bold = QFont(self.font())
        bold.setBold(True)
        fm = QFontMetrics(self.font())
        p.setFont(bold)
        p.setPen(text)
        line = fm.height()
        spark_w = max(92, 5 * line)
        name = QFontMetrics(bold).elidedText(self.rivalry.name, Qt.TextElideMode.ElideRight,
                                             self.width() - spark_w - 18)
        p.drawText(QPointF(6, 4 + fm.ascent()), name)
        p.setFont(self.font())
        sub = f"{self.rivalry.id} · rung {self.rung}" + \
              (" · background" if self.rivalry.background else "")
        p.drawText(QPointF(6, 4 + line + fm.ascent()), sub)
        self._sparkline(p, QRectF(self.width() - spark_w - 8, 6, spark_w, 2 * line - 2), text)
        row_h, num_w = self.row, fm.horizontalAdvance("00") + 8
        n = len(self.ladder.rungs)
        thresholds = {t.below: t.name for t in self.ladder.thresholds}
        for rung in range(n):
            y = self.tops[rung]
            row = QRectF(4, y, self.width() - 8, row_h - 1)
            colour = theme.rung_colour(rung)
            above_cap = rung > self.cap
            if rung == self.rung:
                p.fillRect(row, colour)
            box = QRectF(row.left(), row.top() + 1, num_w, row_h - 3)
            p.fillRect(box, colour if not above_cap else mid)
            p.setPen(theme.readable_on(colour) if not above_cap else text)
            p.drawText(box, Qt.AlignmentFlag.AlignCenter, str(rung))
            if rung == self.rung:
                p.setPen(theme.readable_on(colour))
            else:
                faded = QColor(text)
                faded.setAlpha(110 if above_cap else 255)
                p.setPen(faded)
            label = self.scenario.rung_name(self.rivalry.id, rung)
            if above_cap:
                label += "  (above cap)"
            marks = sorted(a for a, r in self.perceived.items() if r == rung)
            mark_text = ("seen by " + ", ".join(marks)) if marks else ""
            mark_w = fm.horizontalAdvance(mark_text) + 10 if marks else 0
            label = fm.elidedText(label, Qt.TextElideMode.ElideRight,
                                  int(row.width() - num_w - 10 - mark_w))
            p.drawText(row.adjusted(num_w + 6, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, label)
            if marks:
                badge = QRectF(row.right() - mark_w, row.top() + 2, mark_w - 2, row_h - 5)
                p.setPen(QPen(pal.color(QPalette.ColorRole.Highlight), 1.5))
                p.setBrush(pal.color(QPalette.ColorRole.Base))
                p.drawRoundedRect(badge, 4, 4)
                p.setPen(pal.color(QPalette.ColorRole.Text))
                p.drawText(badge, Qt.AlignmentFlag.AlignCenter, mark_text)
                p.setBrush(Qt.BrushStyle.NoBrush)
            if rung in thresholds and rung + 1 < n:
                line_y = y - self.gap / 2 - 0.5
                pen = QPen(text, 1.0, Qt.PenStyle.DashLine)
                p.setPen(pen)
                small = self._small_font()
                sfm = QFontMetrics(small)
                tip = sfm.elidedText(thresholds[rung], Qt.TextElideMode.ElideRight,
                                     int(row.width() * 0.7))
                tw = sfm.horizontalAdvance(tip) + 8
                p.drawLine(QPointF(row.left(), line_y), QPointF(row.right() - tw, line_y))
                p.setFont(small)
                p.setPen(text)
                p.drawText(QRectF(row.right() - tw, line_y - sfm.height() / 2, tw,
                                  sfm.height()), Qt.AlignmentFlag.AlignRight
                           | Qt.AlignmentFlag.AlignVCenter, tip)
                p.setFont(self.font())
            if rung == self.cap and self.cap < n - 1:
                p.setPen(QPen(QColor("#b8203a"), 2))
                p.drawLine(QPointF(row.left(), y), QPointF(row.left() + num_w + 2, y))
        p.end()

    def _sparkline(self, p: QPainter, rect: QRectF, text: QColor) -> None:
        values = self.history
        frame = QColor(text)
        frame.setAlpha(60)
        p.setPen(QPen(frame, 1))
        p.drawRect(rect)
        if len(values) < 2:
            p.setPen(text)
            p.drawText(rect, Qt.AlignmentFlag.AlignCenter, "no history")
            return
        pts = [QPointF(rect.left() + 3 + (rect.width() - 6) * i / (len(values) - 1),
                       rect.bottom() - 3 - (rect.height() - 6) * v / 9)
               for i, v in enumerate(values)]
        for a, b, v in zip(pts, pts[1:], values[1:], strict=False):
            p.setPen(QPen(theme.rung_colour(v), 2))
            p.drawLine(a, b)


class LadderPanel(QScrollArea):
    """All ladders of the game, stacked; emits :attr:`rivalry_selected` on click.

    The facilitator's panel shows each true rung and where a side misreads it;
    ``public=True`` (the projector) shows only the publicly known rungs and history.
    """

    rivalry_selected = Signal(str)

    def __init__(self, controller: Controller, *, public: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.public = public
        self.setWidgetResizable(True)
        self.ladders: dict[str, LadderWidget] = {}
        self._inner = QWidget()
        self._layout = QVBoxLayout(self._inner)
        self._layout.setContentsMargins(2, 2, 2, 2)
        self.setWidget(self._inner)
        controller.session_changed.connect(self.rebuild)
        controller.state_changed.connect(self.refresh)
        self.rebuild()
        self.refresh()

    def rebuild(self) -> None:
        for w in self.ladders.values():
            w.hide()  # deleted later; must not show through until then
            w.deleteLater()
        self.ladders.clear()
        while self._layout.count():
            self._layout.takeAt(0)
        if self.controller.has_game:
            for r in self.controller.scenario.rivalries:
                w = LadderWidget(self.controller.scenario, r.id)
                w.clicked.connect(self.select)
                w.clicked.connect(self.rivalry_selected)
                self.ladders[r.id] = w
                self._layout.addWidget(w)
        self._layout.addStretch(1)

    def refresh(self) -> None:
        if not self.controller.has_game:
            return
        st = self.controller.state
        for rid, w in self.ladders.items():
            rs = st.rivalries[rid]
            if self.public:
                w.set_state(rs.public_rung, (w.rivalry.start_rung, *rs.public_history), {})
                continue
            perceived: dict[str, int] = {}
            for side in w.rivalry.sides:
                seen = st.perceived.get(side, {}).get(rid)
                if seen is not None and seen != rs.rung:
                    perceived[side] = seen
            w.set_state(rs.rung, (w.rivalry.start_rung, *rs.history), perceived)

    def select(self, rivalry_id: str) -> None:
        for rid, w in self.ladders.items():
            w.selected = rid == rivalry_id
            w.update()
        if rivalry_id in self.ladders:
            self.ensureWidgetVisible(self.ladders[rivalry_id])
