"""Add a bookmark: a label and an annotation at a point of the game (the replay position)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from ui.controller import Controller


class BookmarkDialog(QDialog):
    """Asks for a label and an annotation; on OK journals the bookmark at ``position``."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.position = controller.position
        self.setWindowTitle("Add bookmark")
        self.where = QLabel(controller.position_text())
        self.where.setWordWrap(True)
        self.label = QLineEdit()
        self.label.setPlaceholderText("e.g. The crisis peaks")
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("Annotation for the debrief and the report (optional)")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setEnabled(False)
        self.label.textChanged.connect(lambda t: self.ok.setEnabled(bool(t.strip())))
        form = QFormLayout(self)
        form.addRow("At", self.where)
        form.addRow("Label", self.label)
        form.addRow("Annotation", self.text)
        form.addRow(self.buttons)
        self.resize(460, 260)

    def accept(self) -> None:
        label = self.label.text().strip()
        if label and self.controller.bookmark(label, self.text.toPlainText().strip(),
                                              at_seq=self.position):
            super().accept()
