"""Edit > Undo / Redo: a ``QUndoStack`` that mirrors the session's own undo history.

Design choice: the session is the authority on undo. Its ``undo`` and ``redo``
are journalled commands themselves, so the history survives a crash or a
reopen. This stack therefore holds one :class:`SessionUndoCommand` per
undoable session command, rebuilt from :meth:`Controller.undo_history` whenever
it disagrees with the journal (after a reopen, or after a command failed).
Its ``undo()`` calls :meth:`Controller.undo` and its ``redo()`` calls
:meth:`Controller.redo`; the very first ``redo()`` (Qt calls it on ``push``) and
everything done while resynchronising are skipped, because the session has
already applied the command. A ``QUndoView`` on this stack shows the session's
real history, and the menu texts ("Undo orders of PAK") come from the engine.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QUndoCommand, QUndoStack

from ui.controller import Controller


class SessionUndoCommand(QUndoCommand):
    """One undoable session command; undo/redo delegate to the controller."""

    def __init__(self, mirror: SessionUndoStack, text: str, seq: int) -> None:
        super().__init__(text)
        self.mirror = mirror
        self.seq = seq

    def undo(self) -> None:
        if not self.mirror.syncing:
            self.mirror.controller.undo()

    def redo(self) -> None:
        if not self.mirror.syncing:
            self.mirror.controller.redo()


class SessionUndoStack(QUndoStack):
    """The session's undo history as a ``QUndoStack`` (see the module docstring)."""

    def __init__(self, controller: Controller, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.syncing = False
        self._busy = False
        self._actions: tuple[QAction, ...] = ()
        self.guard: Callable[[Callable[[], None]], object] = lambda undo: undo()
        """Called with the undo to run; the window sets it to ask before undoing an end
        of turn (it runs the undo, or not)."""
        controller.state_changed.connect(self.sync)
        controller.session_changed.connect(self.sync)
        controller.position_changed.connect(self._refresh_actions)

    # ---- actions for the Edit menu (route through this stack, then resync)

    def make_actions(self, parent: QObject) -> tuple[QAction, QAction]:
        undo = QAction("&Undo", parent)
        redo = QAction("&Redo", parent)
        undo.triggered.connect(lambda: self.guard(self.undo_one))
        redo.triggered.connect(self.redo_one)
        self._actions = (undo, redo)
        self.indexChanged.connect(self._refresh_actions)
        self._refresh_actions()
        return undo, redo

    def _refresh_actions(self, _index: int = 0) -> None:
        # QUndoStack emits indexChanged while it is being destroyed: ignore that.
        if not self._actions or not all(shiboken6.isValid(o) for o in (self, *self._actions)):
            return
        undo, redo = self._actions
        live = self.controller.is_live  # no undo while replaying an earlier point
        undo.setEnabled(self.canUndo() and live)
        redo.setEnabled(self.canRedo() and live)
        undo.setText(f"&Undo {self.undoText()}".strip())
        redo.setText(f"&Redo {self.redoText()}".strip())

    def undo_one(self) -> None:
        self._busy = True
        try:
            self.undo()
        finally:
            self._busy = False
        self.sync()

    def redo_one(self) -> None:
        self._busy = True
        try:
            self.redo()
        finally:
            self._busy = False
        self.sync()

    # ---- mirroring

    def expected(self) -> tuple[list[tuple[int, str]], int]:
        done, redo = self.controller.undo_history()
        items = [(c.seq, self.controller.describe(c)) for c in done + redo]
        return items, len(done)

    def current(self) -> tuple[list[tuple[int, str]], int]:
        items = []
        for i in range(self.count()):
            cmd = self.command(i)
            assert isinstance(cmd, SessionUndoCommand)
            items.append((cmd.seq, cmd.text()))
        return items, self.index()

    def sync(self) -> None:
        """Make the stack match the journal (no-op when it already does)."""
        if self._busy:
            return
        items, index = self.expected()
        if (items, index) == self.current():
            return
        self.syncing = True
        try:
            have, _ = self.current()
            if have == items[:len(have)] and self.index() == len(have):
                for seq, text in items[len(have):]:
                    self.push(SessionUndoCommand(self, text, seq))
            else:
                self.clear()
                for seq, text in items:
                    self.push(SessionUndoCommand(self, text, seq))
            self.setIndex(index)
        finally:
            self.syncing = False
