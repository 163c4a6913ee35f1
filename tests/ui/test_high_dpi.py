"""High-DPI screens: map lines keep their on-screen thickness at any pixel ratio."""

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen

from ui.map.items import RivalryArc, on_device


def _painter_on(ratio: float) -> tuple[QImage, QPainter]:
    size = int(200 * ratio)  # 200 x 200 logical pixels
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.setDevicePixelRatio(ratio)
    image.fill(Qt.GlobalColor.white)
    return image, QPainter(image)


def test_cosmetic_pens_scale_with_the_pixel_ratio(qapp) -> None:  # type: ignore[no-untyped-def]
    cosmetic = QPen(QColor("#000000"), 5)
    cosmetic.setCosmetic(True)
    scene_units = QPen(QColor("#000000"), 5)
    for ratio, expected in ((1.0, 5.0), (2.0, 10.0), (1.5, 7.5)):
        _image, painter = _painter_on(ratio)  # the image must outlive the painter
        assert on_device(painter, cosmetic).widthF() == expected
        assert on_device(painter, scene_units).widthF() == 5.0  # scaled by the transform
        painter.end()


def _dark_pixels_across(ratio: float) -> int:
    """How many device pixels thick a horizontal rivalry line is drawn."""
    arc = RivalryArc("A-B", "A and B", QPointF(10, 50), QPointF(190, 50), 0.0, False)
    arc.set_rung(9, "war")
    image, painter = _painter_on(ratio)
    arc.paint(painter, None)  # type: ignore[arg-type]
    painter.end()
    column = int(100 * ratio)
    return sum(1 for y in range(image.height())
               if QColor(image.pixel(column, y)).lightness() < 200)


def test_rivalry_lines_look_as_thick_on_a_200_percent_screen(qapp) -> None:  # type: ignore[no-untyped-def]
    one, two = _dark_pixels_across(1.0), _dark_pixels_across(2.0)
    assert one >= 4
    assert abs(two - 2 * one) <= 1
