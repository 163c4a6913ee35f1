"""The one object in the app that talks to the engine: it owns the session and emits signals.

Widgets and item models never hold game state; they read it from the controller
and redraw when it says something changed. Every user action goes through a
method here, which runs the session command (journalled at once) and reports
failures through :attr:`Controller.failed` instead of raising into Qt.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

from wargame.errors import WargameError
from wargame.journal import Command
from wargame.log import LogEntry
from wargame.orders import Inject, OrderSheet, Ruling
from wargame.rules.adjudication import Adjudication
from wargame.scenario.models import Scenario
from wargame.session import Seat, Session
from wargame.state import GameState
from wargame.views import FACILITATOR, View

T = TypeVar("T")


class Controller(QObject):
    """Owns the :class:`~wargame.session.Session` of the open game."""

    session_changed = Signal()
    """A game was opened, created or closed (everything must be rebuilt)."""
    state_changed = Signal()
    """The game state, log or pending orders changed after a command."""
    command_done = Signal(object)
    """A command was journalled (the :class:`~wargame.journal.Command`)."""
    turn_resolved = Signal(int)
    """A turn was resolved; the argument is the turn number that ended."""
    failed = Signal(str)
    """A user action failed; the argument is a message to show."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session: Session | None = None

    # ------------------------------------------------------------------ open / close

    def new_game(self, scenario: Scenario, *, seed: int, seats: dict[str, Seat], turns: int,
                 path: str | Path, title: str = "") -> bool:
        def create() -> Session:
            return Session.create(scenario, seed=seed, seats=seats, turns=turns, path=path,
                                  title=title)
        session = self._attempt(create)
        if session is None:
            return False
        self._install(session)
        return True

    def open_game(self, path: str | Path) -> bool:
        session = self._attempt(lambda: Session.open(path))
        if session is None:
            return False
        self._install(session)
        return True

    def close_game(self) -> None:
        if self.session is not None:
            self.session.close()
            self.session = None
            self.session_changed.emit()

    def _install(self, session: Session) -> None:
        self.close_game()
        self.session = session
        self.session_changed.emit()
        self.state_changed.emit()

    # ------------------------------------------------------------------ reading

    @property
    def has_game(self) -> bool:
        return self.session is not None

    @property
    def scenario(self) -> Scenario:
        assert self.session is not None
        return self.session.scenario

    @property
    def state(self) -> GameState:
        assert self.session is not None
        return self.session.state

    @property
    def log(self) -> tuple[LogEntry, ...]:
        return self.session.log if self.session else ()

    def proposals(self) -> tuple[Adjudication, ...]:
        if self.session is None:
            return ()
        result = self._attempt(self.session.proposals)
        return result or ()

    def view(self) -> View:
        return FACILITATOR

    # ------------------------------------------------------------------ commands

    def submit_orders(self, sheet: OrderSheet) -> bool:
        return self._command(lambda s: s.submit_orders(sheet))

    def rule(self, ruling: Ruling) -> bool:
        return self._command(lambda s: s.rule(ruling))

    def inject(self, inject: Inject) -> bool:
        return self._command(lambda s: s.inject(inject))

    def note(self, text: str, *, author: str = "facilitator", actor: str | None = None) -> bool:
        return self._command(lambda s: s.note(text, author=author, actor=actor))

    def bookmark(self, label: str, text: str = "") -> bool:
        return self._command(lambda s: s.bookmark(label, text))

    def fill_computer_orders(self) -> bool:
        return self._command(lambda s: s.fill_computer_orders())

    def end_turn(self) -> bool:
        if self.session is None:
            return False
        turn = self.session.turn
        ok = self._command(lambda s: s.end_turn())
        if ok:
            self.turn_resolved.emit(turn)
        return ok

    def undo(self) -> bool:
        return self._command(lambda s: s.undo())

    def redo(self) -> bool:
        return self._command(lambda s: s.redo())

    # ------------------------------------------------------------------ plumbing

    def _command(self, action: Callable[[Session], Any]) -> bool:
        if self.session is None:
            self.failed.emit("No game is open.")
            return False
        session = self.session
        result = self._attempt(lambda: action(session))
        if result is None:
            return False
        commands = result if isinstance(result, list) else [result]
        for command in commands:
            if isinstance(command, Command):
                self.command_done.emit(command)
        self.state_changed.emit()
        return True

    def _attempt(self, action: Callable[[], T]) -> T | None:
        try:
            return action()
        except WargameError as exc:
            self.failed.emit(str(exc))
        except (OSError, ValueError, KeyError) as exc:
            self.failed.emit(f"{type(exc).__name__}: {exc}")
        return None
