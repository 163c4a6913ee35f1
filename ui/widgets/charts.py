"""Small line charts painted with ``QPainter`` (QtCharts is not a dependency).

A chart can mark one turn with a vertical line and a caption (the branch point
of a what-if comparison), and a series can be dashed (the second game).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

PALETTE = ("#1b7837", "#e08214", "#5e3c99", "#b2182b", "#2166ac", "#8c510a", "#01665e",
           "#c51b7d")


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: tuple[float, ...]
    colour: str
    dashed: bool = False
    width: float = 2.2


class LineChart(QWidget):
    """One chart: a title, y range, several series over turns, and a legend."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.series: list[Series] = []
        self.y_range: tuple[float, float] | None = None
        self.integer_axis = False
        self.marker: tuple[float, str] | None = None
        """(turn index, caption) of a vertical marker line, if any."""
        self.setMinimumSize(240, 230)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(320, 190)

    def set_series(self, series: Sequence[Series], y_range: tuple[float, float] | None = None,
                   integer_axis: bool = False) -> None:
        self.series = list(series)
        self.y_range = y_range
        self.integer_axis = integer_axis
        self.update()

    def set_marker(self, index: float | None, caption: str = "") -> None:
        self.marker = None if index is None else (index, caption)
        self.update()

    def _range(self) -> tuple[float, float]:
        if self.y_range is not None:
            return self.y_range
        values = [v for s in self.series for v in s.values]
        if not values:
            return 0.0, 1.0
        lo, hi = min(values), max(values)
        if lo == hi:
            lo, hi = lo - 1, hi + 1
        return lo, hi

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        grid = QColor(text)
        grid.setAlpha(50)
        small = self.font()
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.85))
        p.setFont(small)
        fm = QFontMetrics(small)
        p.setPen(text)
        title_h = fm.height() + 4
        p.drawText(QRectF(0, 0, self.width(), title_h), Qt.AlignmentFlag.AlignLeft
                   | Qt.AlignmentFlag.AlignVCenter, self.title)
        legend_h = self._legend_height(fm)
        lo, hi = self._range()
        label_w = max(fm.horizontalAdvance(self._fmt(v)) for v in (lo, hi)) + 6
        plot = QRectF(label_w, title_h + 4, self.width() - label_w - 8,
                      self.height() - title_h - legend_h - fm.height() - 10)
        if plot.width() < 20 or plot.height() < 20:
            return
        n = max((len(s.values) for s in self.series), default=0)
        # grid and y labels
        for value in self._ticks(lo, hi):
            y = self._y(plot, value, lo, hi)
            p.setPen(QPen(grid, 1))
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            p.setPen(text)
            p.drawText(QRectF(0, y - fm.height() / 2, label_w - 4, fm.height()),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       self._fmt(value))
        # x labels (turns)
        if n:
            step = max(1, n // 8)
            for t in range(0, n, step):
                x = self._x(plot, t, n)
                p.drawText(QRectF(x - 20, plot.bottom() + 2, 40, fm.height()),
                           Qt.AlignmentFlag.AlignHCenter, str(t))
        else:
            p.drawText(plot, Qt.AlignmentFlag.AlignCenter, "No turns played yet")
        if self.marker is not None and n:
            self._draw_marker(p, fm, plot, n, text)
        # series
        for s in self.series:
            if not s.values:
                continue
            pen = QPen(QColor(s.colour), s.width)
            if s.dashed:
                pen.setStyle(Qt.PenStyle.DashLine)
            p.setPen(pen)
            pts = [QPointF(self._x(plot, i, n), self._y(plot, v, lo, hi))
                   for i, v in enumerate(s.values)]
            for a, b in pairwise(pts):
                p.drawLine(a, b)
            p.setPen(QPen(QColor(s.colour), 1))
            p.setBrush(QColor(s.colour))
            for pt in pts:
                p.drawEllipse(pt, 2.5, 2.5)
            p.setBrush(Qt.BrushStyle.NoBrush)
        self._draw_legend(p, fm, self.height() - legend_h, text)
        p.end()

    def _draw_marker(self, p: QPainter, fm: QFontMetrics, plot: QRectF, n: int,
                     text: QColor) -> None:
        index, caption = self.marker  # type: ignore[misc]
        x = self._x(plot, int(index), n) if n > 1 else plot.center().x()
        colour = QColor(text)
        colour.setAlpha(150)
        p.setPen(QPen(colour, 1.4, Qt.PenStyle.DotLine))
        p.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
        if caption:
            w = fm.horizontalAdvance(caption) + 6
            left = x + 3 if x + 3 + w <= plot.right() else x - 3 - w
            p.setPen(text)
            p.drawText(QRectF(left, plot.top(), w, fm.height()),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, caption)

    def _ticks(self, lo: float, hi: float) -> list[float]:
        """Five even grid lines, or whole numbers only on an integer axis (0, 3, 6, 9)."""
        if not self.integer_axis:
            return [lo + i * (hi - lo) / 4 for i in range(5)]
        step = max(1, math.ceil((hi - lo) / 4))
        return [float(v) for v in range(math.ceil(lo), math.floor(hi) + 1, step)]

    def _fmt(self, v: float) -> str:
        return f"{v:.0f}" if self.integer_axis or abs(v) >= 10 else f"{v:.1f}"

    @staticmethod
    def _x(plot: QRectF, i: int, n: int) -> float:
        return plot.left() + (plot.width() * i / (n - 1) if n > 1 else plot.width() / 2)

    @staticmethod
    def _y(plot: QRectF, v: float, lo: float, hi: float) -> float:
        return plot.bottom() - (v - lo) / (hi - lo) * plot.height()

    def _legend_rows(self, fm: QFontMetrics) -> list[list[Series]]:
        rows: list[list[Series]] = [[]]
        width = 0
        for s in self.series:
            w = fm.horizontalAdvance(s.name) + 28
            if rows[-1] and width + w > self.width():
                rows.append([])
                width = 0
            rows[-1].append(s)
            width += w
        return rows if rows[0] else []

    def _legend_height(self, fm: QFontMetrics) -> int:
        return len(self._legend_rows(fm)) * (fm.height() + 2)

    def _draw_legend(self, p: QPainter, fm: QFontMetrics, top: float, text: QColor) -> None:
        y = top
        for row in self._legend_rows(fm):
            x = 4.0
            for s in row:
                pen = QPen(QColor(s.colour), 3)
                if s.dashed:
                    pen.setStyle(Qt.PenStyle.DashLine)
                    pen.setWidthF(2.2)
                p.setPen(pen)
                p.drawLine(QPointF(x, y + fm.height() / 2), QPointF(x + 14, y + fm.height() / 2))
                p.setPen(text)
                p.drawText(QPointF(x + 18, y + fm.ascent()), s.name)
                x += fm.horizontalAdvance(s.name) + 28
            y += fm.height() + 2
