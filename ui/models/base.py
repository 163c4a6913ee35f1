"""A small read-only table model over a list of row objects (reset on every change)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

R = TypeVar("R")
RowRole = Qt.ItemDataRole.UserRole + 1
"""Role returning the row object."""

Index = QModelIndex | QPersistentModelIndex


class RowTableModel(QAbstractTableModel, Generic[R]):
    """Subclasses set :attr:`columns` and implement :meth:`cell` (and optionally
    :meth:`tooltip`, :meth:`font`)."""

    columns: tuple[str, ...] = ()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[R] = []

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[R]:
        return list(self._rows)

    def row_object(self, row: int) -> R:
        return self._rows[row]

    def cell(self, row: R, column: int) -> Any:
        raise NotImplementedError

    def tooltip(self, row: R, column: int) -> str | None:
        return None

    def decorate(self, row: R, column: int, role: int) -> Any:
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.columns):
            return self.columns[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = self.cell(row, index.column())
            return "" if value is None else value
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(row, index.column())
        if role == RowRole:
            return row
        return self.decorate(row, index.column(), role)


def first_match(model: RowTableModel[R], test: Callable[[R], bool]) -> int:
    """Row number of the first row object passing ``test`` (-1 if none)."""
    for i, row in enumerate(model.rows()):
        if test(row):
            return i
    return -1
