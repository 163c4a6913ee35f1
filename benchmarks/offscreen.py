"""What the screenshot scripts share: headless Qt, throw-away settings, the app, pictures.

Importing this module (before anything imports PySide6) selects Qt's offscreen platform
unless ``QT_QPA_PLATFORM`` is set, puts the repository on ``sys.path`` and points
``WARGAME_GUI_SETTINGS`` at a fresh settings file, so a run never reads or changes the
user's recent games, crash marker or window layout. Used by gui_screenshots.py,
guide_screenshots.py, projector_screenshots.py and stations_screenshot.py.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("WARGAME_GUI_SETTINGS", str(Path(tempfile.mkdtemp()) / "settings.ini"))

SCREENSHOTS = ROOT / "docs" / "screenshots"
THEMES = ("light", "dark", "system")


def arguments(*, theme: bool = False) -> argparse.ArgumentParser:
    """A parser with ``--out DIR`` (default docs/screenshots) and, with ``theme``,
    ``--theme`` (default light)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(SCREENSHOTS), help="where the pictures go")
    if theme:
        parser.add_argument("--theme", default="light", choices=THEMES)
    return parser


def start_app(theme: str | None = "light") -> Any:
    """The application object, set up as ``wargame-gui`` sets it up, in ``theme``
    (None: Qt's own style, no theme applied)."""
    from ui import theme as themes
    from ui.app import make_app

    app = make_app(sys.argv)
    if theme is not None:
        themes.apply(theme)
    return app


def settle(rounds: int = 5) -> None:
    """Let queued layout and paint events run before a picture is taken."""
    from PySide6.QtWidgets import QApplication

    for _ in range(rounds):
        QApplication.processEvents()


class Camera:
    """Saves pictures of widgets as ``<out>/<prefix><name><suffix>.png``, printing each."""

    def __init__(self, out: str | Path, *, prefix: str = "", suffix: str = "") -> None:
        self.out = Path(out)
        self.out.mkdir(parents=True, exist_ok=True)
        self.prefix, self.suffix = prefix, suffix

    def shot(self, widget: Any, name: str, *, rect: Any = None, over: Any = None) -> Path:
        """Save ``widget`` (only ``rect`` of it, if given); with ``over``, that window
        drawn on top of it, centred across and a third of the way down."""
        from PySide6.QtCore import QPoint
        from PySide6.QtGui import QPainter

        settle()
        image = widget.grab(rect) if rect is not None else widget.grab()
        if over is not None:
            top = over.grab()
            painter = QPainter(image)
            painter.drawPixmap(QPoint((image.width() - top.width()) // 2,
                                      (image.height() - top.height()) // 3), top)
            painter.end()
        path = self.out / f"{self.prefix}{name}{self.suffix}.png"
        if not image.save(str(path)):
            raise OSError(f"cannot write {path}")
        print(path, f"{image.width()}x{image.height()}")
        return path
