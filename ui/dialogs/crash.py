"""Unexpected exceptions: a dialog instead of a crash; the journal already holds the game."""

from __future__ import annotations

import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

_showing = False
last_error: str = ""
_open_boxes: list[QMessageBox] = []


def format_exception(kind: type[BaseException], value: BaseException,
                     tb: TracebackType | None) -> str:
    return "".join(traceback.format_exception(kind, value, tb))


def excepthook(kind: type[BaseException], value: BaseException,
               tb: TracebackType | None) -> None:
    """Show the error and keep running; every command was already journalled."""
    global _showing, last_error
    text = format_exception(kind, value, tb)
    last_error = text
    sys.stderr.write(text)
    if _showing or QApplication.instance() is None or issubclass(kind, KeyboardInterrupt):
        return
    _showing = True
    try:
        box = QMessageBox(QMessageBox.Icon.Critical, "Unexpected error",
                          "Something went wrong in the app. Your game is safe: every "
                          "command was saved the moment it was entered.\n\n"
                          f"{kind.__name__}: {value}")
        box.setDetailedText(text)
        if _non_blocking():
            _open_boxes.append(box)
            box.finished.connect(lambda _r: _open_boxes.remove(box))
            box.open()
        else:
            box.exec()
    finally:
        _showing = False


def _non_blocking() -> bool:
    import os

    return os.environ.get("QT_QPA_PLATFORM") == "offscreen"


def install() -> None:
    sys.excepthook = excepthook
