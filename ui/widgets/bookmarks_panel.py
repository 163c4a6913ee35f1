"""Bookmarks of the game: turn, command, label and annotation; double-click to replay there."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.controller import Controller

POSITION_ROLE = Qt.ItemDataRole.UserRole + 1


class BookmarksPanel(QWidget):
    """Lists the live game's bookmarks (all of them, even while replaying)."""

    add_requested = Signal()

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Turn", "Command", "Bookmark", "Annotation"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.tree.header()
        header.setStretchLastSection(True)
        for col in (0, 1):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setColumnWidth(2, 220)
        self.tree.itemDoubleClicked.connect(lambda item, _col: self.jump(item))
        self.add_button = QPushButton("Add bookmark here…")
        self.add_button.clicked.connect(self.add_requested)
        self.go_button = QPushButton("Replay from there")
        self.go_button.clicked.connect(lambda: self.jump(self.tree.currentItem()))
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.go_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.tree, 1)
        layout.addLayout(row)
        controller.state_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        c = self.controller
        self.tree.clear()
        for mark in c.bookmarks():
            position = c.bookmark_position(mark)
            item = QTreeWidgetItem([str(mark.turn), str(position), mark.label, mark.text])
            item.setData(0, POSITION_ROLE, position)
            item.setToolTip(3, mark.text)
            self.tree.addTopLevelItem(item)
        self.add_button.setEnabled(c.has_game)
        self._mark_current()

    def _mark_current(self) -> None:
        here = self.controller.position if self.controller.has_game else -1
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            font = item.font(0)
            font.setBold(item.data(0, POSITION_ROLE) == here)
            for col in range(4):
                item.setFont(col, font)

    def labels(self) -> list[str]:
        return [self.tree.topLevelItem(i).text(2) for i in range(self.tree.topLevelItemCount())]

    def jump(self, item: QTreeWidgetItem | None) -> bool:
        """Replay the game at the bookmarked point."""
        if item is None:
            return False
        return self.controller.seek(int(item.data(0, POSITION_ROLE)))
