"""Replay positions over a game's journal: read-only sessions derived from a prefix.

A *position* ``K`` is "the game as it stood after its first ``K`` journal
commands" (``0`` = the opening, ``len(commands)`` = the live end). The session
at ``K`` is rebuilt by :meth:`Session.from_contents` with ``upto=K``, a pure
replay that never touches the live session or its file. The journal is
append-only (undo and redo are commands too), so a prefix never changes and the
derived sessions can be cached for as long as the same game is open.

No Qt here: :class:`~ui.controller.Controller` owns one :class:`ReplayCache` and
turns positions into signals.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence

from wargame.journal import Command, JournalContents
from wargame.session import Bookmark, Session, describe


class ReplayCache:
    """Derived, read-only sessions of one live session, by position (least recently used)."""

    def __init__(self, live: Session, *, size: int = 48) -> None:
        self.live = live
        self.size = size
        self._sessions: OrderedDict[int, Session] = OrderedDict()

    def __len__(self) -> int:
        return len(self._sessions)

    def session_at(self, position: int) -> Session:
        """The game after the first ``position`` commands (never the live object)."""
        position = max(0, min(position, len(self.live.commands)))
        cached = self._sessions.get(position)
        if cached is not None:
            self._sessions.move_to_end(position)
            return cached
        contents = JournalContents(self.live.header, list(self.live.commands))
        source = str(self.live.path) if self.live.path else "the open game"
        derived = Session.from_contents(contents, source=source, upto=position)
        self._sessions[position] = derived
        while len(self._sessions) > self.size:
            self._sessions.popitem(last=False)
        return derived


def turn_stops(commands: Sequence[Command]) -> list[int]:
    """Positions where a turn starts: the opening, after every ``end_turn``, the live end."""
    stops = {0, len(commands)}
    stops.update(i for i, c in enumerate(commands, 1) if c.name == "end_turn")
    return sorted(stops)


def bookmark_position(mark: Bookmark, commands: Sequence[Command]) -> int:
    """Where a bookmark points: its ``at_seq``, or (``at_seq == 0``) the start of its turn."""
    if mark.at_seq > 0:
        return min(mark.at_seq, len(commands))
    start = 0
    for i, command in enumerate(commands[:mark.seq], 1):
        if command.name == "end_turn" and int(command.args.get("turn", 0)) == mark.turn - 1:
            start = i
    return start


def last_command_text(commands: Sequence[Command], position: int) -> str:
    """What the command that led to ``position`` did ("orders of PAK"), or ``"start"``."""
    if position <= 0 or position > len(commands):
        return "start of the game"
    return describe(commands[position - 1])
