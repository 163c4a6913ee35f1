"""The one object in the app that talks to the engine: it owns the session and emits signals.

Widgets and item models never hold game state; they read it from the controller
and redraw when it says something changed. Every user action goes through a
method here, which runs the session command (journalled at once) and reports
failures through :attr:`Controller.failed` instead of raising into Qt.

The controller also holds two pieces of *UI* state that several screens share:
the current :class:`~wargame.views.View` (facilitator, or one team while the
laptop is handed over) and the *replay position*. Everything else is derived
from the session on demand.

Replay: :attr:`session` is always the live game (the only one commands go to);
:attr:`displayed` is what the views show, the live session or, while replaying,
a read-only session rebuilt from the first ``position`` journal commands
(:mod:`ui.replay`, cached per position). :attr:`state` and :attr:`log` read the
displayed session, so every view follows a replay without special cases. While
not at the live end, every command but ``bookmark`` is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

from ui.replay import ReplayCache, bookmark_position, last_command_text, turn_stops
from wargame.errors import SaveNotWritableError, WargameError
from wargame.journal import Command
from wargame.log import LogEntry
from wargame.orders import Inject, OrderSheet, Ruling
from wargame.rules.adjudication import Adjudication
from wargame.scenario.models import Scenario
from wargame.session import Bookmark, Seat, Session, describe
from wargame.state import GameState
from wargame.views import FACILITATOR, View

T = TypeVar("T")

#: Stages of a turn as the facilitator sees them (the phase bar).
STAGES = ("Events & injects", "Signals", "Sealed orders", "Adjudication", "Resolution",
          "End of turn")


class Controller(QObject):
    """Owns the :class:`~wargame.session.Session` of the open game."""

    session_changed = Signal()
    """A game was opened, created or closed (everything must be rebuilt); ``state_changed``
    always follows, so a view that only shows the state needs just that one."""
    state_changed = Signal()
    """The game state, log or pending orders changed (after a command, or a new game)."""
    command_done = Signal(object)
    """A command was journalled (the :class:`~wargame.journal.Command`)."""
    turn_resolved = Signal(int)
    """A turn was resolved; the argument is the turn number that ended."""
    view_changed = Signal()
    """The current view changed (facilitator <-> one team during sealed orders)."""
    failed = Signal(str)
    """A user action failed; the argument is a message to show."""
    position_changed = Signal(int)
    """The replay position changed (argument: commands shown); ``state_changed`` follows."""
    not_writable = Signal(str, str)
    """A save could not be opened for writing (path, message): another program holds it,
    or it is read-only; it can still be opened read-only."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session: Session | None = None
        self._view: View = FACILITATOR
        self._position: int | None = None
        """``None`` at the live end, else the number of journal commands shown."""
        self._replay: ReplayCache | None = None

    # ------------------------------------------------------------------ open / close

    def new_game(self, scenario: Scenario, *, seed: int, seats: dict[str, Seat], turns: int,
                 path: str | Path | None, title: str = "") -> bool:
        """Create a game; ``path=None`` keeps it in memory (smoke tests, screenshots)."""
        def create() -> Session:
            return Session.create(scenario, seed=seed, seats=seats, turns=turns, path=path,
                                  title=title)
        session = self._attempt(create)
        if session is None:
            return False
        self._install(session)
        return True

    def open_game(self, path: str | Path, *, readonly: bool = False) -> bool:
        """Open a save for play (or, with ``readonly``, to look at it without writing).

        A save another program holds, or one that cannot be written, emits
        :attr:`not_writable` instead of :attr:`failed`, so the window can offer to
        open it read-only.
        """
        live = self.session.path if self.session is not None else None
        if not readonly and live is not None and _same_file(live, Path(path)):
            self.close_game()  # reopening the game that is open: let go of its lock first
        try:
            session = Session.open(path, readonly=readonly)
        except SaveNotWritableError as exc:
            self.not_writable.emit(str(path), str(exc))
            return False
        except WargameError as exc:
            self.failed.emit(str(exc))
            return False
        self._install(session)
        return True

    def save_copy(self, path: str | Path) -> bool:
        """Write the whole game to a new save at ``path`` and go on there (after the old
        save could not be written, or to keep a copy); the old save is left as it is."""
        if self.session is None:
            self.failed.emit("No game is open.")
            return False
        session = self.session
        if self._attempt(lambda: session.save_copy(path)) is None:
            return False
        self.session_changed.emit()
        self.state_changed.emit()
        return True

    def close_game(self) -> None:
        if self.session is not None:
            self.session.close()
            self.session = None
            self._view = FACILITATOR
            self._position, self._replay = None, None
            self.session_changed.emit()
            self.state_changed.emit()

    def branch(self, path: str | Path, *, upto: int | None = None, title: str = "") -> bool:
        """Save a what-if branch of the first ``upto`` commands (default: the replay
        position) at ``path`` and make it the live game; the original stays on disk."""
        if self.session is None:
            self.failed.emit("No game is open.")
            return False
        live, point = self.session, self.position if upto is None else upto
        branch = self._attempt(lambda: live.branch(path, upto=point, title=title))
        if branch is None:
            return False
        self._install(branch)
        return True

    def _install(self, session: Session) -> None:
        self.close_game()
        self.session = session
        self._view = FACILITATOR
        self._position, self._replay = None, ReplayCache(session)
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
    def displayed(self) -> Session:
        """The session the views show: the live one, or the replayed one."""
        assert self.session is not None
        if self._position is None or self._replay is None:
            return self.session
        return self._replay.session_at(self._position)

    @property
    def state(self) -> GameState:
        """The displayed game state (the live state unless replaying)."""
        return self.displayed.state

    @property
    def live_state(self) -> GameState:
        assert self.session is not None
        return self.session.state

    @property
    def log(self) -> tuple[LogEntry, ...]:
        return self.displayed.log if self.session else ()

    @property
    def path(self) -> Path | None:
        return self.session.path if self.session else None

    @property
    def title(self) -> str:
        return self.session.header.title if self.session else ""

    @property
    def seats(self) -> dict[str, Seat]:
        return dict(self.session.seats) if self.session else {}

    def proposals(self) -> tuple[Adjudication, ...]:
        if self.session is None:
            return ()
        result = self._attempt(self.session.proposals)
        return result or ()

    def view(self) -> View:
        """Who is looking at the control console now."""
        return self._view

    def set_view(self, view: View) -> None:
        if view != self._view:
            self._view = view
            self.view_changed.emit()

    def actor_name(self, actor: str | None) -> str:
        if not actor or self.session is None or not self.scenario.has("actor", actor):
            return actor or ""
        return self.scenario.actor(actor).name

    def team_label(self, actor: str) -> str:
        """``Team Pakistan`` for a human seat, else the actor's name."""
        seat = self.seats.get(actor)
        if seat is not None and seat.kind == "human" and seat.team:
            return seat.team
        return self.actor_name(actor)

    def human_seats_waiting(self) -> list[str]:
        """Human (team-played) actors that have not sealed orders this turn."""
        if self.session is None or self.session.ended:
            return []
        return [a for a in self.session.seats_waiting() if self.seats[a].kind == "human"]

    def computer_seats_waiting(self) -> list[str]:
        if self.session is None or self.session.ended:
            return []
        return sorted(a for a, seat in self.seats.items()
                      if seat.kind == "computer" and a not in self.session.sheets
                      and self.scenario.actor(a).playable)

    def stage(self) -> int:
        """Index into :data:`STAGES` of where the open turn stands."""
        if self.session is None:
            return 0
        if self.session.ended:
            return len(STAGES) - 1
        if not self.session.sheets:
            return 0
        if self.session.seats_waiting() or self.computer_seats_waiting():
            return 2
        return 3

    def undo_history(self) -> tuple[list[Command], list[Command]]:
        """(undoable, redoable) commands, oldest first, derived from the journal.

        Mirrors the session's own undo semantics: ``undo`` moves the last applied
        command to the redo list, ``redo`` moves it back, anything else clears redo.
        """
        done: list[Command] = []
        redo: list[Command] = []
        for command in self.session.commands if self.session else ():
            if command.name == "undo":
                if done:
                    redo.append(done.pop())
            elif command.name == "redo":
                if redo:
                    done.append(redo.pop())
            else:
                done.append(command)
                redo.clear()
        return done, list(reversed(redo))

    @staticmethod
    def describe(command: Command) -> str:
        return describe(command)

    # ------------------------------------------------------------------ replay

    @property
    def is_live(self) -> bool:
        """True when the views show the live end of the game (not replaying)."""
        return self._position is None

    @property
    def live_position(self) -> int:
        return len(self.session.commands) if self.session else 0

    @property
    def position(self) -> int:
        """Journal commands shown: the live end, or the replay position."""
        return self.live_position if self._position is None else self._position

    def seek(self, position: int) -> bool:
        """Show the game after its first ``position`` commands (the end = live)."""
        if self.session is None or not self._view.is_facilitator:
            return False
        target: int | None = max(0, min(position, self.live_position))
        if target == self.live_position:
            target = None
        if target == self._position:
            return True
        if target is not None and self._replay is not None:
            try:
                self._replay.session_at(target)
            except WargameError as exc:
                self.failed.emit(str(exc))
                return False
        self._position = target
        self.position_changed.emit(self.position)
        self.state_changed.emit()
        return True

    def go_live(self) -> bool:
        return self.seek(self.live_position)

    def turn_stops(self) -> list[int]:
        return turn_stops(self.session.commands) if self.session else [0]

    def step_turn(self, delta: int) -> bool:
        """To the start of the next (``+1``) or of this/previous (``-1``) turn."""
        here, stops = self.position, self.turn_stops()
        if delta > 0:
            ahead = [p for p in stops if p > here]
            return self.seek(ahead[0] if ahead else self.live_position)
        behind = [p for p in stops if p < here]
        return self.seek(behind[-1] if behind else 0)

    def step_command(self, delta: int) -> bool:
        return self.seek(self.position + delta)

    def position_text(self) -> str:
        """``Turn 4, command 37 of 112`` (and what that command was)."""
        if self.session is None:
            return "No game"
        st = self.state
        turn = "Game over" if st.ended else f"Turn {st.turn}"
        where = f"{turn}, command {self.position} of {self.live_position}"
        if self.is_live:
            return f"Live · {where}"
        return f"{where} · after {last_command_text(self.session.commands, self.position)}"

    def turn_at(self, position: int) -> int:
        """The turn open (or the last turn, once over) after ``position`` commands."""
        if self.session is None:
            return 0
        if position >= self.live_position or self._replay is None:
            return self.session.state.turn
        return self._replay.session_at(position).state.turn

    def bookmarks(self) -> tuple[Bookmark, ...]:
        """Every bookmark of the live game (bookmarks added later point back in time)."""
        return self.session.bookmarks if self.session else ()

    def bookmark_position(self, mark: Bookmark) -> int:
        return bookmark_position(mark, self.session.commands) if self.session else 0

    # ------------------------------------------------------------------ commands

    def submit_orders(self, sheet: OrderSheet) -> bool:
        return self._command(lambda s: s.submit_orders(sheet))

    def rule(self, ruling: Ruling) -> bool:
        return self._command(lambda s: s.rule(ruling))

    def inject(self, inject: Inject) -> bool:
        return self._command(lambda s: s.inject(inject))

    def hold_event(self, event_id: str, hold: bool = True) -> bool:
        """Hold a scenario event back (it does not fire while held), or release it."""
        return self._command(lambda s: s.hold_event(event_id, hold))

    @property
    def held_events(self) -> frozenset[str]:
        return self.displayed.held_events if self.session is not None else frozenset()

    def note(self, text: str, *, author: str = "facilitator", actor: str | None = None) -> bool:
        return self._command(lambda s: s.note(text, author=author, actor=actor))

    def message(self, sender: str, recipient: str, text: str) -> bool:
        """A message on a private channel (``white_cell`` for the facilitator's end)."""
        return self._command(lambda s: s.message(sender, recipient, text))

    def bookmark(self, label: str, text: str = "", *, at_seq: int | None = None) -> bool:
        """Bookmark a point (default: the displayed position), journalled on the live game."""
        point = self.position if at_seq is None else at_seq
        turn = self.turn_at(point) if self.session is not None else None
        return self._command(lambda s: s.bookmark(label, text, turn=turn, at_seq=point),
                             replaying_ok=True)

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

    def _command(self, action: Callable[[Session], Any], *, replaying_ok: bool = False) -> bool:
        if self.session is None:
            self.failed.emit("No game is open.")
            return False
        if not self.is_live and not replaying_ok:
            self.failed.emit("You are looking at an earlier point of the game: press "
                             "\u201cBack to live\u201d first.")
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


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False
