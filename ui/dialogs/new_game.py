"""New game: scenario, seed, turns, title, the computer players' difficulty, a seat for every
playable actor, where to save."""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui import settings
from ui.dialogs.scenario_errors import ScenarioErrorsDialog
from wargame.errors import ScenarioError
from wargame.scenario.models import ActorKind, Scenario
from wargame.session import Seat

SEAT_CHOICES = (("Human team", "human"), ("Computer", "computer"), ("Facilitator", "facilitator"))


def difficulty_box() -> QComboBox:
    """The computer players' difficulty: doctrine (the one-step heuristic) or a lookahead
    player of a style and a level; the item data is the seat's player spec."""
    from wargame.ai.lookahead import LEVELS, STYLES

    box = QComboBox()
    box.addItem("Doctrine (quick, one step ahead)", "")
    for style in STYLES:
        for level in LEVELS:
            box.addItem(f"Lookahead: {style}, {level}", f"lookahead-{style}-{level}")
    box.setToolTip("How the computer seats play. Lookahead players try their options in "
                   "sampled futures on what their side can see; cautious ones avoid risk, "
                   "hawkish ones seek it; experts think longer (up to 1, 3 or 8 seconds a seat "
                   "for novice, standard and expert).")
    return box


@dataclass(frozen=True)
class NewGameChoice:
    scenario: Scenario
    scenario_path: Path
    seed: int
    turns: int
    title: str
    seats: dict[str, Seat]
    path: Path


class NewGameDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, scenario_path: str | Path | None = None,
                 save_folder: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New game")
        self.scenario: Scenario | None = None
        self.scenario_path: Path | None = None
        self.error_dialog: ScenarioErrorsDialog | None = None
        self.save_folder = save_folder
        self.seat_kind: dict[str, QComboBox] = {}
        self.seat_team: dict[str, QLineEdit] = {}

        from wargame.scenario.loader import bundled_paths

        self.scenario_box = QComboBox()
        for p in bundled_paths():
            self.scenario_box.addItem(p.stem, str(p))
        browse = QPushButton("Other file…")
        browse.clicked.connect(self.browse_scenario)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.seed = QSpinBox()
        self.seed.setRange(0, 2_000_000_000)
        self.seed.setValue(random.randint(1, 999_999))
        self.turns = QSpinBox()
        self.turns.setRange(1, 200)
        self.title = QLineEdit()
        self.difficulty = difficulty_box()
        self.seats_box = QGroupBox("Who plays each actor")
        self.seats_grid = QGridLayout(self.seats_box)
        self.path = QLineEdit()
        save_browse = QPushButton("Browse…")
        save_browse.clicked.connect(self.browse_save)

        form = QFormLayout()
        row = QHBoxLayout()
        row.addWidget(self.scenario_box, 1)
        row.addWidget(browse)
        form.addRow("Scenario", row)
        form.addRow("", self.summary)
        form.addRow("Seed", self.seed)
        form.addRow("Turns", self.turns)
        form.addRow("Title", self.title)
        form.addRow("Computer players", self.difficulty)
        save_row = QHBoxLayout()
        save_row.addWidget(self.path, 1)
        save_row.addWidget(save_browse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Start game")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.seats_box)
        save_form = QFormLayout()
        save_form.addRow("Save to", save_row)
        layout.addLayout(save_form)
        layout.addWidget(self.buttons)
        self.scenario_box.currentIndexChanged.connect(
            lambda _i: self.load(self.scenario_box.currentData()))
        if scenario_path is not None:
            self.set_scenario_file(scenario_path)
        elif self.scenario_box.count():
            default = self._default_index()
            self.scenario_box.setCurrentIndex(default)
            self.load(self.scenario_box.currentData())
        self.resize(640, 560)

    def _default_index(self) -> int:
        from wargame.scenario.loader import DEFAULT_SCENARIO

        i = self.scenario_box.findText(DEFAULT_SCENARIO)
        return i if i >= 0 else max(0, self.scenario_box.findText("tutorial"))

    # ---- scenario

    def browse_scenario(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Scenario file", "",
                                              "Scenarios (*.yaml *.yml);;All files (*)")
        if name:
            self.set_scenario_file(name)

    def set_scenario_file(self, path: str | Path) -> None:
        path = str(Path(path))
        i = self.scenario_box.findData(path)
        if i < 0:
            self.scenario_box.blockSignals(True)
            self.scenario_box.addItem(Path(path).name, path)
            i = self.scenario_box.count() - 1
            self.scenario_box.setCurrentIndex(i)
            self.scenario_box.blockSignals(False)
            self.load(path)
        else:
            self.scenario_box.setCurrentIndex(i)
            self.load(path)

    def load(self, path: str | None) -> bool:
        from wargame.scenario.loader import load_scenario

        self.scenario = None
        self.scenario_path = Path(path) if path else None
        self._clear_seats()
        ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok_button.setEnabled(False)
        if not path:
            return False
        try:
            scenario = load_scenario(path, cache_dir=settings.scenario_cache_dir())
        except ScenarioError as exc:
            self.summary.setText(f"<b>{len(exc.problems) or 1} problem(s)</b> in {path}.")
            self.error_dialog = ScenarioErrorsDialog(exc, self)
            self.error_dialog.open()
            return False
        self.scenario = scenario
        md = scenario.metadata
        self.summary.setText(f"<b>{md.title}</b><br>{md.summary}")
        self.turns.setValue(md.default_turns)
        self.title.setText(md.title)
        self.path.setText(str(settings.default_save_path(md.id, self.save_folder)))
        row = 0
        for actor in scenario.actors:
            if not actor.playable:
                continue
            kind = QComboBox()
            for label, value in SEAT_CHOICES:
                kind.addItem(label, value)
            human = actor.kind in (ActorKind.STATE, ActorKind.DE_FACTO_GOVERNMENT)
            kind.setCurrentIndex(0 if human else 1)
            team = QLineEdit(f"Team {actor.name.split(' (')[0]}")
            team.setEnabled(human)
            kind.currentIndexChanged.connect(
                lambda _i, k=kind, t=team: t.setEnabled(k.currentData() == "human"))
            self.seats_grid.addWidget(QLabel(actor.name), row, 0)
            self.seats_grid.addWidget(kind, row, 1)
            self.seats_grid.addWidget(team, row, 2)
            self.seat_kind[actor.id] = kind
            self.seat_team[actor.id] = team
            row += 1
        ok_button.setEnabled(True)
        return True

    def _clear_seats(self) -> None:
        while self.seats_grid.count():
            item = self.seats_grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.seat_kind.clear()
        self.seat_team.clear()

    # ---- seats and saving

    def set_seat(self, actor: str, kind: str, team: str = "") -> None:
        box = self.seat_kind[actor]
        box.setCurrentIndex(box.findData(kind))
        if team:
            self.seat_team[actor].setText(team)

    def browse_save(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Save the game as", self.path.text(),
                                              f"Wargame saves (*{settings.SAVE_SUFFIX})")
        if name:
            if not name.endswith(settings.SAVE_SUFFIX):
                name += settings.SAVE_SUFFIX
            self.path.setText(name)

    def seats(self) -> dict[str, Seat]:
        result = {}
        for actor, box in self.seat_kind.items():
            kind = box.currentData()
            team = self.seat_team[actor].text().strip() if kind == "human" else ""
            player = str(self.difficulty.currentData() or "") if kind == "computer" else ""
            result[actor] = Seat(kind, team, player)
        return result

    def problems(self) -> list[str]:
        found = []
        if self.scenario is None:
            found.append("Choose a valid scenario.")
        for actor, seat in self.seats().items():
            if seat.kind == "human" and not seat.team:
                found.append(f"Give the team playing {actor} a name.")
        path = Path(self.path.text().strip()) if self.path.text().strip() else None
        if path is None:
            found.append("Choose where to save the game.")
        elif path.exists():
            found.append(f"{path} already exists; choose a new file.")
        return found

    def accept(self) -> None:
        problems = self.problems()
        if problems:
            QMessageBox.warning(self, "New game", "\n".join(problems))
            return
        super().accept()

    def choice(self) -> NewGameChoice:
        assert self.scenario is not None and self.scenario_path is not None
        path = Path(self.path.text().strip())
        return NewGameChoice(self.scenario, self.scenario_path, self.seed.value(),
                             self.turns.value(), self.title.text().strip(), self.seats(), path)
