"""The start page: new game, open a save, recent games, bundled scenarios."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui import settings


class StartPage(QWidget):
    new_requested = Signal(str)
    """Start a new game (argument: a scenario path or "")."""
    open_requested = Signal(str)
    """Open a save (argument: a path or "" to ask)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from wargame import __version__

        title = QLabel(f"<h1 style='margin-bottom:0'>Wargame</h1>"
                       f"<p>Facilitator's console · version {__version__}</p>")
        self.new_button = QPushButton("New game…")
        self.open_button = QPushButton("Open a saved game…")
        for b in (self.new_button, self.open_button):
            b.setMinimumHeight(44)
            f = b.font()
            f.setPointSizeF(f.pointSizeF() * 1.2)
            b.setFont(f)
        self.new_button.setDefault(True)
        self.new_button.clicked.connect(lambda: self.new_requested.emit(""))
        self.open_button.clicked.connect(lambda: self.open_requested.emit(""))
        self.recent = QListWidget()
        self.recent.itemActivated.connect(
            lambda item: self.open_requested.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.scenarios = QListWidget()
        for box in (self.recent, self.scenarios):
            box.setWordWrap(True)
            box.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            box.setSpacing(3)
        self.scenarios.itemActivated.connect(
            lambda item: self.new_requested.emit(item.data(Qt.ItemDataRole.UserRole)))

        card = QFrame()
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setMaximumWidth(980)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(24, 18, 24, 18)
        inner.addWidget(title)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.open_button)
        inner.addLayout(buttons)
        lists = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(QLabel("<b>Recent games</b> (double-click to open)"))
        left.addWidget(self.recent)
        right = QVBoxLayout()
        right.addWidget(QLabel("<b>Bundled scenarios</b> (double-click for a new game)"))
        right.addWidget(self.scenarios)
        lists.addLayout(left, 1)
        lists.addLayout(right, 1)
        inner.addLayout(lists, 1)
        hint = QLabel("Tip: a game is saved command by command as you play; "
                      "nothing is lost if the laptop crashes.")
        hint.setWordWrap(True)
        inner.addWidget(hint)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        col = QVBoxLayout()
        col.addStretch(1)
        col.addWidget(card, 4)
        col.addStretch(1)
        outer.addLayout(col, 6)
        outer.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        from wargame.scenario.loader import bundled_paths

        self.recent.clear()
        for path in settings.recent_games():
            p = Path(path)
            item = QListWidgetItem(f"{p.stem}    —    {p.parent}")
            item.setData(Qt.ItemDataRole.UserRole, path)
            item.setToolTip(path)
            self.recent.addItem(item)
        if not self.recent.count():
            placeholder = QListWidgetItem("No recent games yet")
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.recent.addItem(placeholder)
        self.scenarios.clear()
        for path in bundled_paths():
            item = QListWidgetItem(f"{_title_of(path)}\n{path.name}")
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            item.setToolTip(str(path))
            self.scenarios.addItem(item)


def _title_of(path: Path) -> str:
    """The scenario's title, read cheaply from the file head (no validation at start-up)."""
    try:
        with path.open(encoding="utf-8") as handle:
            for _, line in zip(range(60), handle, strict=False):
                stripped = line.strip()
                if stripped.startswith("title:"):
                    title = stripped[len("title:"):].strip().strip("\"'")
                    return title or path.stem
    except OSError:
        pass
    return path.stem
