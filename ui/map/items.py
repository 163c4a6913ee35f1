"""Map items: region polygons, actor tokens, rivalry arcs, relationship links, markers."""

from __future__ import annotations

import math
from typing import ClassVar

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsPathItem,
    QGraphicsSimpleTextItem,
    QStyleOptionGraphicsItem,
    QWidget,
)

from ui import theme

KIND_ROLE = 0
ID_ROLE = 1


def on_device(painter: QPainter, pen: QPen) -> QPen:
    """``pen`` with its cosmetic width scaled to the paint device's pixel ratio.

    A cosmetic pen's width is in device pixels, so on a 200 % screen a 5-pixel
    rivalry line would look half as thick as on a 100 % one.
    """
    device = painter.device()
    ratio = device.devicePixelRatioF() if device is not None else 1.0
    if ratio == 1.0 or not pen.isCosmetic():
        return pen
    scaled = QPen(pen)
    scaled.setWidthF(pen.widthF() * ratio)
    return scaled


class LabelItem(QGraphicsSimpleTextItem):
    """Text that keeps its on-screen size at any zoom, drawn on a soft halo.

    Its point size is ``size`` times the scene's text scale (:meth:`set_scale`, the
    projector's font zoom). :meth:`boundingRect` includes the halo, so the label
    layout keeps halos apart too.
    """

    HALO_X = 2.0
    HALO_Y = 1.0

    def __init__(self, text: str, parent: QGraphicsItem | None = None, *, bold: bool = False,
                 size: float = 9.0) -> None:
        super().__init__(text, parent)
        self.base_size = size
        font = QFont()
        font.setPointSizeF(size)
        font.setBold(bold)
        self.setFont(font)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        dark = theme.is_dark()
        self.setBrush(QColor("#f2f2f2") if dark else QColor("#1a1a1a"))
        self._halo = QColor(20, 22, 26, 170) if dark else QColor(255, 255, 255, 190)

    def set_scale(self, scale: float) -> None:
        font = self.font()
        font.setPointSizeF(self.base_size * scale)
        self.setFont(font)

    def boundingRect(self) -> QRectF:
        return super().boundingRect().adjusted(-self.HALO_X, -self.HALO_Y, self.HALO_X,
                                               self.HALO_Y)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRect(self.boundingRect())
        return path

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self._halo)
        painter.drawRoundedRect(self.boundingRect(), 3, 3)
        super().paint(painter, option, widget)


class RegionItem(QGraphicsPathItem):
    def __init__(self, region_id: str, name: str, path: QPainterPath, theatre: bool) -> None:
        super().__init__(path)
        mode = theme.mode()
        fill = theme.THEATRE_FILL[mode] if theatre else theme.CONTEXT_FILL[mode]
        self.setBrush(QColor(fill))
        pen = QPen(QColor(theme.BORDER[mode]), 0.8 if theatre else 0.5)
        pen.setCosmetic(True)
        self.setPen(pen)
        self.setToolTip(name)
        self.setZValue(0 if theatre else -1)
        self.setData(KIND_ROLE, "region")
        self.setData(ID_ROLE, region_id)


class ActorToken(QGraphicsEllipseItem):
    """A disc in the actor's colour with its id; selectable."""

    RADIUS = 11.0

    def __init__(self, actor_id: str, name: str, colour: str, at: QPointF) -> None:
        r = self.radius = self.RADIUS
        super().__init__(QRectF(-r, -r, 2 * r, 2 * r))
        self.actor_id = actor_id
        self.home = QPointF(at)
        """Where the actor is; the token may be nudged off it to avoid overlaps."""
        self.setPos(at)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setBrush(QColor(colour))
        self.setPen(QPen(QColor("#ffffff"), 2))
        self.setZValue(20)
        self.setToolTip(name)
        self.setData(KIND_ROLE, "actor")
        self.setData(ID_ROLE, actor_id)
        self.code = QGraphicsSimpleTextItem(actor_id[:3], self)
        self.code.setBrush(theme.readable_on(QColor(colour)))
        self.label = LabelItem(name, self, bold=True)
        self.label.setPos(r + 3, -self.label.boundingRect().height() / 2)
        self.label.setZValue(21)
        self.leader = QGraphicsLineItem(self)
        """Joins the label to the disc when the label had to go farther out."""
        pen = QPen(QColor("#d0d0d0") if theme.is_dark() else QColor("#303030"), 1.2)
        pen.setCosmetic(True)
        self.leader.setPen(pen)
        self.leader.setFlag(QGraphicsItem.GraphicsItemFlag.ItemStacksBehindParent)
        self.leader.hide()
        self.set_scale(1.0)

    def set_leader(self, start: QPointF | None, end: QPointF | None) -> None:
        """Show the leader line from ``start`` to ``end`` (pixels from the centre), or
        hide it when either is ``None``."""
        if start is None or end is None:
            self.leader.hide()
            return
        self.leader.setLine(start.x(), start.y(), end.x(), end.y())
        self.leader.show()

    def set_scale(self, scale: float) -> None:
        """The disc and its code at ``scale`` times their normal size (the label has
        its own scale, :meth:`LabelItem.set_scale`)."""
        r = self.radius = self.RADIUS * scale
        self.setRect(QRectF(-r, -r, 2 * r, 2 * r))
        font = QFont()
        font.setPointSizeF(7 * scale)
        font.setBold(True)
        self.code.setFont(font)
        b = self.code.boundingRect()
        self.code.setPos(-b.width() / 2, -b.height() / 2)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        if self.isSelected():
            painter.setPen(QPen(QColor("#3d7bd9"), 4))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(self.rect().adjusted(-3, -3, 3, 3))
        painter.setPen(self.pen())
        painter.setBrush(self.brush())
        painter.drawEllipse(self.rect())


def arc_path(a: QPointF, b: QPointF, bend: float) -> tuple[QPainterPath, QPointF]:
    """A quadratic arc from a to b bulging by ``bend`` (fraction of the length); its midpoint."""
    mid = (a + b) / 2
    dx, dy = b.x() - a.x(), b.y() - a.y()
    length = math.hypot(dx, dy) or 1.0
    normal = QPointF(-dy / length, dx / length)
    control = mid + normal * (bend * length)
    path = QPainterPath(a)
    path.quadTo(control, b)
    return path, path.pointAtPercent(0.5)


class RivalryArc(QGraphicsPathItem):
    """The line between a rivalry's two sides, coloured by its current rung."""

    def __init__(self, rivalry_id: str, name: str, a: QPointF, b: QPointF, bend: float,
                 background: bool) -> None:
        path, mid = arc_path(a, b, bend)
        super().__init__(path)
        self.rivalry_id = rivalry_id
        self.name = name
        self.background = background
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setZValue(10)
        self.setData(KIND_ROLE, "rivalry")
        self.setData(ID_ROLE, rivalry_id)
        self.label = LabelItem("", None, size=8.5)
        """A scene item of its own (the scene adds it), so it stacks above every arc,
        not only its own."""
        self.label_anchor = mid
        self.label.setPos(mid)
        self.label.setZValue(12)
        self.set_rung(0, "")

    def set_rung(self, rung: int, rung_name: str) -> None:
        colour = theme.rung_colour(rung)
        pen = QPen(colour, 5 if not self.background else 3)
        pen.setCosmetic(True)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        if self.background:
            pen.setStyle(Qt.PenStyle.DashLine)
        self.setPen(pen)
        self.label.setText(f"{self.rivalry_id}: {rung}")
        self.setToolTip(f"{self.name}\nRung {rung}: {rung_name}")

    def shape(self) -> QPainterPath:
        from PySide6.QtGui import QPainterPathStroker

        stroker = QPainterPathStroker()
        stroker.setWidth(1.5)
        return stroker.createStroke(self.path())

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        if self.isSelected():
            halo = QPen(QColor("#3d7bd9"), self.pen().widthF() + 6)
            halo.setCosmetic(True)
            painter.setPen(on_device(painter, halo))
            painter.drawPath(self.path())
        painter.setPen(on_device(painter, self.pen()))
        painter.setBrush(QBrush(Qt.BrushStyle.NoBrush))
        painter.drawPath(self.path())


class LinkLine(QGraphicsPathItem):
    """A relationship (proxy, alignment, sanctuary) drawn on demand."""

    STYLES: ClassVar[dict[str, tuple[str, Qt.PenStyle]]] = {
        "patron_proxy": ("#7b3294", Qt.PenStyle.DotLine),
        "sanctuary": ("#a6611a", Qt.PenStyle.DashDotLine),
        "alignment": ("#2c7bb6", Qt.PenStyle.DotLine)}

    def __init__(self, kind: str, a: QPointF, b: QPointF, tooltip: str) -> None:
        path, _ = arc_path(a, b, -0.12)
        super().__init__(path)
        colour, style = self.STYLES.get(kind, ("#777777", Qt.PenStyle.DotLine))
        pen = QPen(QColor(colour), 2.5, style)
        pen.setCosmetic(True)
        self.setPen(pen)
        self.kind = kind
        self.setToolTip(tooltip)
        self.setZValue(8)
        self.setVisible(False)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        painter.setPen(on_device(painter, self.pen()))
        painter.setBrush(QBrush(Qt.BrushStyle.NoBrush))
        painter.drawPath(self.path())


class MarkerItem(QGraphicsEllipseItem):
    def __init__(self, name: str, kind: str, at: QPointF, description: str) -> None:
        r = 3.5 if kind == "capital" else 3.0
        super().__init__(QRectF(-r, -r, 2 * r, 2 * r))
        self.setPos(at)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        dark = theme.is_dark()
        if kind == "hotspot":
            self.setBrush(QColor("#d9412b"))
            self.setPen(QPen(QColor("#ffffff"), 1))
        else:
            self.setBrush(QColor("#e8e8e8") if dark else QColor("#333333"))
            self.setPen(QPen(QColor("#333333") if dark else QColor("#ffffff"), 1))
        self.setZValue(15)
        self.setToolTip(f"{name} ({kind})" + (f"\n{description}" if description else ""))
        self.label = LabelItem(name, self, size=7.5)
        self.label.setPos(r + 2, -r - 12)
