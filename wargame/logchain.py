"""An immutable, shared log: appending makes a new chain that reuses the old one.

A session keeps one record per applied command (the undo history), each with the
log as it stood. Copying the whole log into every record made memory grow with
the square of the game's length; a :class:`LogChain` node holds only the entries
one command added and points at the chain before it, so all records share their
common past and memory stays linear.
"""

from __future__ import annotations

from collections.abc import Iterable

from wargame.log import LogEntry


class LogChain:
    """The log after some commands: the entries of the last one plus the chain before."""

    __slots__ = ("_items", "_length", "_parent")

    def __init__(self, items: Iterable[LogEntry] = (), parent: LogChain | None = None) -> None:
        self._items = tuple(items)
        self._parent = parent
        self._length = len(self._items) + (len(parent) if parent is not None else 0)

    def __len__(self) -> int:
        return self._length

    @property
    def items(self) -> tuple[LogEntry, ...]:
        """The entries this node added (the last command's)."""
        return self._items

    @property
    def parent(self) -> LogChain | None:
        """The log before this node's entries."""
        return self._parent

    def extend(self, items: Iterable[LogEntry]) -> LogChain:
        """This log followed by ``items`` (``self`` itself when there are none)."""
        added = tuple(items)
        return LogChain(added, self) if added else self

    def to_tuple(self) -> tuple[LogEntry, ...]:
        """Every entry, oldest first."""
        parts: list[tuple[LogEntry, ...]] = []
        node: LogChain | None = self
        while node is not None:
            if node._items:
                parts.append(node._items)
            node = node._parent
        return tuple(entry for part in reversed(parts) for entry in part)
