"""Give the keyboard back to the window a dialog came from.

Without a window manager (Xvfb, some kiosk set-ups) nothing re-activates a window
when its dialog closes: no window has the focus and every shortcut (Ctrl+N,
Ctrl+Return…) is dead until the window is clicked. These helpers re-activate the
dialog's window once the dialog has closed, unless another window of the app has
taken the focus meanwhile (or the user has gone to another program's window, in
which case the app has no active window but also no dialog just closed).
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget


def reactivate(window: QWidget) -> None:
    """Activate ``window`` if it is shown and no window of the app is active."""
    if not shiboken6.isValid(window) or not window.isVisible():
        return
    if QApplication.activeWindow() is None:
        window.activateWindow()


def return_focus(dialog: QDialog, window: QWidget) -> QDialog:
    """When ``dialog`` closes, give the keyboard back to ``window``; returns the dialog."""
    dialog.finished.connect(lambda _result: QTimer.singleShot(0, lambda: reactivate(window)))
    return dialog
