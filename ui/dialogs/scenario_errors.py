"""Shows every problem of an invalid scenario as ``file:line:col: path: message``."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wargame.errors import ScenarioError


def problem_lines(error: ScenarioError) -> list[str]:
    return [str(p) for p in error.problems] or [str(error)]


class ScenarioErrorsDialog(QDialog):
    def __init__(self, error: ScenarioError, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("The scenario has problems")
        self.lines = problem_lines(error)
        layout = QVBoxLayout(self)
        n = len(self.lines)
        layout.addWidget(QLabel(f"<b>{n} problem{'s' if n != 1 else ''}</b> must be fixed "
                                "before this scenario can be played:"))
        self.list = QListWidget()
        self.list.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.list.addItems(self.lines)
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = QPushButton("Copy")
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText("\n".join(self.lines)))
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.resize(760, 320)
