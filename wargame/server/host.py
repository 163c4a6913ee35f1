"""The game that stations play: one owner thread writes, anyone may read a frame.

A :class:`GameHost` runs every command on the thread that owns the session (so
the facilitator's process stays the journal's only writer) and hands out
:class:`Frame` values: the session's last *committed* record (taken after a
command was journalled, so a command whose write failed and was rolled back is
never seen) with what is needed to read it. Records are never mutated, so a
frame may be read on any thread while the owner goes on playing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Protocol

from wargame.commands import SessionCommand
from wargame.errors import WargameError
from wargame.journal import Command
from wargame.scenario.models import Scenario
from wargame.session import Record, Seat, SeatKind, Session


@dataclass(frozen=True)
class Frame:
    """A moment of the game, safe to read from any thread."""

    scenario: Scenario
    record: Record
    seats: Mapping[str, Seat]
    title: str


def frame_of(session: Session) -> Frame:
    return Frame(session.scenario, session.record, dict(session.seats), session.header.title)


def warm_up(session: Session) -> None:
    """Resolve the open turn once without recording it, so the rules' caches are warm.

    The first resolution of a game builds the scenario's compiled conditions and
    tables (about a tenth of a second on the Afghanistan scenario); done before
    serving, that pause does not fall on the stations' first turn. Nothing is
    journalled or changed: the engine's functions are pure.
    """
    from wargame.engine import resolve_turn
    from wargame.runner import computer_sheets

    if session.ended:
        return
    record = session.record
    computers = [a for a, seat in sorted(session.seats.items())
                 if seat.kind == SeatKind.COMPUTER and session.scenario.actor(a).playable]
    sheets = dict(record.sheets)
    for sheet in computer_sheets(session.scenario, record.state, computers, session.seed):
        sheets.setdefault(sheet.actor, sheet)
    resolve_turn(session.scenario, record.state, sheets, record.rulings, session.seed,
                 held=record.held)


class GameHost(Protocol):
    """What the station server needs from whoever owns the session."""

    def frame(self) -> Frame:
        """The game as it stands (any thread)."""

    def execute(self, command: SessionCommand) -> Future[int]:
        """Run a command on the owner thread; the future gives its sequence number or the
        :class:`~wargame.errors.WargameError` that refused it."""

    def subscribe(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` (on any thread) after every change of the game."""


class SessionHost:
    """A session owned by a lock: the headless ``wargame serve``.

    Commands from stations and from the console run under the same lock, on the
    thread that sends them.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self._lock = threading.RLock()
        self._callbacks: list[Callable[[], None]] = []
        self._frame = frame_of(session)
        session.listeners.append(self._changed)

    def frame(self) -> Frame:
        return self._frame

    def execute(self, command: SessionCommand) -> Future[int]:
        future: Future[int] = Future()
        with self._lock:
            try:
                future.set_result(self.session.execute(command).seq)
            except WargameError as exc:
                future.set_exception(exc)
        return future

    def run(self, action: Callable[[Session], object]) -> object:
        """Run ``action(session)`` under the lock (the facilitator's console)."""
        with self._lock:
            return action(self.session)

    def subscribe(self, callback: Callable[[], None]) -> None:
        self._callbacks.append(callback)

    def changed(self) -> None:
        """Tell subscribers that something outside the journal changed (a timer)."""
        for callback in list(self._callbacks):
            callback()

    def _changed(self, command: Command) -> None:
        self._frame = frame_of(self.session)  # the command is journalled: it counts
        self.changed()
