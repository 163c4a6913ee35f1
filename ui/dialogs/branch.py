"""Branch from here: a what-if save sharing the game's history up to the replay position."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from ui import settings
from ui.controller import Controller


def default_branch_path(controller: Controller, position: int) -> Path:
    """``<save>-whatif-<position>.wgsave`` next to the save (or in the games folder),
    numbered so that it never names an existing file."""
    here = controller.path
    folder = here.parent if here is not None else settings.games_dir()
    stem = (here.stem if here is not None else "game") + f"-whatif-{position}"
    path = folder / f"{stem}{settings.SAVE_SUFFIX}"
    n = 2
    while path.exists():
        path = folder / f"{stem}-{n}{settings.SAVE_SUFFIX}"
        n += 1
    return path


class BranchDialog(QDialog):
    """Title and file of the branch; on OK the controller branches and opens it live."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.position = controller.position
        turn = controller.turn_at(self.position)
        self.setWindowTitle("Branch from here")
        info = QLabel(
            f"A new save that shares the first {self.position} commands of this game "
            f"(turn {turn}) with the same seed and dice. Play then continues in the "
            "branch; the original game stays on disk unchanged.")
        info.setWordWrap(True)
        self.title = QLineEdit(f"{controller.title} — what-if from turn {turn}")
        self.path = QLineEdit(str(default_branch_path(controller, self.position)))
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create branch")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(info)
        form.addRow("Title", self.title)
        form.addRow("Save as", row)
        form.addRow(self.buttons)
        self.resize(560, 200)

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Save the what-if branch as", self.path.text(),
            f"Wargame saves (*{settings.SAVE_SUFFIX})")
        if path:
            if not path.endswith(settings.SAVE_SUFFIX):
                path += settings.SAVE_SUFFIX
            self.path.setText(path)

    def accept(self) -> None:
        path = Path(self.path.text().strip()).expanduser()
        if not self.path.text().strip():
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        if self.controller.branch(path, upto=self.position, title=self.title.text().strip()):
            super().accept()
