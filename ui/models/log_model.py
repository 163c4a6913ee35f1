"""The turn log as a table, filtered through one :class:`~wargame.views.View`.

:class:`LogTableModel` shows the entries a view may see, cut to what it may know
(``views.visible_entries``), and
appends new rows incrementally when the log only grew (undo replaces it);
:class:`LogFilterProxy` adds the facilitator's filters (turn, actor, rivalry,
kind, free text).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont

from wargame.labels import readable
from wargame.log import LogEntry, Visibility
from wargame.views import View, visible_entries

EntryRole = Qt.ItemDataRole.UserRole + 1
"""Role returning the :class:`~wargame.log.LogEntry` of a row."""

COLUMNS = ("Turn", "Phase", "Kind", "Actor", "Rivalry", "Text", "Visibility")
COL_TURN, COL_PHASE, COL_KIND, COL_ACTOR, COL_RIVALRY, COL_TEXT, COL_VISIBILITY = range(7)

Index = QModelIndex | QPersistentModelIndex


class LogTableModel(QAbstractTableModel):
    """Rows = log entries visible to :attr:`view`."""

    def __init__(self, view: View, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self._entries: list[LogEntry] = []
        self._source: tuple[LogEntry, ...] = ()

    # ---- feeding

    def set_view(self, view: View) -> None:
        if view != self.view:
            self.view = view
            self.beginResetModel()
            self._entries = visible_entries(view, self._source)
            self.endResetModel()

    def set_log(self, log: Sequence[LogEntry]) -> None:
        log = tuple(log)
        old = self._source
        if len(log) >= len(old) and log[:len(old)] == old:
            fresh = visible_entries(self.view, log[len(old):])
            self._source = log
            if fresh:
                first = len(self._entries)
                self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
                self._entries.extend(fresh)
                self.endInsertRows()
            return
        self.beginResetModel()
        self._source = log
        self._entries = visible_entries(self.view, log)
        self.endResetModel()

    def entries(self) -> list[LogEntry]:
        return list(self._entries)

    def entry(self, row: int) -> LogEntry:
        return self._entries[row]

    # ---- Qt API

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        e = self._entries[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (e.turn, e.phase, readable(e.kind), e.actor or "",
                    e.rivalry or "", e.text, e.visibility.value)[col]
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_TEXT:
            return e.text
        if role == Qt.ItemDataRole.FontRole and e.visibility != Visibility.PUBLIC:
            font = QFont()
            font.setItalic(True)
            return font
        if role == EntryRole:
            return e
        if role == Qt.ItemDataRole.TextAlignmentRole and col == COL_TURN:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class LogFilterProxy(QSortFilterProxyModel):
    """Filters by turn, actor, rivalry, kind and a search text (all optional)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.turn: int | None = None
        self.actor: str | None = None
        self.rivalry: str | None = None
        self.kind: str | None = None
        self.search = ""

    def set_filters(self, *, turn: int | None = None, actor: str | None = None,
                    rivalry: str | None = None, kind: str | None = None,
                    search: str = "") -> None:
        self.beginFilterChange()
        self.turn, self.actor, self.rivalry, self.kind = turn, actor, rivalry, kind
        self.search = search.strip().lower()
        self.endFilterChange()

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, LogTableModel) or row >= model.rowCount():
            return True
        e = model.entry(row)
        if self.turn is not None and e.turn != self.turn:
            return False
        if self.actor and self.actor not in (e.actor, e.target) and self.actor not in e.audience:
            return False
        if self.rivalry and e.rivalry != self.rivalry:
            return False
        if self.kind and e.kind.value != self.kind:
            return False
        return not (self.search and self.search not in e.text.lower())
