"""New game: scenario, seed, turns, title, the computer players' difficulty, a seat for every
playable actor, where to save."""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
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
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui import settings
from ui.dialogs.scenario_errors import ScenarioErrorsDialog
from ui.seat_presets import SeatPreset, matching, presets
from wargame.errors import ScenarioError
from wargame.labels import readable
from wargame.scenario.models import Scenario
from wargame.session import Seat

SEAT_CHOICES = (("Human team", "human"), ("Computer", "computer"), ("Facilitator", "facilitator"))
SEAT_HELP = {
    "human": "A team of players: it enters its sealed orders on the laptop behind a "
             "hand-over screen.",
    "computer": "The computer decides this actor's orders by its doctrine.",
    "facilitator": "The White Cell plays this actor itself: you enter its orders on your "
                   "own screen (Game › Enter orders for…), with no hand-over. For an actor "
                   "the control team wants to steer, such as a mediator.",
}
SEATS_EXPLAINED = ("<b>Human team</b>: players enter sealed orders behind a hand-over "
                   "screen. <b>Computer</b>: decided by the actor's doctrine. "
                   "<b>Facilitator</b>: the White Cell enters this actor's orders itself.")
CUSTOM = "Custom"


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
        self.preset = QComboBox()
        self.preset.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.preset.activated.connect(self.apply_preset)
        self.presets: list[SeatPreset] = []
        self._applying = False
        self.seats_explained = QLabel(SEATS_EXPLAINED)
        self.seats_explained.setWordWrap(True)
        seats_widget = QWidget()
        self.seats_grid = QGridLayout(seats_widget)
        self.seats_grid.setColumnStretch(2, 1)
        self.seats_scroll = QScrollArea()
        self.seats_scroll.setWidgetResizable(True)
        self.seats_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.seats_scroll.setWidget(seats_widget)
        self.seats_count = QLabel()
        seats_layout = QVBoxLayout(self.seats_box)
        preset_row = QHBoxLayout()
        preset_row.addWidget(QLabel("Preset"))
        preset_row.addWidget(self.preset)
        preset_row.addWidget(self.seats_count, 1)
        seats_layout.addLayout(preset_row)
        seats_layout.addWidget(self.seats_explained)
        seats_layout.addWidget(self.seats_scroll, 1)
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
        layout.addWidget(self.seats_box, 1)
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
        self.resize(760, 760)

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
            for i, (label, value) in enumerate(SEAT_CHOICES):
                kind.addItem(label, value)
                kind.setItemData(i, SEAT_HELP[value], Qt.ItemDataRole.ToolTipRole)
            kind.setToolTip("\n".join(f"{label}: {SEAT_HELP[value]}"
                                       for label, value in SEAT_CHOICES))
            team = QLineEdit(f"Team {actor.name.split(' (')[0]}")
            kind.currentIndexChanged.connect(
                lambda _i, k=kind, t=team: self._seat_changed(k, t))
            name = QLabel(f"{actor.name} <span style='color:gray'>"
                          f"({readable(actor.kind)})</span>")
            name.setToolTip(actor.id)
            self.seats_grid.addWidget(name, row, 0)
            self.seats_grid.addWidget(kind, row, 1)
            self.seats_grid.addWidget(team, row, 2)
            self.seat_kind[actor.id] = kind
            self.seat_team[actor.id] = team
            row += 1
        self.presets = presets(scenario)
        self.preset.clear()
        for i, preset in enumerate(self.presets):
            self.preset.addItem(preset.label)
            self.preset.setItemData(i, preset.tooltip, Qt.ItemDataRole.ToolTipRole)
        self.preset.addItem(CUSTOM)
        self.preset.setItemData(len(self.presets), "Choose each seat below.",
                                Qt.ItemDataRole.ToolTipRole)
        self.apply_preset(0)
        ok_button.setEnabled(True)
        return True

    # ---- presets

    def apply_preset(self, index: int) -> None:
        """Seat the preset's actors as human teams and give the computer the rest
        (``Custom`` leaves the seats as they are)."""
        if not 0 <= index < len(self.presets):
            self._show_preset()
            return
        humans = self.presets[index].humans
        self._applying = True
        try:
            for actor, box in self.seat_kind.items():
                box.setCurrentIndex(box.findData("human" if actor in humans else "computer"))
        finally:
            self._applying = False
        self._show_preset()

    def choose_preset(self, label: str) -> bool:
        """Pick the preset called ``label`` (as the facilitator would); False if none."""
        i = self.preset.findText(label)
        if i < 0:
            return False
        self.preset.setCurrentIndex(i)
        self.apply_preset(i)
        return True

    def _seat_changed(self, kind: QComboBox, team: QLineEdit) -> None:
        team.setEnabled(kind.currentData() == "human")
        if not self._applying:
            self._show_preset()

    def _show_preset(self) -> None:
        """Show the preset the seats match (``Custom`` if none) and count the teams."""
        seats = self.seats()
        humans = {a for a, seat in seats.items() if seat.kind == "human"}
        i = matching(self.presets, humans)
        if any(seat.kind == "facilitator" for seat in seats.values()):
            i = -1
        self.preset.setCurrentIndex(i if i >= 0 else len(self.presets))
        tip = self.presets[i].tooltip if i >= 0 else "Seats chosen one by one."
        self.preset.setToolTip(tip)
        kinds = [seat.kind for seat in seats.values()]
        teams = kinds.count("human")
        self.seats_count.setText(
            f"{teams} human team{'' if teams == 1 else 's'}, {kinds.count('computer')} "
            f"computer, {kinds.count('facilitator')} facilitator")

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
