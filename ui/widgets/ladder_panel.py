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
COMPACT_BOX = 16
"""Width of one rung's box in the compact strip."""


def seen_by_text(perceived: Mapping[str, int], rung: int) -> str:
    """``seen by PAK, TAL`` for the sides that believe the ladder is at ``rung``."""
    marks = sorted(a for a, r in perceived.items() if r == rung)
    return ("seen by " + ", ".join(marks)) if marks else ""


def badge_layout(row: QRectF, badge_text: str, fm: QFontMetrics, indent: float = 26
                 ) -> tuple[QRectF, QRectF | None]:
    """Where a rung's name and its "seen by" badge go in ``row``: the badge at the right
    (never wider than half the row), the name in the space left of it, with a gap.
    The two rectangles never overlap; the caller elides the name to its rectangle."""
    if not badge_text:
        return QRectF(row.left() + indent, row.top(), row.width() - indent - 2,
                      row.height()), None
    width = min(fm.horizontalAdvance(badge_text) + 12, row.width() / 2)
    badge = QRectF(row.right() - width - 1, row.top() + 2, width, row.height() - 4)
    label = QRectF(row.left() + indent, row.top(), badge.left() - 6 - (row.left() + indent),
                   row.height())
    return label, badge


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
        self.compact = False
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
        if self.compact:
            self._paint_compact(p)
            p.end()
            return
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
            mark_text = seen_by_text(self.perceived, rung)
            label_rect, badge = badge_layout(row, mark_text, fm, num_w + 6)
            label = fm.elidedText(label, Qt.TextElideMode.ElideRight, int(label_rect.width()))
            p.drawText(label_rect, Qt.AlignmentFlag.AlignVCenter, label)
            if badge is not None:
                self._badge(p, badge, fm.elidedText(mark_text, Qt.TextElideMode.ElideRight,
                                                    int(badge.width() - 8)))
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

    def _badge(self, p: QPainter, badge: QRectF, text: str) -> None:
        pal = self.palette()
        p.setPen(QPen(pal.color(QPalette.ColorRole.Highlight), 1.5))
        p.setBrush(pal.color(QPalette.ColorRole.Base))
        p.drawRoundedRect(badge, 4, 4)
        p.setPen(pal.color(QPalette.ColorRole.Text))
        p.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)
        p.setBrush(Qt.BrushStyle.NoBrush)

    # ---- compact: one strip of rung boxes, the current rung's name, misreadings

    def set_compact(self, compact: bool) -> None:
        """Compact: the name, a strip of rung boxes and the current rung's name (and any
        misreading on a line of its own), so a dozen ladders fit in the dock."""
        self.compact = compact
        fm = QFontMetrics(self.font())
        if compact:
            self.setFixedHeight(self._compact_top(fm) + COMPACT_BOX + 4)
        else:
            self._measure()
        self.update()

    @staticmethod
    def _compact_top(fm: QFontMetrics) -> int:
        """Top of the strip of rung boxes, under the name line."""
        return 3 + fm.height() + 2

    def _paint_compact(self, p: QPainter) -> None:
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        mid = pal.color(QPalette.ColorRole.Mid)
        fm = QFontMetrics(self.font())
        if self.selected:
            p.fillRect(self.rect(), pal.color(QPalette.ColorRole.AlternateBase))
        bold = QFont(self.font())
        bold.setBold(True)
        p.setFont(bold)
        p.setPen(text)
        line = fm.height()
        misread = ", ".join(f"{side} sees {r}" for side, r in sorted(self.perceived.items()))
        # the right of the name line: a misreading if there is one, else the history
        right = min(self.width() / 2, fm.horizontalAdvance(misread) + 14) if misread else 72
        name = QFontMetrics(bold).elidedText(self.rivalry.name, Qt.TextElideMode.ElideRight,
                                             int(self.width() - right - 12))
        p.drawText(QRectF(6, 2, self.width() - right - 12, line), Qt.AlignmentFlag.AlignVCenter,
                   name)
        p.setFont(self.font())
        corner = QRectF(self.width() - right - 4, 2, right - 2, line + 1)
        if misread:
            self._badge(p, corner, fm.elidedText(misread, Qt.TextElideMode.ElideRight,
                                                 int(corner.width() - 8)))
        else:
            self._sparkline(p, corner, text)
        top = self._compact_top(fm)
        n = len(self.ladder.rungs)
        below = {t.below for t in self.ladder.thresholds}
        x = 6.0
        for rung in range(n):
            box = QRectF(x, top, COMPACT_BOX - 2, COMPACT_BOX)
            colour = theme.rung_colour(rung) if rung <= self.cap else mid
            if rung == self.rung:
                p.fillRect(box.adjusted(-1, -2, 1, 2), colour)
                p.setPen(QPen(text, 1.5))
                p.drawRect(box.adjusted(-1, -2, 1, 2))
            else:
                faded = QColor(colour)
                faded.setAlpha(90)
                p.fillRect(box, faded)
            p.setPen(theme.readable_on(colour) if rung == self.rung else text)
            p.drawText(box, Qt.AlignmentFlag.AlignCenter, str(rung))
            x += COMPACT_BOX
            if rung in below and rung + 1 < n:  # a threshold between this rung and the next
                p.setPen(QPen(text, 1.0, Qt.PenStyle.DashLine))
                p.drawLine(QPointF(x - 1, top - 3), QPointF(x - 1, top + COMPACT_BOX + 3))
                x += 3
        rung_name = f"{self.rung} {self.scenario.rung_name(self.rivalry.id, self.rung)}"
        p.setPen(text)
        room = self.width() - x - 10
        p.drawText(QRectF(x + 6, top, room, COMPACT_BOX), Qt.AlignmentFlag.AlignVCenter,
                   fm.elidedText(rung_name, Qt.TextElideMode.ElideRight, int(room)))

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
                 compact: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.public = public
        self.compact = compact
        """Every ladder as one strip of rungs (the selected one in full)."""
        self.setWidgetResizable(True)
        self.ladders: dict[str, LadderWidget] = {}
        self._inner = QWidget()
        self._layout = QVBoxLayout(self._inner)
        self._layout.setContentsMargins(2, 2, 2, 2)
        self._layout.setSpacing(2)
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
                w.set_compact(self.compact)
        self._layout.addStretch(1)

    def set_compact(self, compact: bool) -> None:
        """Compact: a strip per ladder, so all of them fit; the selected one in full."""
        self.compact = compact
        for w in self.ladders.values():
            w.set_compact(compact and not w.selected)

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
            if self.compact:
                w.set_compact(not w.selected)
            w.update()
        if rivalry_id in self.ladders:
            self.ensureWidgetVisible(self.ladders[rivalry_id])
