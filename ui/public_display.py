"""The projector window: map, turn, true rungs and public log entries only (``views.PUBLIC``).

Nothing restricted or facilitator-only reaches this window: the log goes through
``views.can_see(PUBLIC, ...)``, and the ladders show the true rungs (public
knowledge in this engine) without any team's perceived rung.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from ui.controller import Controller
from ui.map.scene import MapScene
from ui.map.view import MapView
from ui.widgets.ladder_panel import LadderPanel
from ui.widgets.log_panel import LogPanel
from wargame.views import PUBLIC


class PublicDisplay(QWidget):
    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.controller = controller
        self.setWindowTitle("Wargame — public display")
        big = self.font()
        big.setPointSizeF(big.pointSizeF() * 1.15)  # read from the back of the room
        self.setFont(big)
        self.header = QLabel()
        font = self.header.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.header.setFont(font)
        self.map = MapView()
        self.scene: MapScene | None = None
        self.ladders = LadderPanel(controller, public=True)
        self.ladders.setMinimumWidth(320)
        self.log = LogPanel(controller, PUBLIC, filters=False, compact=True)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.ladders)
        right.addWidget(self.log)
        right.setSizes([500, 300])
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.map)
        split.addWidget(right)
        split.setSizes([900, 460])
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        controller.session_changed.connect(self.rebuild)
        controller.state_changed.connect(self.refresh)
        self.resize(1280, 800)
        self.rebuild()
        self.refresh()

    def rebuild(self) -> None:
        c = self.controller
        self.scene = MapScene(c.scenario, self) if c.has_game else None
        self.map.set_map(self.scene)

    def refresh(self) -> None:
        c = self.controller
        if not c.has_game:
            self.header.setText("No game open")
            return
        st = c.state
        turn = "Game over" if st.ended else f"Turn {st.turn} of {st.last_turn}"
        if not c.is_live:
            turn += " (replay)"
        self.header.setText(f"{c.title} — {turn}")
        if self.scene is not None:
            self.scene.show_rungs({r: s.public_rung for r, s in st.rivalries.items()})

    def public_texts(self) -> list[str]:
        return self.log.visible_texts()

    def send_to_screen(self, index: int) -> None:
        screens = QGuiApplication.screens()
        if not 0 <= index < len(screens):
            return
        screen = screens[index]
        self.show()
        handle = self.windowHandle()
        if handle is not None:
            handle.setScreen(screen)
        self.setGeometry(screen.geometry())
        self.showFullScreen()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.isFullScreen():
            self.showNormal()
        else:
            super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.hide()
        event.ignore()
