"""Notes attached to turns: the facilitator's, and private notes for one team."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.controller import Controller


class NotesPanel(QWidget):
    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("Note for this turn…")
        self.text.setMaximumHeight(70)
        self.about = QComboBox()
        self.add_button = QPushButton("Add note")
        self.add_button.clicked.connect(self.add)
        row = QHBoxLayout()
        row.addWidget(self.about, 1)
        row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.text)
        layout.addLayout(row)
        controller.session_changed.connect(self.rebuild)
        controller.state_changed.connect(self.refresh)
        self.rebuild()
        self.refresh()

    def rebuild(self) -> None:
        self.about.clear()
        self.about.addItem("Facilitator note", None)
        if self.controller.has_game:
            for a in self.controller.scenario.actors:
                self.about.addItem(f"Private note for {self.controller.team_label(a.id)}",
                                   a.id)

    def refresh(self) -> None:
        """The notes of the displayed point of the game (new notes only at the live end)."""
        self.list.clear()
        c = self.controller
        self.add_button.setEnabled(c.is_live)
        self.add_button.setToolTip("" if c.is_live else "Back to live to add notes")
        for n in c.displayed.notes if c.has_game else ():
            who = f" [{n.actor}]" if n.actor else ""
            self.list.addItem(f"Turn {n.turn}{who} — {n.author}: {n.text}")

    def add(self) -> bool:
        text = self.text.toPlainText().strip()
        if not text:
            return False
        actor = self.about.currentData()
        ok = self.controller.note(text, author="facilitator", actor=actor)
        if ok:
            self.text.clear()
        return ok
