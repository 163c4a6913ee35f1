"""The projector window: map, turn, countdown, public rungs, the public feed and the
large-print turn summary, in fonts the back of the room can read.

Everything it shows goes through the public view (``views.PUBLIC``): the feed
through ``views.visible_entries``, the ladders as publicly known rungs without
any team's perceived rung, the summary built by ``wargame.summary`` for the
public. Nothing restricted or facilitator-only reaches this window.

Projector mode:

* full screen on a screen the facilitator picks (*View › Send public display to
  screen*, or :class:`ProjectorControls`); with a single screen it opens in a
  window (``F11`` on it goes full screen), ``Esc`` leaves full screen; the
  chosen screen is remembered and used again when it is connected;
* one font zoom for every part (``Ctrl+=``, ``Ctrl+-``, ``Ctrl+0`` or the
  ``A−``/``A+`` buttons), remembered;
* the turn summary appears after each resolved turn (``S`` toggles it);
* the turn countdown (:mod:`ui.widgets.countdown`) in the header.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QFont,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QResizeEvent,
    QScreen,
)
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui import settings
from ui.controller import Controller
from ui.map.scene import MapScene
from ui.map.view import MapView
from ui.widgets.countdown import CountdownClock, CountdownControls, CountdownLabel
from ui.widgets.ladder_panel import LadderPanel
from ui.widgets.public_feed import PublicFeed
from ui.widgets.turn_summary import TurnSummaryPanel
from wargame.views import PUBLIC

ZOOM_LEVELS = (0.6, 0.7, 0.8, 0.9, 1.0, 1.15, 1.3, 1.5, 1.75, 2.0, 2.5, 3.0)
BASE_POINTS = 15.0
"""Body text at 100 %: about twice a desktop's default, for a projected image."""
MAP_LABEL_SCALE = 1.4
"""Map labels at 100 % relative to the console map's."""
_ZOOM_KEY = "projector/zoom"
_SCREEN_KEY = "projector/screen"


def _remembered_zoom() -> float:
    try:
        value = float(str(settings.settings().value(_ZOOM_KEY, 1.0)))
    except ValueError:
        return 1.0
    return min(ZOOM_LEVELS, key=lambda level: abs(level - value))


class PublicDisplay(QWidget):
    zoom_changed = Signal(float)
    summary_toggled = Signal(bool)

    def __init__(self, controller: Controller, parent: QWidget | None = None, *,
                 clock: CountdownClock | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.controller = controller
        self.setWindowTitle("Wargame — public display")
        self.zoom = _remembered_zoom()
        self.clock = clock or CountdownClock(parent=self)
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.countdown = CountdownLabel(self.clock)
        self.zoom_out_button = self._tool("A−", "Smaller text (Ctrl+-)", self.zoom_out)
        self.zoom_label = QLabel()
        self.zoom_in_button = self._tool("A+", "Larger text (Ctrl+=)", self.zoom_in)
        self.map = MapView()
        self.scene: MapScene | None = None
        self.summary = TurnSummaryPanel(controller, PUBLIC, large=True)
        self.summary.setObjectName("projectorSummary")
        self.summary.hide()
        self.ladders = LadderPanel(controller, public=True)
        self.feed = PublicFeed(controller)
        self.log = self.feed
        """The public log as shown (kept under its old name for callers)."""

        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        top.addWidget(self.countdown)
        top.addSpacing(12)
        for w in (self.zoom_out_button, self.zoom_label, self.zoom_in_button):
            top.addWidget(w)
        self.left = QSplitter(Qt.Orientation.Vertical)
        self.left.addWidget(self.map)
        self.left.addWidget(self.summary)
        self.right = QSplitter(Qt.Orientation.Vertical)
        self.right.addWidget(self.ladders)
        self.right.addWidget(self.feed)
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.addWidget(self.left)
        self.split.addWidget(self.right)
        self._arranged_by_hand = False
        """Set once the facilitator drags a divider: then the proportions are theirs."""
        for splitter in (self.left, self.right, self.split):
            splitter.setChildrenCollapsible(False)
            splitter.splitterMoved.connect(self._divider_moved)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.split, 1)

        for keys, slot in ((("Ctrl+=", "Ctrl++"), self.zoom_in), (("Ctrl+-",), self.zoom_out),
                           (("Ctrl+0",), self.reset_zoom), (("F11",), self.toggle_full_screen),
                           (("S",), self.toggle_summary), (("Space",), self.clock.toggle)):
            action = QAction(self)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(slot)
            self.addAction(action)

        controller.session_changed.connect(self.rebuild)
        controller.state_changed.connect(self.refresh)
        controller.turn_resolved.connect(self._on_turn_resolved)
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.screenRemoved.connect(self.screen_removed)
        self.resize(1280, 800)
        self.rebuild()
        self.refresh()
        self.apply_zoom()

    def _tool(self, text: str, tip: str, slot: Callable[[], None]) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.clicked.connect(slot)
        return button

    # ---- content

    def rebuild(self) -> None:
        c = self.controller
        self.scene = MapScene(c.scenario, self) if c.has_game else None
        self.map.set_map(self.scene)
        # a game opened after some turns: the room sees the last one's summary
        self.set_summary_visible(c.has_game and bool(c.displayed.turns))

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
        self.summary.refresh()

    def _on_turn_resolved(self, _turn: int) -> None:
        self.summary.refresh()
        self.set_summary_visible(True)
        self.arrange()  # a new summary may need more or fewer lines

    def set_summary_visible(self, visible: bool) -> None:
        if visible == self.summary_visible:
            return
        self.summary.setVisible(visible)
        self.arrange()
        self.summary_toggled.emit(visible)

    SPLIT = 0.6
    """Share of the width for the map and summary; the ladders and feed get the rest."""
    LADDER_SHARE = 0.55
    """Share of the right column's height for the ladders; the feed gets the rest."""

    def arrange(self) -> None:
        """Default proportions: map and summary left (the summary as tall as its text,
        at most 45 %), ladders over the feed on the right. Kept once dragged by hand."""
        if self._arranged_by_hand:
            return
        width = max(1, self.split.width())
        self.split.setSizes([round(width * self.SPLIT), round(width * (1 - self.SPLIT))])
        height = max(1, self.right.height())
        self.right.setSizes([round(height * self.LADDER_SHARE),
                             round(height * (1 - self.LADDER_SHARE))])
        if self.summary_visible:
            doc = self.summary.document().clone(self)
            doc.setTextWidth(max(100, round(width * self.SPLIT) - 24))
            wanted = int(doc.size().height()) + 2 * self.summary.frameWidth() + 12
            doc.deleteLater()
            left = max(1, self.left.height())
            shown = min(wanted, round(left * 0.45))
            self.left.setSizes([left - shown, shown])

    def _divider_moved(self, *_args: object) -> None:
        self._arranged_by_hand = True

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.arrange()

    @property
    def summary_visible(self) -> bool:
        return not self.summary.isHidden()

    def toggle_summary(self) -> None:
        self.set_summary_visible(not self.summary_visible)

    def public_texts(self) -> list[str]:
        return self.feed.visible_texts()

    # ---- font zoom

    def zoom_in(self) -> None:
        self.set_zoom(next((z for z in ZOOM_LEVELS if z > self.zoom + 1e-9), ZOOM_LEVELS[-1]))

    def zoom_out(self) -> None:
        self.set_zoom(next((z for z in reversed(ZOOM_LEVELS) if z < self.zoom - 1e-9),
                           ZOOM_LEVELS[0]))

    def reset_zoom(self) -> None:
        self.set_zoom(1.0)

    def set_zoom(self, zoom: float) -> None:
        zoom = max(ZOOM_LEVELS[0], min(ZOOM_LEVELS[-1], zoom))
        self.zoom = zoom
        store = settings.settings()
        store.setValue(_ZOOM_KEY, zoom)
        store.sync()
        self.apply_zoom()
        self.zoom_changed.emit(zoom)

    def apply_zoom(self) -> None:
        """One zoom for every part: body text (feed, ladders, summary) through the
        window font, the header and countdown as multiples of it, the map labels."""
        points = BASE_POINTS * self.zoom
        body = QFont(QApplication.font())
        body.setPointSizeF(points)
        self.setFont(body)
        heading = QFont(body)
        heading.setPointSizeF(points * 1.5)
        heading.setBold(True)
        self.header.setFont(heading)
        clock = QFont(body)
        clock.setPointSizeF(points * 2.0)
        clock.setBold(True)
        self.countdown.setFont(clock)
        self.zoom_label.setText(f"{round(self.zoom * 100)} %")
        self.ladders.setMinimumWidth(int(22 * points))
        self.map.set_text_scale(MAP_LABEL_SCALE * self.zoom)
        self.arrange()

    # ---- screens

    def send_to_screen(self, index: int) -> None:
        """Full screen on screen ``index`` of ``QGuiApplication.screens()`` (remembered);
        with only one screen, a window on it instead (it would hide the console)."""
        screens = QGuiApplication.screens()
        if not 0 <= index < len(screens):
            return
        screen = screens[index]
        store = settings.settings()
        store.setValue(_SCREEN_KEY, screen.name())
        store.sync()
        if len(screens) == 1:
            self.show_windowed(screen)
            return
        self.show()
        handle = self.windowHandle()
        if handle is not None:
            handle.setScreen(screen)
        self.setGeometry(screen.geometry())
        self.showFullScreen()

    def show_windowed(self, screen: QScreen | None = None) -> None:
        if self.isFullScreen():
            self.showNormal()
        screen = screen or self.screen() or QGuiApplication.primaryScreen()
        area = screen.availableGeometry()
        width, height = min(1280, area.width()), min(800, area.height())
        self.setGeometry(QRect(area.x() + (area.width() - width) // 2,
                               area.y() + (area.height() - height) // 2, width, height))
        self.show()

    def present(self) -> None:
        """Show the display: full screen on the remembered screen if it is connected
        (and is not the only one), else in a window."""
        index = remembered_screen_index()
        if index is not None and len(QGuiApplication.screens()) > 1:
            self.send_to_screen(index)
        else:
            self.show_windowed()
        self.raise_()

    def screen_removed(self, screen: QScreen) -> None:
        """The projector was unplugged: rather than fill the console's screen, fall back
        to a window on what is left."""
        if not self.isFullScreen():
            return
        if self.screen() is screen or len(QGuiApplication.screens()) <= 2:
            others = [s for s in QGuiApplication.screens() if s is not screen]
            self.show_windowed(others[0] if others else None)

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.isFullScreen():
            self.showNormal()
        else:
            super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.hide()
        event.ignore()


def remembered_screen_index() -> int | None:
    name = str(settings.settings().value(_SCREEN_KEY, ""))
    for i, screen in enumerate(QGuiApplication.screens()):
        if name and screen.name() == name:
            return i
    return None


def screen_label(index: int, screen: QScreen) -> str:
    g = screen.geometry()
    primary = " (main)" if screen is QGuiApplication.primaryScreen() else ""
    return f"{index + 1}: {screen.name() or 'screen'} ({g.width()}×{g.height()}){primary}"


def fill_screen_menu(menu: QMenu, send: Callable[[int], None]) -> None:
    """List every screen in ``menu``; choosing one calls ``send(index)``. The
    remembered screen is checked; with one screen, say that it opens in a window."""
    menu.clear()
    screens = QGuiApplication.screens()
    chosen = remembered_screen_index()
    for i, screen in enumerate(screens):
        action = menu.addAction(screen_label(i, screen))
        action.setCheckable(True)
        action.setChecked(i == chosen)
        action.triggered.connect(lambda _checked=False, i=i: send(i))
    if len(screens) == 1:
        note = menu.addAction("Only one screen: the display opens in a window (F11 on it "
                              "for full screen)")
        note.setEnabled(False)


class ProjectorControls(QDialog):
    """The facilitator's remote for the projector: screen, text size, summary, countdown."""

    def __init__(self, display: PublicDisplay, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.display = display
        self.setWindowTitle("Projector controls")
        self.screen_box = QComboBox()
        self.screen_box.setToolTip("Where the public display goes full screen")
        self.send_button = QPushButton("Show there")
        self.send_button.clicked.connect(self._send)
        self.windowed_button = QPushButton("In a window")
        self.windowed_button.clicked.connect(lambda: display.show_windowed())
        screen_row = QHBoxLayout()
        screen_row.addWidget(self.screen_box, 1)
        screen_row.addWidget(self.send_button)
        screen_row.addWidget(self.windowed_button)
        self.zoom_out_button = QPushButton("A−")
        self.zoom_out_button.clicked.connect(display.zoom_out)
        self.zoom_reset_button = QPushButton()
        self.zoom_reset_button.setToolTip("Back to 100 %")
        self.zoom_reset_button.clicked.connect(display.reset_zoom)
        self.zoom_in_button = QPushButton("A+")
        self.zoom_in_button.clicked.connect(display.zoom_in)
        zoom_row = QHBoxLayout()
        for b in (self.zoom_out_button, self.zoom_reset_button, self.zoom_in_button):
            zoom_row.addWidget(b)
        zoom_row.addStretch(1)
        self.summary_box = QCheckBox("Show the turn summary (S on the display)")
        self.summary_box.setChecked(display.summary_visible)
        self.summary_box.toggled.connect(display.set_summary_visible)
        display.summary_toggled.connect(self.summary_box.setChecked)
        self.countdown = CountdownControls(display.clock)
        form = QFormLayout(self)
        form.addRow("Screen", screen_row)
        form.addRow("Text size", zoom_row)
        form.addRow("", self.summary_box)
        form.addRow(self.countdown)
        display.zoom_changed.connect(self._show_zoom)
        self._show_zoom(display.zoom)
        self.fill_screens()
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.screenAdded.connect(self.fill_screens)
            app.screenRemoved.connect(self.fill_screens)

    def fill_screens(self, *_args: object) -> None:
        self.screen_box.clear()
        screens = QGuiApplication.screens()
        for i, screen in enumerate(screens):
            self.screen_box.addItem(screen_label(i, screen), i)
        chosen = remembered_screen_index()
        if chosen is not None:
            self.screen_box.setCurrentIndex(chosen)
        elif len(screens) > 1:
            self.screen_box.setCurrentIndex(1)
        single = len(screens) == 1
        self.send_button.setText("Show in a window" if single else "Full screen there")
        self.windowed_button.setVisible(not single)
        self.screen_box.setToolTip("Only one screen: the display opens in a window; F11 on "
                                   "it goes full screen" if single else
                                   "Where the public display goes full screen")

    def _send(self) -> None:
        index = self.screen_box.currentData()
        if isinstance(index, int):
            self.display.send_to_screen(index)

    def _show_zoom(self, zoom: float) -> None:
        self.zoom_reset_button.setText(f"{round(zoom * 100)} %")
