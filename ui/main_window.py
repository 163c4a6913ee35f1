"""The control console: phase bar, replay bar, map, docks (actors, ladders, log, indicators,
injects, notes, bookmarks), focused panels (team flow, workbench), menus, status bar,
public display, and the debrief tools (bookmarks, what-if branches, comparison, export).

The window holds no game state: it asks the :class:`~ui.controller.Controller`
and redraws on its signals. Private team screens hide every facilitator dock
and disable the menus until the laptop comes back.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QScrollArea,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from ui import settings, theme
from ui.controller import Controller
from ui.focus import reactivate, return_focus
from ui.map.scene import MapScene
from ui.map.view import MapView
from ui.tasks import Task, TaskContext
from ui.undo import SessionUndoStack
from ui.widgets.actor_panel import ActorPanel
from ui.widgets.bookmarks_panel import BookmarksPanel
from ui.widgets.countdown import CountdownClock
from ui.widgets.indicators import IndicatorsPanel
from ui.widgets.inject_manager import InjectManager
from ui.widgets.ladder_panel import LadderPanel
from ui.widgets.log_panel import LogPanel
from ui.widgets.notes_panel import NotesPanel
from ui.widgets.phase_bar import PhaseBar
from ui.widgets.replay_bar import ReplayBar
from ui.widgets.start_page import StartPage
from ui.widgets.workbench import Workbench
from wargame.orders import OrderSheet


class MainWindow(QMainWindow):
    def __init__(self, controller: Controller | None = None) -> None:
        super().__init__()
        self.controller = controller or Controller(self)
        self.setWindowTitle("Wargame")
        self.undo_stack = SessionUndoStack(self.controller, self)
        self.scene: MapScene | None = None
        self.team_flow: QWidget | None = None
        self.public: QWidget | None = None
        self.turn_clock = CountdownClock(parent=self)
        """The one turn countdown: the projector shows it, the stations count it down."""
        self.projector_controls: QWidget | None = None
        self.task: Task | None = None
        self.progress: QProgressDialog | None = None
        self.new_dialog: QWidget | None = None
        self.dialog: QWidget | None = None
        """The last debrief dialog opened (bookmark, branch, export), for tests."""
        self.compare_window: QWidget | None = None
        self.summary_dialog: QWidget | None = None
        self.confirm_box: QMessageBox | None = None
        self.help_viewers: dict[str, QWidget] = {}
        """Open help documents (the guide, the quick reference), one window each."""
        """The open question before an irreversible step (undo end of turn), for tests."""
        """The open turn summary (shown after every *Resolve turn*)."""
        self._private_state: QByteArray | None = None
        self._hidden_windows: list[QWidget] = []
        self._idle_state: QByteArray | None = None
        self._had_game = False
        self.solo_actor: str | None = None
        """The team a solo player plays (Game › Play solo), while solo play lasts."""
        """Dock layout put aside while no game is open (the docks are hidden then)."""

        # ---- central: phase bar over a stack of pages
        self.phase_bar = PhaseBar()
        self.phase_bar.next_clicked.connect(self.next_action)
        self.start_page = StartPage()
        self.start_page.new_requested.connect(self.new_game_dialog)
        self.start_page.open_requested.connect(self.open_game_dialog)
        self.map_view = MapView()
        self.workbench = Workbench(self.controller)
        self.workbench.resolve_requested.connect(self.resolve_turn)
        self.workbench.close_requested.connect(self.show_map)
        self.workbench.full_height_changed.connect(lambda _on: self._fit_workbench())
        self._docks_put_away: list[QDockWidget] = []
        """Bottom docks hidden while the workbench is shown (they come back after)."""
        self.pages = QStackedWidget()
        for page in (self.start_page, self.map_view, self.workbench):
            self.pages.addWidget(page)
        self.pages.currentChanged.connect(lambda _i: self._fit_workbench())
        self.phase_toolbar = QToolBar("Phase bar", self)
        self.phase_toolbar.setObjectName("phase_bar")
        self.phase_toolbar.setMovable(False)
        self.phase_toolbar.setFloatable(False)
        self.phase_toolbar.toggleViewAction().setVisible(False)
        self.phase_toolbar.addWidget(self.phase_bar)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.phase_toolbar)
        self.replay_bar = ReplayBar(self.controller)
        self.replay_bar.bookmark_requested.connect(self.add_bookmark)
        self.replay_bar.branch_requested.connect(self.branch_from_here)
        self.replay_toolbar = QToolBar("Replay bar", self)
        self.replay_toolbar.setObjectName("replay_bar")
        self.replay_toolbar.setFloatable(False)
        self.replay_toolbar.addWidget(self.replay_bar)
        self.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.replay_toolbar)
        self.setCentralWidget(self.pages)

        # ---- docks
        self.actor_panel = ActorPanel(self.controller)
        self.ladder_panel = LadderPanel(
            self.controller, compact=settings.settings().value("ui/compact_ladders", True,
                                                               type=bool))
        self.log_panel = LogPanel(self.controller)
        self.indicators = IndicatorsPanel(self.controller)
        self.injects = InjectManager(self.controller)
        self.notes = NotesPanel(self.controller)
        self.injects.sent.connect(self._on_inject_sent)
        self.bookmarks = BookmarksPanel(self.controller)
        self.bookmarks.add_requested.connect(self.add_bookmark)
        self.docks: dict[str, QDockWidget] = {}
        area = Qt.DockWidgetArea
        self._dock("actors", "Actors", self.actor_panel, area.LeftDockWidgetArea)
        self._dock("ladders", "Escalation ladders", self.ladder_panel, area.RightDockWidgetArea)
        self._dock("log", "Turn log", self.log_panel, area.BottomDockWidgetArea)
        self._dock("indicators", "Indicators", self.indicators, area.BottomDockWidgetArea)
        self._dock("injects", "Injects", self.injects, area.BottomDockWidgetArea)
        self._dock("notes", "Notes", self.notes, area.BottomDockWidgetArea)
        self._dock("bookmarks", "Bookmarks", self.bookmarks, area.BottomDockWidgetArea)
        self.tabifyDockWidget(self.docks["log"], self.docks["indicators"])
        self.tabifyDockWidget(self.docks["indicators"], self.docks["injects"])
        self.tabifyDockWidget(self.docks["injects"], self.docks["notes"])
        self.tabifyDockWidget(self.docks["notes"], self.docks["bookmarks"])
        self.docks["log"].raise_()
        self.docks["actors"].setMinimumWidth(260)
        self.docks["ladders"].setMinimumWidth(330)

        # ---- cross-selection
        self.actor_panel.actor_selected.connect(lambda a: self.scene and self.scene.select(
            "actor", a))
        self.ladder_panel.rivalry_selected.connect(
            lambda r: self.scene and self.scene.select("rivalry", r))

        self.status = QLabel()
        self.statusBar().addPermanentWidget(self.status)
        self._build_menus()

        c = self.controller
        c.session_changed.connect(self._on_session_changed)
        c.state_changed.connect(self.refresh)
        c.failed.connect(self._on_failed)
        c.not_writable.connect(self._offer_read_only)
        c.position_changed.connect(self._on_position_changed)
        c.turn_resolved.connect(self._on_turn_resolved)
        self.resize(1440, 900)
        self._restore_layout()
        self._on_session_changed()
        self.refresh()

    # ------------------------------------------------------------------ construction

    def _dock(self, key: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> None:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock_{key}")
        if key in ("injects", "notes", "indicators"):  # forms: scroll rather than force a tall dock
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QScrollArea.Shape.NoFrame)
            scroll.setWidget(widget)
            dock.setWidget(scroll)
        else:
            dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetClosable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(area, dock)
        self.docks[key] = dock

    def _action(self, menu: object, text: str, slot: object, shortcut: object = None,
                *, checkable: bool = False) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setCheckable(checkable)
        action.triggered.connect(slot)
        menu.addAction(action)  # type: ignore[attr-defined]
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        keys = QKeySequence.StandardKey
        m = bar.addMenu("&File")
        self._action(m, "&New game…", lambda: self.new_game_dialog(""), keys.New)
        self._action(m, "&Open…", lambda: self.open_game_dialog(""), keys.Open)
        self.recent_menu = m.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        m.addSeparator()
        self.save_copy_action = self._action(m, "Save a &copy…", lambda: self.save_copy(""))
        self.export_action = self._action(m, "&Export report…", self.export_report, "Ctrl+Shift+E")
        self.sheets_action = self._action(m, "&Print order sheets…", self.print_order_sheets,
                                          keys.Print)
        self.close_action = self._action(m, "&Close game", self.close_game, keys.Close)
        m.addSeparator()
        self._action(m, "&Quit", self.close, keys.Quit)

        m = bar.addMenu("&Edit")
        self.undo_action, self.redo_action = self.undo_stack.make_actions(self)
        self.undo_stack.guard = self.confirm_undo
        self.undo_action.setShortcut(QKeySequence(keys.Undo))
        self.redo_action.setShortcut(QKeySequence(keys.Redo))
        m.addAction(self.undo_action)
        m.addAction(self.redo_action)

        m = bar.addMenu("&Game")
        self.game_menu = m
        self.orders_action = self._action(m, "&Enter orders for…", self.choose_orders_actor,
                                          "Ctrl+E")
        self.computer_action = self._action(m, "&Computer orders", self.run_computer_orders,
                                            "Ctrl+K")
        self.adjudicate_action = self._action(m, "&Adjudicate", self.show_workbench, "Ctrl+J")
        self.resolve_action = self._action(m, "&Resolve turn", self.resolve_turn, "Ctrl+R")
        self.summary_action = self._action(m, "Turn &summary…", self.show_turn_summary,
                                           "Ctrl+Shift+S")
        m.addSeparator()
        self._action(m, "&Inject…", lambda: self._raise_dock("injects"), "Ctrl+I")
        self._action(m, "&Note…", lambda: self._raise_dock("notes"), "Ctrl+Shift+N")
        self._action(m, "&Bookmark…", self.add_bookmark, "Ctrl+B")
        m.addSeparator()
        self.forecast_action = self._action(m, "&Forecast outcomes…", self.forecast_outcomes)
        self.solo_action = self._action(m, "Play &solo…", self.play_solo)
        self.stations_action = self._action(m, "Team s&tations…", self.team_stations)
        m.addSeparator()
        self._action(m, "Next action", self.next_action, "Ctrl+Return")

        m = bar.addMenu("&Replay")
        self.replay_menu = m
        for key in ("first", "back", "step_back", "play", "step", "next", "last"):
            m.addAction(self.replay_bar.controls[key])
        self.live_action = self._action(m, "Back to &live", self.replay_bar.back_to_live,
                                        "Alt+L")
        m.addSeparator()
        self._action(m, "Add &bookmark here…", self.add_bookmark)
        self.branch_action = self._action(m, "B&ranch from here…", self.branch_from_here)
        self._action(m, "&Compare games…", self.compare_games)

        m = bar.addMenu("&View")
        for dock in self.docks.values():
            m.addAction(dock.toggleViewAction())
        m.addAction(self.replay_toolbar.toggleViewAction())
        self.compact_ladders_action = self._action(m, "Compact &ladders",
                                                   self.set_compact_ladders, checkable=True)
        self.compact_ladders_action.setChecked(self.ladder_panel.compact)
        self.compact_ladders_action.setToolTip("Every ladder as one strip of rungs, so all "
                                               "fit; click one to see it in full")
        m.addSeparator()
        self._action(m, "&Map", self.show_map, "Ctrl+1")
        self._action(m, "Fit map to the actors", self.map_view.fit, "Ctrl+0")
        self._action(m, "Show the whole map", self.map_view.fit_all)
        links = m.addMenu("Map links")
        for kind, label in (("patron_proxy", "Proxies"), ("sanctuary", "Sanctuaries"),
                            ("alignment", "Alignments")):
            self._action(links, label,
                         lambda on, k=kind: self.scene and self.scene.set_links_visible(on, k),
                         checkable=True)
        m.addSeparator()
        self._action(m, "&Public display", self.toggle_public_display, "F5")
        self.screens_menu = m.addMenu("Send public display to screen")
        self.screens_menu.aboutToShow.connect(self._fill_screens)
        self._action(m, "P&rojector controls…", self.show_projector_controls, "Ctrl+Shift+P")
        self._action(m, "&Full screen", self.toggle_full_screen, "F11")
        themes = m.addMenu("Theme")
        group = QActionGroup(self)
        current = str(settings.settings().value("ui/theme", "system"))
        for name in ("system", "light", "dark"):
            a = self._action(themes, name.capitalize(), lambda _c, n=name: self.set_theme(n),
                             checkable=True)
            a.setChecked(name == current)
            group.addAction(a)

        m = bar.addMenu("&Help")
        self.guide_action = self._action(m, "The facilitator's &guide", self.show_guide,
                                         keys.HelpContents)
        self._action(m, "&Quick reference", self.show_quick_reference)
        m.addSeparator()
        self._action(m, "&About", self.show_about)

    # ------------------------------------------------------------------ layout memory

    def _restore_layout(self) -> None:
        store = settings.settings()
        geometry = store.value("window/geometry")
        state = store.value("window/state")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        self._layout_restored = isinstance(state, QByteArray) and self.restoreState(state)
        self._docks_sized = self._layout_restored

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._layout_restored:
            self._layout_restored = True
            QTimer.singleShot(0, self.default_dock_sizes)

    def default_dock_sizes(self) -> None:
        h = Qt.Orientation.Horizontal
        self.resizeDocks([self.docks["actors"], self.docks["ladders"]],
                         [max(280, self.width() // 5), max(340, self.width() // 4)], h)
        self.resizeDocks([self.docks["log"]], [max(180, self.height() // 4)],
                         Qt.Orientation.Vertical)
        self.map_view.fit()

    def save_layout(self) -> None:
        self._give_docks_back()  # the layout to remember is the one with them
        store = settings.settings()
        store.setValue("window/geometry", self.saveGeometry())
        store.setValue("window/state",
                       self._private_state or self._idle_state or self.saveState())
        store.sync()

    # ------------------------------------------------------------------ refresh

    def _on_session_changed(self) -> None:
        c = self.controller
        self._leave_private_mode()
        self._give_docks_back()
        if c.has_game:
            self.scene = MapScene(c.scenario, self)
            self.scene.actor_selected.connect(self._on_map_actor)
            self.scene.rivalry_selected.connect(self._on_map_rivalry)
            self.map_view.set_map(self.scene)
            self.pages.setCurrentWidget(self.map_view)
            if c.path is not None:
                settings.add_recent(c.path)
                settings.set_current_game(c.path)
            if self._idle_state is not None:
                state, self._idle_state = self._idle_state, None
                self.restoreState(state)
            if not self._docks_sized:
                self._docks_sized = True
                QTimer.singleShot(0, self.default_dock_sizes)
        else:
            if self._idle_state is None:
                self._idle_state = self.saveState()
            for dock in self.docks.values():
                dock.hide()
            self.replay_toolbar.hide()
            self.scene = None
            self.map_view.set_map(None)
            self.start_page.refresh()
            self.pages.setCurrentWidget(self.start_page)
            if self._had_game:
                settings.set_current_game(None)  # a clean close of a game
        self._had_game = c.has_game

    def refresh(self) -> None:
        c = self.controller
        has = c.has_game
        live = has and c.is_live
        for a in (self.orders_action, self.computer_action, self.adjudicate_action,
                  self.resolve_action):
            a.setEnabled(live)
        for a in (self.close_action, self.export_action, self.branch_action,
                  self.save_copy_action, self.forecast_action, self.summary_action,
                  self.stations_action):
            a.setEnabled(has)
        self.live_action.setEnabled(has and not c.is_live)
        self.sheets_action.setEnabled(live and not c.state.ended)
        self.solo_action.setEnabled(live and not c.state.ended and self.solo_team() is not None)
        self.phase_toolbar.setVisible(has and self.team_flow is None)
        for dock in self.docks.values():
            dock.toggleViewAction().setEnabled(has)
        self.replay_toolbar.toggleViewAction().setEnabled(has)
        if not has:
            self.setWindowTitle("Wargame")
            self.status.setText("No game open")
            return
        st = c.state
        if self.scene is not None:
            self.scene.show_rungs({r: s.rung for r, s in st.rivalries.items()})
        turn = "Game over" if st.ended else f"Turn {st.turn} of {st.last_turn}"
        if not live:
            turn += " (replay)"
        self.phase_bar.set_turn(turn)
        if not live:  # the stages are those of the live turn: none while replaying
            self.phase_bar.set_stage(-1)
        else:
            self.phase_bar.set_stage(c.stage() if self.pages.currentWidget()
                                     is not self.workbench or st.ended else 3)
        text, enabled = self._next_text()
        self.phase_bar.set_next(text, enabled)
        self.status.setText(self._status_text())
        self.setWindowTitle(f"{c.title} — {turn} — Wargame")
        if live:
            self.resolve_action.setEnabled(not st.ended)
            self.computer_action.setEnabled(bool(c.computer_seats_waiting()))

    def _status_text(self) -> str:
        """Title, seed and save state; behind a team's screen the title only: with the
        seed and the open-source dice, a team could work out its rolls in advance."""
        c = self.controller
        if self.team_flow is not None or c.session is None:
            return c.title
        saved = f"saved to {c.path.name}" if c.path else "not saved (in memory)"
        return f"{c.title} · seed {c.session.seed} · {len(c.session.commands)} commands {saved}"

    def _next_text(self) -> tuple[str, bool]:
        c = self.controller
        if not c.is_live:
            return "Back to live", True
        if c.state.ended:
            return "Game over — export the report", True
        waiting = c.session.seats_waiting() if c.session else []
        if waiting:
            actor = waiting[0]
            if c.seats[actor].kind == "human":
                return f"Orders: {c.team_label(actor)}", True
            return f"Orders for {c.actor_name(actor)} (facilitator)", True
        if c.computer_seats_waiting():
            return "Computer orders", True
        if self.pages.currentWidget() is self.workbench:
            return f"Resolve turn {c.state.turn}", True
        return "Adjudicate", True

    # ------------------------------------------------------------------ the one next action

    def next_action(self) -> None:
        c = self.controller
        if not c.has_game or self.team_flow is not None:
            return
        if not c.is_live:
            self.replay_bar.back_to_live()
            return
        if c.state.ended:
            self.export_report()
            return
        waiting = c.session.seats_waiting() if c.session else []
        if waiting:
            actor = waiting[0]
            self.start_team_flow(actor, handover=c.seats[actor].kind == "human")
        elif c.computer_seats_waiting():
            self.run_computer_orders()
        elif self.pages.currentWidget() is self.workbench:
            self.resolve_turn()
        else:
            self.show_workbench()

    # ------------------------------------------------------------------ pages

    def show_map(self) -> None:
        if self.controller.has_game and self.team_flow is None:
            self.pages.setCurrentWidget(self.map_view)
            self.refresh()

    def show_workbench(self) -> None:
        if self.controller.has_game and self.team_flow is None and self.controller.is_live:
            self.workbench.refresh()
            self.pages.setCurrentWidget(self.workbench)
            self.refresh()

    def _fit_workbench(self) -> None:
        """On the workbench (with *Hide the docks below*), put the bottom docks away so
        every order fits; anywhere else give them back. Never while a team has the
        laptop: private mode hides and restores every dock itself."""
        if self.team_flow is not None or self._private_state is not None:
            return
        on_bench = self.pages.currentWidget() is self.workbench
        if on_bench and self.workbench.full_height.isChecked():
            bottom = Qt.DockWidgetArea.BottomDockWidgetArea
            for dock in self.docks.values():
                if self.dockWidgetArea(dock) == bottom and dock.isVisible() \
                        and not dock.isFloating():
                    dock.hide()
                    self._docks_put_away.append(dock)
        else:
            self._give_docks_back()

    def _give_docks_back(self) -> None:
        """Show the bottom docks the workbench put away (before any layout is saved)."""
        put_away, self._docks_put_away = self._docks_put_away, []
        for dock in put_away:
            dock.show()
        if put_away:
            self.docks["log"].raise_()

    def _raise_dock(self, key: str) -> None:
        if self.controller.has_game and self.team_flow is None:
            self.docks[key].show()
            self.docks[key].raise_()

    def _on_map_actor(self, actor: str) -> None:
        self.actor_panel.show_actor(actor)
        self._raise_dock("actors")

    def _on_map_rivalry(self, rivalry: str) -> None:
        self.ladder_panel.select(rivalry)
        self._raise_dock("ladders")

    # ------------------------------------------------------------------ sealed orders

    def choose_orders_actor(self) -> None:
        c = self.controller
        if not c.has_game or c.state.ended:
            return
        actors = [a for a in c.scenario.actors if a.playable]
        labels = [f"{a.name} — {c.seats[a.id].label}" for a in actors]
        label, ok = QInputDialog.getItem(self, "Enter orders", "On behalf of:", labels, 0,
                                         False)
        reactivate(self)
        if ok and label in labels:
            self.start_team_flow(actors[labels.index(label)].id, handover=False)

    def solo_team(self) -> str | None:
        """The one human team of a game every other seat of which the computer plays."""
        c = self.controller
        if not c.has_game:
            return None
        humans = [a for a, seat in c.seats.items() if seat.kind == "human"]
        others = [seat for a, seat in c.seats.items() if a not in humans]
        if len(humans) != 1 or any(seat.kind != "computer" for seat in others):
            return None
        return humans[0]

    def play_solo(self) -> QWidget | None:
        """Game › Play solo: the one human team plays from its own screen, turn after turn;
        the computer plays every other seat and the engine's proposed outcomes stand. The
        White Cell console (true rungs, every order) stays hidden until the game ends or
        the player stops (*Stop solo play*)."""
        c = self.controller
        actor = self.solo_team()
        if actor is None or not c.is_live or c.state.ended or self.team_flow is not None:
            if c.has_game and actor is None:
                c.failed.emit("Solo play needs a game with exactly one human team; the "
                              "computer must play every other seat.")
            return None
        self.solo_actor = actor
        if actor in c.session.sheets:  # type: ignore[union-attr]  # already sealed: play on
            return self.team_flow if self._next_solo_turn() else None
        return self._solo_screen()

    def _solo_screen(self) -> QWidget:
        assert self.solo_actor is not None
        flow = self.start_team_flow(self.solo_actor, handover=False)
        screen = flow.team_screen  # type: ignore[attr-defined]
        if screen is not None:
            screen.cancel_button.setText("Stop solo play")
        return flow

    def _next_solo_turn(self) -> bool:
        """Computer orders, resolve with the proposed outcomes, and the player's next screen;
        False when the game is over or the turn could not be resolved."""
        c = self.controller
        if not c.fill_computer_orders() or not c.end_turn() or c.state.ended:
            return False
        self._solo_screen()
        return True

    def start_team_flow(self, actor: str, *, handover: bool = True) -> QWidget:
        from ui.widgets.handover import TeamFlow

        self.replay_bar.back_to_live()  # a team sees the game as it stands, never a replay
        self._enter_private_mode()
        flow = TeamFlow(self.controller, actor, handover=handover)
        flow.finished.connect(self._end_team_flow)
        self.team_flow = flow
        self.pages.addWidget(flow)
        self.pages.setCurrentWidget(flow)
        self.phase_toolbar.hide()
        return flow

    def _end_team_flow(self, sealed: bool) -> None:
        flow = self.team_flow
        self.team_flow = None
        if flow is not None:
            self.pages.removeWidget(flow)
            flow.deleteLater()
        if self.solo_actor is not None and sealed and self._next_solo_turn():
            return  # the player's next turn: the console stays out of sight
        if self.solo_actor is not None and self.controller.has_game \
                and self.controller.state.ended:
            self.statusBar().showMessage("The game is over: the console now shows everything, "
                                         "including what was hidden from your team.", 15000)
        self.solo_actor = None
        self._leave_private_mode()
        self.pages.setCurrentWidget(self.map_view if self.controller.has_game
                                    else self.start_page)
        self.refresh()

    def _enter_private_mode(self) -> None:
        if self._private_state is None:
            self._private_state = self.saveState()
        for dock in self.docks.values():
            dock.hide()
        self._hide_white_cell_windows()
        self.status.setText(self.controller.title)  # no seed behind a team's screen
        self.replay_toolbar.hide()
        self.replay_bar.set_locked(True)
        self.menuBar().setEnabled(False)
        self.statusBar().clearMessage()

    def _leave_private_mode(self) -> None:
        if self._private_state is not None:
            state, self._private_state = self._private_state, None
            self.restoreState(state)
        for window in self._hidden_windows:
            if shiboken6.isValid(window):  # a dialog closed meanwhile is gone for good
                window.show()
        self._hidden_windows = []
        self.menuBar().setEnabled(True)
        self.replay_bar.set_locked(False)
        if self.team_flow is not None:
            flow, self.team_flow = self.team_flow, None
            self.pages.removeWidget(flow)
            flow.deleteLater()

    def _hide_white_cell_windows(self) -> None:
        """Hide every other window of the app but the public display (the comparison,
        the forecast, any open dialog): they show true rungs and sealed orders, and a
        team must not find them behind its screen. They come back with the facilitator."""
        for widget in QApplication.topLevelWidgets():
            if widget is self or widget is self.public or not widget.isVisible():
                continue
            if widget.windowType() in (Qt.WindowType.Window, Qt.WindowType.Dialog):
                widget.hide()
                self._hidden_windows.append(widget)

    # ------------------------------------------------------------------ computer orders

    def run_computer_orders(self) -> Task | None:
        """Let computer seats decide in a worker thread; submit on the GUI thread."""
        c = self.controller
        actors = c.computer_seats_waiting()
        if not actors or self.task is not None:
            return None
        scenario, state, seed = c.scenario, c.live_state, c.session.seed if c.session else 0
        seats = dict(c.session.seats) if c.session else {}

        def work(ctx: TaskContext) -> list[OrderSheet]:
            from wargame.runner import computer_sheets, seat_policy

            sheets = computer_sheets(scenario, state, actors, seed, seat_policy(seats),
                                     progress=lambda i, n, actor:
                                     ctx.progress(i, n, f"{actor} is deciding…"))
            ctx.progress(len(actors), len(actors), "done")
            return sheets

        task = Task(work)
        self.progress = QProgressDialog("Computer seats are deciding…", "Cancel", 0,
                                        len(actors), self)
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(300)
        self.progress.canceled.connect(task.cancel)
        task.signals.progress.connect(self._on_progress)
        task.signals.done.connect(self._on_computer_orders)
        task.signals.failed.connect(self._on_task_failed)
        task.signals.cancelled.connect(self._on_task_cancelled)
        self.task = task.start()
        return task

    def _on_progress(self, done: int, total: int, message: str) -> None:
        if self.progress is not None:
            self.progress.setMaximum(total)
            self.progress.setValue(done)
            self.progress.setLabelText(message)

    def _finish_task(self) -> None:
        self.task = None
        if self.progress is not None:
            self.progress.reset()
            self.progress.deleteLater()
            self.progress = None

    def _on_computer_orders(self, sheets: list[OrderSheet]) -> None:
        self._finish_task()
        for sheet in sheets:
            if sheet.actor in self.controller.computer_seats_waiting():
                self.controller.submit_orders(sheet)
        self.statusBar().showMessage(f"{len(sheets)} computer seats sealed their orders.", 5000)

    def _on_task_failed(self, message: str) -> None:
        self._finish_task()
        QMessageBox.warning(self, "Background work failed", message)
        reactivate(self)

    def _on_task_cancelled(self) -> None:
        self._finish_task()
        self.statusBar().showMessage("Cancelled.", 4000)

    # ------------------------------------------------------------------ turn

    def resolve_turn(self) -> bool:
        c = self.controller
        if not c.has_game or not c.is_live or c.state.ended:
            return False
        waiting = c.session.seats_waiting() if c.session else []
        if waiting and not self._confirm(
                "Resolve turn", "No orders yet from: " + ", ".join(waiting)
                + ".\nResolve anyway (they hold this turn)?"):
            return False
        ok = c.end_turn()
        if ok:
            self.show_map()
        return ok

    def confirm_undo(self, undo: Callable[[], None]) -> QMessageBox | None:
        """Run ``undo`` at once, unless it would take back a resolved turn: then ask
        first (the box is returned and kept in :attr:`confirm_box`; *Undo end of turn*
        runs it)."""
        done, _redo = self.controller.undo_history()
        if not done or done[-1].name != "end_turn":
            undo()
            return None
        turn = done[-1].args.get("turn")
        box = QMessageBox(
            QMessageBox.Icon.Warning, f"Undo the end of turn {turn}?",
            f"Undo the end of turn {turn}?\n\nThe resolution of turn {turn} is taken back: "
            "its dice, rung changes, events and the turn summary. Turn "
            f"{turn} opens again with the orders and rulings it had, and the teams' "
            "screens go back to it.\n\nEdit › Redo puts the resolution back.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
        yes = box.button(QMessageBox.StandardButton.Yes)
        yes.setText(f"Undo end of turn {turn}")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        yes.clicked.connect(undo)
        box.finished.connect(lambda _r: setattr(self, "confirm_box", None))
        self.confirm_box = box
        return_focus(box, self)
        box.open()
        return box

    def _on_inject_sent(self, message: str) -> None:
        """Say that an inject went out, and show its entry in the turn log."""
        self.statusBar().showMessage(message, 10000)
        if self.team_flow is None:
            self.docks["log"].show()
            self.docks["log"].raise_()
        self.log_panel.highlight_newest()

    def _confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text)
        reactivate(self)
        return answer == QMessageBox.StandardButton.Yes

    # ------------------------------------------------------------------ debrief

    def _on_position_changed(self, _position: int) -> None:
        if self.controller.is_live:
            self.statusBar().showMessage("Back to the live game.", 4000)
            return
        self.statusBar().showMessage("Replaying an earlier point: orders, rulings and injects "
                                     "wait until \u201cBack to live\u201d.")
        if self.pages.currentWidget() is self.workbench:
            self.pages.setCurrentWidget(self.map_view)

    def add_bookmark(self) -> QWidget | None:
        """Ask for a label and an annotation; bookmark the displayed point of the game."""
        from ui.dialogs.bookmark import BookmarkDialog

        if not self.controller.has_game:
            return None
        dialog = BookmarkDialog(self.controller, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.statusBar().showMessage(
            "Bookmark saved in the journal.", 5000))
        self.dialog = dialog
        return_focus(dialog, self)
        dialog.open()
        return dialog

    def branch_from_here(self, path: str = "", title: str = "") -> QWidget | bool | None:
        """What-if: a new save sharing the history up to the displayed point, opened live.

        With ``path`` no dialog is shown (scripts, tests) and the result is returned.
        """
        from ui.dialogs.branch import BranchDialog

        c = self.controller
        if not c.has_game:
            return None
        if path:
            return self._branched(c.branch(path, title=title))
        dialog = BranchDialog(c, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._branched(True))
        self.dialog = dialog
        return_focus(dialog, self)
        dialog.open()
        return dialog

    def _branched(self, ok: bool) -> bool:
        if ok and self.controller.session is not None:
            parent = self.controller.session.header.parent or {}
            self.statusBar().showMessage(
                f"Playing the what-if branch {self.controller.path}; the original "
                f"{Path(str(parent.get('save', ''))).name or 'game'} is unchanged. "
                "Replay → Compare games… shows both.", 12000)
        return ok

    def compare_games(self, a: str = "", b: str = "") -> QWidget:
        """The comparison window; defaults: the open branch and its parent."""
        from ui.widgets.compare_view import CompareView

        c = self.controller
        if not a and not b and c.session is not None:
            parent = c.session.header.parent or {}
            if parent.get("save"):
                a, b = str(parent["save"]), str(c.path or "")
            else:
                a = str(c.path or "")
        if self.compare_window is None:
            self.compare_window = CompareView(self, a, b)
        view = self.compare_window
        assert isinstance(view, CompareView)
        if a or b:
            view.a_path.setText(a)
            view.b_path.setText(b)
        view.show()
        view.raise_()
        if a and b:
            view.compare_paths()
        return view

    def forecast_outcomes(self) -> QWidget | None:
        """Game > Forecast outcomes…: doctrine-played continuations of the displayed
        position (White Cell only: hidden while a team has the laptop; nothing journalled)."""
        from ui.dialogs.forecast import ForecastDialog

        if not self.controller.has_game or self.team_flow is not None:
            return None
        dialog = self.findChild(ForecastDialog) or ForecastDialog(self.controller, self)
        self.dialog = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def team_stations(self) -> QWidget | None:
        """Game > Team stations…: serve the open game to the teams' own browsers."""
        from ui.dialogs.stations import TeamStationsDialog

        if not self.controller.has_game:
            return None
        dialog = self.findChild(TeamStationsDialog) or TeamStationsDialog(
            self.controller, self, clock=self.turn_clock)
        self.dialog = dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    # ------------------------------------------------------------------ files

    def new_game_dialog(self, scenario_path: str = "") -> QWidget:
        from ui.dialogs.new_game import NewGameDialog

        dialog = NewGameDialog(self, scenario_path or None)
        dialog.accepted.connect(lambda: self._create_from(dialog))
        self.new_dialog = dialog
        return_focus(dialog, self)
        dialog.open()
        return dialog

    def _create_from(self, dialog: QWidget) -> bool:
        choice = dialog.choice()  # type: ignore[attr-defined]
        choice.path.parent.mkdir(parents=True, exist_ok=True)
        return self.controller.new_game(choice.scenario, seed=choice.seed, seats=choice.seats,
                                        turns=choice.turns, path=choice.path,
                                        title=choice.title)

    def open_game_dialog(self, path: str = "") -> bool:
        if not path:
            start = str(settings.games_dir()) if settings.games_dir().exists() else ""
            path, _ = QFileDialog.getOpenFileName(
                self, "Open a saved game", start,
                f"Wargame saves (*{settings.SAVE_SUFFIX});;All files (*)")
            reactivate(self)
            if not path:
                return False
        return self.open_game(path)

    def open_game(self, path: str | Path) -> bool:
        ok = self.controller.open_game(path)
        if ok and self.controller.session and self.controller.session.warnings:
            text = "\n".join(self.controller.session.warnings)
            self.statusBar().showMessage(text, 10000)
            box = QMessageBox(QMessageBox.Icon.Information, "About this save", text,
                              QMessageBox.StandardButton.Ok, self)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            return_focus(box, self)
            box.open()
        return ok

    def save_copy(self, path: str = "") -> bool:
        """File › Save a copy…: write every command of the game to a new save file of the
        facilitator's choosing and go on playing there (the old file stays as it was).

        Also turns a game kept in memory, or one opened read-only, into a saved one.
        Without ``path`` a file dialog asks; an existing file is never overwritten.
        """
        c = self.controller
        if not c.has_game:
            return False
        if not path:
            old = c.path
            folder = old.parent if old is not None else settings.games_dir()
            stem = f"{old.stem}-copy" if old is not None else "game"
            path, _ = QFileDialog.getSaveFileName(
                self, "Save a copy of the game", str(folder / f"{stem}{settings.SAVE_SUFFIX}"),
                f"Wargame saves (*{settings.SAVE_SUFFIX})",
                options=QFileDialog.Option.DontConfirmOverwrite)
            reactivate(self)
            if not path:
                return False
        if not path.endswith(settings.SAVE_SUFFIX):
            path += settings.SAVE_SUFFIX
        before = c.path
        if not c.save_copy(path):
            return False
        kept = f"; {before.name} is kept as it was" if before is not None else ""
        self.statusBar().showMessage(f"Saved a copy of the whole game to {c.path}: play goes "
                                     f"on there{kept}.", 12000)
        return True

    def _offer_read_only(self, path: str, message: str) -> QMessageBox:
        """A save that cannot be written now: say why, and offer to open it read-only."""
        self.statusBar().showMessage(message, 10000)
        box = QMessageBox(QMessageBox.Icon.Warning, "This save cannot be written", message,
                          QMessageBox.StandardButton.Cancel, self)
        read_only = box.addButton("Open read-only", QMessageBox.ButtonRole.AcceptRole)
        read_only.clicked.connect(lambda: self._open_read_only(path))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        return_focus(box, self)
        box.open()
        return box

    def _open_read_only(self, path: str) -> None:
        if self.controller.open_game(path, readonly=True):
            self.statusBar().showMessage(f"{path} is open read-only: nothing is written to "
                                         "it.", 10000)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for path in settings.recent_games():
            self.recent_menu.addAction(path, lambda p=path: self.open_game(p))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction("(none)").setEnabled(False)

    def close_game(self) -> None:
        self.controller.close_game()

    def export_report(self) -> QWidget | None:
        """The export dialog: formats, edition, folder, preview; writes off the GUI thread."""
        from ui.dialogs.export import ExportDialog

        if not self.controller.has_game:
            return None
        dialog = ExportDialog(self.controller, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        return_focus(dialog, self)
        dialog.open()
        return dialog

    def print_order_sheets(self) -> QWidget | None:
        """File › Print order sheets…: each team's sheet for this turn (its view only)."""
        from ui.dialogs.order_sheets import OrderSheetsDialog

        c = self.controller
        if not c.has_game or not c.is_live or c.state.ended or self.team_flow is not None:
            return None
        dialog = OrderSheetsDialog(c, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        return_focus(dialog, self)
        dialog.open()
        return dialog

    # ------------------------------------------------------------------ view

    def toggle_public_display(self) -> QWidget:
        if self.public is None:
            from ui.public_display import PublicDisplay

            self.public = PublicDisplay(self.controller, self, clock=self.turn_clock)
        if self.public.isVisible():
            self.public.hide()
        else:
            self.public.present()  # type: ignore[attr-defined]
        return self.public

    def show_projector_controls(self) -> QWidget:
        """The projector's remote (screen, text size, turn summary, countdown)."""
        from ui.public_display import ProjectorControls

        if self.public is None:
            self.toggle_public_display()
        if self.projector_controls is None:
            self.projector_controls = ProjectorControls(self.public, self)  # type: ignore[arg-type]
        self.projector_controls.show()
        self.projector_controls.raise_()
        return self.projector_controls

    def _fill_screens(self) -> None:
        from ui.public_display import fill_screen_menu

        fill_screen_menu(self.screens_menu, self._send_public)

    def _send_public(self, index: int) -> None:
        if self.public is None:
            self.toggle_public_display()
        assert self.public is not None
        self.public.send_to_screen(index)  # type: ignore[attr-defined]

    def set_compact_ladders(self, compact: bool) -> None:
        store = settings.settings()
        store.setValue("ui/compact_ladders", compact)
        store.sync()
        self.ladder_panel.set_compact(compact)

    def toggle_full_screen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    def set_theme(self, name: str) -> None:
        store = settings.settings()
        store.setValue("ui/theme", name)
        store.sync()
        theme.apply(name)
        if self.controller.has_game:
            self.scene = MapScene(self.controller.scenario, self)
            self.scene.actor_selected.connect(self._on_map_actor)
            self.scene.rivalry_selected.connect(self._on_map_rivalry)
            self.map_view.set_map(self.scene)
            self.refresh()

    def show_guide(self) -> QWidget:
        """Help › The facilitator's guide (docs/facilitator-guide.md), in a viewer."""
        from ui.dialogs.help_viewer import GUIDE

        return self._help(GUIDE)

    def show_quick_reference(self) -> QWidget:
        """Help › Quick reference: the one-page card (printable, or saved as PDF)."""
        from ui.dialogs.help_viewer import QUICK_REFERENCE

        return self._help(QUICK_REFERENCE)

    def _help(self, name: str) -> QWidget:
        from ui.dialogs.help_viewer import HelpViewer

        viewer = self.help_viewers.get(name)
        if viewer is None:
            viewer = self.help_viewers[name] = HelpViewer(name, self)
        viewer.show()
        viewer.raise_()
        viewer.activateWindow()
        return viewer

    def show_about(self) -> None:
        from ui.dialogs.about import show_about

        show_about(self)
        reactivate(self)

    # ------------------------------------------------------------------ messages, closing

    def _on_turn_resolved(self, turn: int) -> None:
        saved = self.controller.session is not None and self.controller.session.path is not None
        where = "and saved" if saved else "(this game is not being saved)"
        self.statusBar().showMessage(f"Turn {turn} resolved {where}.", 6000)
        if self.solo_actor is None and self.team_flow is None:
            self.show_turn_summary(turn)  # a solo player sees its own results instead

    def _forget_summary(self, dialog: QWidget) -> None:
        if self.summary_dialog is dialog:
            self.summary_dialog = None

    def show_turn_summary(self, turn: int | None = None) -> QWidget | None:
        """The facilitator's summary of a resolved turn (default: the last one)."""
        from ui.widgets.turn_summary import TurnSummaryDialog

        if not self.controller.has_game or self.team_flow is not None:
            return None
        if self.summary_dialog is not None:
            self.summary_dialog.close()
        dialog = TurnSummaryDialog(self.controller, turn or None, self)
        dialog.destroyed.connect(lambda *_: self._forget_summary(dialog))
        self.summary_dialog = dialog
        return_focus(dialog, self)
        dialog.show()
        return dialog

    def _on_failed(self, message: str) -> None:
        self.statusBar().showMessage(message, 10000)
        box = QMessageBox(QMessageBox.Icon.Warning, "Cannot do that", message,
                          QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        return_focus(box, self)
        box.open()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.task is not None:
            self.task.cancel()
            self.task.finished.wait(5)
        self.save_layout()
        self.controller.close_game()  # clean close: clears the crash marker
        if self.public is not None:
            self.public.deleteLater()
        event.accept()


def offer_recovery(window: MainWindow, *, ask: bool = True) -> bool:
    """If the last run did not close its game cleanly, offer to reopen it."""
    marker = settings.current_game()
    if not marker:
        return False
    if not Path(marker).exists():
        settings.set_current_game(None)
        return False
    if ask:
        answer = QMessageBox.question(
            window, "Recover the last game?",
            f"The last session did not close normally.\n\nReopen {marker}?\n"
            "Every command entered before the interruption was saved.")
        reactivate(window)
        if answer != QMessageBox.StandardButton.Yes:
            settings.set_current_game(None)
            return False
    return window.open_game(marker)

