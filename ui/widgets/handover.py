"""Hand-over covers and the private team flow (cover -> team screen -> cover).

While the laptop is with a team, the window shows nothing but that team's view:
the main window hides every facilitator dock and disables the menus.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from ui.controller import Controller
from ui.widgets.team_screen import TeamScreen
from wargame.views import FACILITATOR, actor_view


class Cover(QWidget):
    """A full-window screen with one message and one big button (and an optional cancel)."""

    confirmed = Signal()
    cancelled = Signal()

    def __init__(self, message: str, button: str, cancel: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAutoFillBackground(True)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        self.message = QLabel(message)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        font = self.message.font()
        font.setPointSizeF(font.pointSizeF() * 2.2)
        font.setBold(True)
        self.message.setFont(font)
        layout.addWidget(self.message)
        layout.addSpacing(24)
        row = QHBoxLayout()
        row.addStretch(1)
        self.button = QPushButton(button)
        big = self.button.font()
        big.setPointSizeF(big.pointSizeF() * 1.5)
        self.button.setFont(big)
        self.button.setMinimumSize(320, 56)
        self.button.setDefault(True)
        self.button.clicked.connect(self.confirmed)
        row.addWidget(self.button)
        row.addStretch(1)
        layout.addLayout(row)
        self.cancel_button: QPushButton | None = None
        if cancel:
            self.cancel_button = QPushButton(cancel)
            self.cancel_button.setFlat(True)
            self.cancel_button.clicked.connect(self.cancelled)
            low = QHBoxLayout()
            low.addStretch(1)
            low.addWidget(self.cancel_button)
            low.addStretch(1)
            layout.addSpacing(12)
            layout.addLayout(low)
        layout.addStretch(3)


class TeamFlow(QStackedWidget):
    """Pass to team -> team's own screen -> pass back. Emits :attr:`finished` at the end."""

    finished = Signal(bool)
    """True if orders were sealed."""

    def __init__(self, controller: Controller, actor: str, *, handover: bool = True,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.actor = actor
        self.sealed = False
        team = html.escape(controller.team_label(actor))
        self.cover_in = Cover(f"Pass the laptop to {team}", f"I am {team}",
                              cancel="Cancel (facilitator)")
        self.cover_out = Cover("Orders sealed.\nPass the laptop back to the facilitator.",
                               "I am the facilitator")
        self.team_screen: TeamScreen | None = None
        self.addWidget(self.cover_in)
        self.addWidget(self.cover_out)
        self.cover_in.confirmed.connect(self.open_team_screen)
        self.cover_in.cancelled.connect(lambda: self._finish(False))
        self.cover_out.confirmed.connect(lambda: self._finish(True))
        self.handover = handover
        if handover:
            self.setCurrentWidget(self.cover_in)
        else:
            self.open_team_screen()

    def open_team_screen(self) -> None:
        self.controller.set_view(actor_view(self.actor))
        self.team_screen = TeamScreen(self.controller, self.actor)
        self.team_screen.editor.sealed.connect(self._on_sealed)
        self.team_screen.cancelled.connect(self._on_cancel)
        self.addWidget(self.team_screen)
        self.setCurrentWidget(self.team_screen)

    def _drop_screen(self) -> None:
        if self.team_screen is not None:
            self.removeWidget(self.team_screen)
            self.team_screen.deleteLater()
            self.team_screen = None

    def _on_sealed(self, _actor: str) -> None:
        self.sealed = True
        self._drop_screen()
        if self.handover:
            self.setCurrentWidget(self.cover_out)
        else:
            self._finish(True)

    def _on_cancel(self) -> None:
        self._drop_screen()
        if self.handover:
            self.cover_out.message.setText("Not sealed.\nPass the laptop back to the facilitator.")
            self.setCurrentWidget(self.cover_out)
        else:
            self._finish(False)

    def _finish(self, sealed: bool) -> None:
        self.controller.set_view(FACILITATOR)
        self.finished.emit(sealed and self.sealed)
