"""The replay bar: step through a game turn by turn or command by command.

Buttons (also in the *Replay* menu, with shortcuts): first, back a turn, back a
command, play/pause (one turn per tick), forward a command, next turn, last;
a slider over every journal command; the position ("Turn 4, command 37 of
112"); *Add bookmark here…*, *Branch from here…* and *Back to live*. The bar
only calls :class:`~ui.controller.Controller` replay methods; every view follows
the controller's displayed state.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSlider,
    QStyle,
    QToolButton,
    QWidget,
)

from ui.controller import Controller

PLAY_INTERVAL_MS = 1200
"""Time per turn while playing."""

# (key, tooltip, standard icon, shortcut)
_BUTTONS = (
    ("first", "Start of the game", QStyle.StandardPixmap.SP_MediaSkipBackward, "Alt+Home"),
    ("back", "Back a turn", QStyle.StandardPixmap.SP_MediaSeekBackward, "Alt+PgUp"),
    ("step_back", "Back one command", QStyle.StandardPixmap.SP_ArrowLeft, "Alt+Left"),
    ("play", "Play the turns (pause)", QStyle.StandardPixmap.SP_MediaPlay, "Alt+P"),
    ("step", "Forward one command", QStyle.StandardPixmap.SP_ArrowRight, "Alt+Right"),
    ("next", "Next turn", QStyle.StandardPixmap.SP_MediaSeekForward, "Alt+PgDown"),
    ("last", "Latest point (live)", QStyle.StandardPixmap.SP_MediaSkipForward, "Alt+End"),
)


class ReplayBar(QWidget):
    """Replay controls bound to one controller; emits requests the window handles."""

    bookmark_requested = Signal()
    branch_requested = Signal()

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.locked = False
        """Set while a team has the laptop: no replay (nor its shortcuts) then."""
        self.controls: dict[str, QAction] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.setSpacing(2)
        self.badge = QLabel()
        self.badge.setObjectName("replayBadge")
        self.badge.setMargin(3)
        layout.addWidget(self.badge)
        layout.addSpacing(6)
        for key, tip, icon, shortcut in _BUTTONS:
            action = QAction(self.style().standardIcon(icon), tip, self)
            action.setShortcut(QKeySequence(shortcut))
            action.setToolTip(f"{tip} ({QKeySequence(shortcut).toString()})")
            action.setCheckable(key == "play")
            self.controls[key] = action
            button = QToolButton()
            button.setDefaultAction(action)
            button.setAutoRaise(True)
            layout.addWidget(button)
        a = self.controls
        a["first"].triggered.connect(lambda: self._user_seek(0))
        a["back"].triggered.connect(lambda: self._user_step(controller.step_turn, -1))
        a["step_back"].triggered.connect(lambda: self._user_step(controller.step_command, -1))
        a["step"].triggered.connect(lambda: self._user_step(controller.step_command, 1))
        a["next"].triggered.connect(lambda: self._user_step(controller.step_turn, 1))
        a["last"].triggered.connect(lambda: self._user_seek(controller.live_position))
        a["play"].toggled.connect(self.set_playing)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setMinimumWidth(160)
        self.slider.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.slider.setToolTip("Every journal command of the game")
        self.slider.valueChanged.connect(self._on_slider)
        layout.addSpacing(6)
        layout.addWidget(self.slider, 2)
        self.label = QLabel()
        self.label.setMinimumWidth(260)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.label, 3)
        self.bookmark_button = QPushButton("Add bookmark here…")
        self.bookmark_button.clicked.connect(self.bookmark_requested)
        self.branch_button = QPushButton("Branch from here…")
        self.branch_button.setToolTip("Save a what-if game that shares the history up to this "
                                      "point, and continue in it")
        self.branch_button.clicked.connect(self.branch_requested)
        self.live_button = QPushButton("Back to live")
        self.live_button.setToolTip("Show the game as it stands now and allow orders again")
        bold = self.live_button.font()
        bold.setBold(True)
        self.live_button.setFont(bold)
        self.live_button.clicked.connect(self.back_to_live)
        for button in (self.bookmark_button, self.branch_button, self.live_button):
            layout.addWidget(button)
        self.timer = QTimer(self)
        self.timer.setInterval(PLAY_INTERVAL_MS)
        self.timer.timeout.connect(self._tick)
        controller.session_changed.connect(self._on_session_changed)
        controller.state_changed.connect(self.refresh)
        controller.position_changed.connect(self.refresh)
        self.refresh()

    # ---- actions

    def set_locked(self, locked: bool) -> None:
        self.locked = locked
        if locked:
            self.set_playing(False)
        self.refresh()

    def _user_seek(self, position: int) -> None:
        self.set_playing(False)
        self.controller.seek(position)

    def _user_step(self, step: object, delta: int) -> None:
        self.set_playing(False)
        step(delta)  # type: ignore[operator]

    def back_to_live(self) -> None:
        self.set_playing(False)
        self.controller.go_live()

    def set_playing(self, on: bool) -> None:
        """Play one turn per tick from here (from the start when at the live end)."""
        c = self.controller
        on = on and c.has_game
        play = self.controls["play"]
        if play.isChecked() != on:
            play.blockSignals(True)
            play.setChecked(on)
            play.blockSignals(False)
        icon = QStyle.StandardPixmap.SP_MediaPause if on else QStyle.StandardPixmap.SP_MediaPlay
        play.setIcon(self.style().standardIcon(icon))
        if on:
            if c.is_live:
                c.seek(0)
            self.timer.start()
        else:
            self.timer.stop()

    @property
    def playing(self) -> bool:
        return self.timer.isActive()

    def _tick(self) -> None:
        c = self.controller
        if not c.has_game or not c.step_turn(1) or c.is_live:
            self.set_playing(False)

    def _on_slider(self, value: int) -> None:
        if self.controller.has_game and value != self.controller.position:
            self.set_playing(False)
            self.controller.seek(value)

    def _on_session_changed(self) -> None:
        self.set_playing(False)

    # ---- display

    def refresh(self, *_args: object) -> None:
        c = self.controller
        has = c.has_game and not self.locked
        here, end = (c.position, c.live_position) if has else (0, 0)
        self.slider.blockSignals(True)
        self.slider.setRange(0, end)
        self.slider.setValue(here)
        self.slider.blockSignals(False)
        self.slider.setEnabled(has and end > 0)
        self.label.setText(c.position_text() if has else "No game")
        a = self.controls
        for key in ("first", "back", "step_back"):
            a[key].setEnabled(has and here > 0)
        for key in ("step", "next", "last"):
            a[key].setEnabled(has and here < end)
        a["play"].setEnabled(has and end > 0)
        self.live_button.setEnabled(has and not c.is_live)
        self.bookmark_button.setEnabled(has)
        self.branch_button.setEnabled(has)
        if has and not c.is_live:
            self.badge.setText("REPLAY")
            self.badge.setStyleSheet("#replayBadge { background: #e08214; color: black;"
                                     " border-radius: 3px; font-weight: bold; }")
        else:
            self.badge.setText("LIVE" if has else "")
            self.badge.setStyleSheet("#replayBadge { background: #1b7837; color: white;"
                                     " border-radius: 3px; font-weight: bold; }"
                                     if has else "")
