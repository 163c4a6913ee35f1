"""Game › Team stations…: serve the open game to each team's own browser.

Pick the address the room's devices can reach and a port, start, and hand each
team its link (or let it scan the QR code); the observers' link shows the public
view (what the projector shows) on any screen, read-only. The table shows who is connected;
a lost phone's link is revoked or reissued from here; a turn countdown reaches
every station. Closing the dialog keeps the stations running; stopping them (or
closing the game) ends them.
"""

from __future__ import annotations

import time

import segno
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.controller import Controller
from ui.stations import QtGameHost, start_stations
from ui.widgets.countdown import CountdownClock, CountdownControls
from wargame.commands import WHITE_CELL
from wargame.countdown import Phase
from wargame.errors import WargameError
from wargame.server.runner import StationServer, local_addresses
from wargame.server.service import Presence
from wargame.server.station import OBSERVER

COLUMNS = ("Team", "Connected", "Join link", "")
DEFAULT_PORT = 8765


def qr_pixmap(text: str, scale: int = 6) -> QPixmap:
    """The QR code of ``text`` as a pixmap (segno, pure Python)."""
    import io

    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=scale, border=3)
    pixmap = QPixmap()
    pixmap.loadFromData(buffer.getvalue(), "PNG")
    return pixmap


class QrDialog(QDialog):
    """A team's join link as a QR code, large enough to scan from a phone."""

    def __init__(self, team: str, link: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Join link: {team}")
        self.image = QLabel()
        self.image.setPixmap(qr_pixmap(link))
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        caption = QLabel(f"<b>{team}</b>: scan to open the team station.<br>"
                         "Show this only to that team: the link is its key.")
        caption.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.image)
        layout.addWidget(caption)
        layout.addWidget(buttons)


class TeamStationsDialog(QDialog):
    """Start and stop team stations, hand out links, see who is connected."""

    def __init__(self, controller: Controller, parent: QWidget | None = None,
                 clock: CountdownClock | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.server: StationServer | None = None
        self.host: QtGameHost | None = None
        self.presence: dict[str, Presence] = {}
        self._requests_seen = 0
        self.setWindowTitle("Team stations")
        self.resize(860, 560)

        self.address = QComboBox()
        self.address.setEditable(True)
        self.address.setMinimumContentsLength(15)
        self.address.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.address.addItems([*local_addresses(), "0.0.0.0"])
        self.address.setToolTip("127.0.0.1 serves this computer only; choose this computer's "
                                "address on the room's network for phones and laptops")
        self.port = QSpinBox()
        self.port.setRange(0, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.start_button = QPushButton("Start")
        self.start_button.clicked.connect(self.toggle)
        self.state = QLabel("Not serving.")
        self.state.setWordWrap(True)
        top = QHBoxLayout()
        for widget in (QLabel("Address"), self.address, QLabel("Port"), self.port,
                       self.start_button):
            top.addWidget(widget)
        top.addStretch(1)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        for column in (0, 1, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

        # The one turn countdown: the projector shows it and the stations count it down.
        self.clock = clock or CountdownClock(parent=self)
        self.countdown = CountdownControls(self.clock)
        self.countdown.setToolTip("The turn countdown, shown on the projector and on every "
                                  "station (amber in the last minute)")
        self._deadline: float | None = None
        """The deadline the stations were last given (wall clock), None if none."""
        self.clock.changed.connect(self._sync_timer)

        self.messages = QListWidget()
        self.messages.setMaximumHeight(140)
        self.messages.setWordWrap(True)
        self.reply_to = QComboBox()
        self.reply_text = QLineEdit()
        self.reply_text.setPlaceholderText("Answer a request, or write to a team as the White Cell")
        self.reply_text.setMaxLength(4000)
        self.send_button = QPushButton("Send")
        self.send_button.clicked.connect(self.send_message)
        self.reply_text.returnPressed.connect(self.send_message)
        reply = QHBoxLayout()
        for widget in (QLabel("To"), self.reply_to):
            reply.addWidget(widget)
        reply.addWidget(self.reply_text, 1)
        reply.addWidget(self.send_button)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.hide)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.state)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.countdown)
        layout.addWidget(QLabel("Messages on every channel (requests to the White Cell "
                                "are marked)"))
        layout.addWidget(self.messages)
        layout.addLayout(reply)
        layout.addWidget(buttons)
        self.presence_label = QLabel()
        """In the main window's status bar while stations run: who is connected."""
        self.presence_label.setObjectName("stations-presence")
        status_bar = getattr(parent, "statusBar", None)
        if callable(status_bar):
            status_bar().addPermanentWidget(self.presence_label)
        self.presence_label.hide()
        controller.session_changed.connect(self._session_changed)
        controller.state_changed.connect(self._refresh_messages)
        self._refresh()

    # ------------------------------------------------------------------ serving

    @property
    def running(self) -> bool:
        return self.server is not None

    def toggle(self) -> None:
        if self.running:
            self.stop()
        else:
            self.start()

    def start(self) -> bool:
        if self.running:
            return True
        try:
            self.server, self.host = start_stations(
                self.controller, self.address.currentText().strip(), self.port.value(), self)
        except WargameError as exc:
            QMessageBox.warning(self, "Team stations", str(exc))
            return False
        self.host.presence_changed.connect(self._presence)
        self.presence = {}
        self._deadline = None
        self._sync_timer()  # a countdown already running reaches the stations at once
        self._refresh()
        return True

    def stop(self) -> None:
        server, host = self.server, self.host
        self.server = self.host = None
        if host is not None:  # first: a command waiting for this (GUI) thread is refused
            host.detach()
            host.deleteLater()
        if server is not None:
            server.stop()
        self.presence = {}
        self._refresh()

    def _session_changed(self) -> None:
        if self.running and (self.host is None or self.controller.session is not self.host.session):
            self.stop()

    def done(self, result: int) -> None:  # Escape or Close hides; the stations go on
        self.hide()

    # ------------------------------------------------------------------ teams

    def link(self, actor: str) -> str | None:
        return self.server.link(actor) if self.server is not None else None

    def label(self, principal: str) -> str:
        """A row's name: the team, or the observers' link."""
        if principal == OBSERVER:
            return "Observers (public view)"
        return self.controller.team_label(principal)

    def copy_link(self, actor: str) -> None:
        link = self.link(actor)
        if link:
            QGuiApplication.clipboard().setText(link)

    def show_qr(self, actor: str) -> QrDialog | None:
        link = self.link(actor)
        if link is None:
            return None
        dialog = QrDialog(self.label(actor), link, self)
        dialog.show()
        return dialog

    def revoke(self, actor: str) -> None:
        if self.server is not None:
            self.server.revoke(actor)
            self._refresh()

    def reissue(self, actor: str) -> None:
        if self.server is not None:
            self.server.reissue(actor)
            self._refresh()

    def start_timer(self) -> None:
        """Start the turn countdown (the projector's too)."""
        self.clock.start()

    def clear_timer(self) -> None:
        """Stop and reset the turn countdown."""
        self.clock.reset()

    def _sync_timer(self) -> None:
        """Give the stations the countdown's deadline when it starts, moves or stops (not on
        every tick: stations count down on their own clocks). A countdown that ran out
        stays on the stations, red; a paused or reset one leaves them."""
        countdown = self.clock.countdown
        if self.server is None or countdown.phase() == Phase.EXPIRED:
            return
        if countdown.running:
            deadline = time.time() + countdown.remaining()
            if self._deadline is None or abs(deadline - self._deadline) > 0.5:
                self._deadline = deadline
                self.server.set_timer(countdown.remaining(), warning=countdown.warning)
        elif self._deadline is not None:
            self._deadline = None
            self.server.set_timer(None)

    def send_message(self) -> bool:
        """The White Cell writes to the chosen team (journalled like any command)."""
        actor, text = self.reply_to.currentData(), self.reply_text.text().strip()
        if not actor or not text:
            return False
        if self.controller.message(WHITE_CELL, actor, text):
            self.reply_text.clear()
            return True
        return False

    def _refresh_messages(self) -> None:
        session = self.controller.session
        messages = session.messages if session is not None else ()

        def end(party: str) -> str:
            return "White Cell" if party == WHITE_CELL else self.controller.team_label(party)

        self.messages.clear()
        for m in messages:
            flag = "REQUEST " if m.is_request else ""
            self.messages.addItem(f"T{m.turn} {flag}{end(m.sender)} \u2192 {end(m.recipient)}: "
                                  f"{m.text}")
        self.messages.scrollToBottom()
        chosen = self.reply_to.currentData()
        self.reply_to.clear()
        if session is not None:
            for actor in sorted(session.seats):
                if session.scenario.actor(actor).playable:
                    self.reply_to.addItem(self.controller.team_label(actor), actor)
            requests = [m for m in messages if m.is_request]
            pick = chosen
            if len(requests) > self._requests_seen:  # a new request: answer who asked
                pick = requests[-1].sender
            self._requests_seen = len(requests)
            if pick is not None and self.reply_to.findData(pick) >= 0:
                self.reply_to.setCurrentIndex(self.reply_to.findData(pick))

    def _presence(self, presence: dict[str, Presence]) -> None:
        self.presence = presence
        self._refresh()

    # ------------------------------------------------------------------ drawing

    def connected(self, actor: str) -> int:
        found = self.presence.get(actor)
        return found.connections if found is not None else 0

    def _serving_text(self) -> str:
        if self.server is None:
            return "Not serving."
        joined = sum(1 for a in self.server.teams if self.connected(a))
        return (f"Serving on {self.server.address}:{self.server.port}: "
                f"{joined} of {len(self.server.teams)} teams connected. Give each team only "
                "its own link; the facilitator's app stays the only writer of the save.")

    def _refresh(self) -> None:
        running = self.server is not None
        self.start_button.setText("Stop" if running else "Start")
        self.address.setEnabled(not running)
        self.port.setEnabled(not running)
        self.state.setText(self._serving_text())
        self._refresh_messages()
        if self.server is not None:
            joined = [self.label(a) for a in self.server.teams if self.connected(a)]
            self.presence_label.setText(
                f"Stations: {len(joined)} of {len(self.server.teams)} teams connected")
            self.presence_label.setToolTip(", ".join(joined) or "no team yet")
        self.presence_label.setVisible(self.server is not None)
        teams = self.server.principals if self.server is not None else []
        self.table.setRowCount(len(teams))
        for row, actor in enumerate(teams):
            count = self.connected(actor)
            link = self.link(actor)
            self.table.setItem(row, 0, QTableWidgetItem(self.label(actor)))
            status = (f"yes ({count})" if count > 1 else "yes") if count else "no"
            self.table.setItem(row, 1, QTableWidgetItem(status))
            self.table.setItem(row, 2, QTableWidgetItem(link or "revoked: reissue to join"))
            self.table.setCellWidget(row, 3, self._row_buttons(actor, link is not None))

    def _row_buttons(self, actor: str, has_link: bool) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(2, 0, 2, 0)
        for label, action, enabled in (("Copy", self.copy_link, has_link),
                                       ("QR", self.show_qr, has_link),
                                       ("Revoke", self.revoke, has_link),
                                       ("Reissue", self.reissue, True)):
            button = QPushButton(label)
            button.setObjectName(f"{label.lower()}-{actor}")
            button.setEnabled(enabled)
            button.clicked.connect(lambda _=False, a=actor, f=action: f(a))
            row.addWidget(button)
        return box
