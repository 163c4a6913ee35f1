"""Colours and palettes: light and dark palettes built from palette roles, rung colours.

Widgets draw text with ``palette().color(QPalette.ColorRole.WindowText)`` (or
``Text``) and never hard-code black; the only fixed colours are the data colours
below (rung scale, actor colours from the scenario), chosen to read on both palettes.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette

#: Rung 0..9: green -> yellow -> orange -> red -> purple.
RUNG_COLOURS = ("#2e9d48", "#6bb33a", "#b5c72c", "#e3c61f", "#f0a020", "#ea7424", "#d9412b",
                "#b8203a", "#8e2a8c", "#5b1f7a")
CONTEXT_FILL = {"light": "#eceae4", "dark": "#3a3d42"}
THEATRE_FILL = {"light": "#d7dfcf", "dark": "#4b5548"}
SEA = {"light": "#cfe2ef", "dark": "#1e2a36"}
BORDER = {"light": "#8c8c84", "dark": "#8d939a"}


def rung_colour(rung: int) -> QColor:
    return QColor(RUNG_COLOURS[max(0, min(9, rung))])


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def mode() -> str:
    return "dark" if is_dark() else "light"


def readable_on(background: QColor) -> QColor:
    """Black or white, whichever reads better on ``background``."""
    r, g, b = background.redF(), background.greenF(), background.blueF()
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return QColor("#111111") if luminance > 0.5 else QColor("#ffffff")


def dark_palette() -> QPalette:
    p = QPalette()
    roles = QPalette.ColorRole
    window, base, text = QColor("#2b2d31"), QColor("#1f2023"), QColor("#e8e8e8")
    p.setColor(roles.Window, window)
    p.setColor(roles.WindowText, text)
    p.setColor(roles.Base, base)
    p.setColor(roles.AlternateBase, QColor("#27292d"))
    p.setColor(roles.ToolTipBase, QColor("#3a3d42"))
    p.setColor(roles.ToolTipText, text)
    p.setColor(roles.Text, text)
    p.setColor(roles.Button, QColor("#35373c"))
    p.setColor(roles.ButtonText, text)
    p.setColor(roles.BrightText, QColor("#ff6b6b"))
    p.setColor(roles.Highlight, QColor("#3d7bd9"))
    p.setColor(roles.HighlightedText, QColor("#ffffff"))
    p.setColor(roles.Link, QColor("#7ab4ff"))
    p.setColor(roles.PlaceholderText, QColor("#9a9a9a"))
    p.setColor(roles.Mid, QColor("#4a4d52"))
    p.setColor(roles.Midlight, QColor("#44474c"))
    p.setColor(roles.Dark, QColor("#18191b"))
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7d7d7d"))
    return p


def light_palette() -> QPalette:
    from PySide6.QtWidgets import QApplication, QStyleFactory

    style = QStyleFactory.create("Fusion") or QApplication.style()
    return style.standardPalette()


def apply(name: str) -> None:
    """Apply ``light``, ``dark`` or ``system`` to the running application."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    app.setStyle("Fusion")
    if name == "dark":
        app.setPalette(dark_palette())
    elif name == "light":
        app.setPalette(light_palette())
    else:
        app.setPalette(QPalette())
