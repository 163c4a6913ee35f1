"""Game > Forecast outcomes…: doctrine-played continuations of the position shown.

"If every actor played by its doctrine from here to the last turn, how likely is
each outcome, and what would pulling a policy lever now change?" The dialog runs
:func:`wargame.analysis.batch.forecast` in a :class:`~ui.tasks.Task` (progress bar,
Cancel) on the state the console shows (the live game, or the replayed position),
and shows :func:`~wargame.analysis.batch.summarise_forecast` in two tables. It
reads the controller's state and scenario only: nothing is journalled and the game
does not change.

White Cell material: the main window hides it (with every other White Cell window)
while a team has the laptop and brings it back with the facilitator; the action is
out of reach then (the menu bar is disabled). The public display never shows it.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QCloseEvent, QColor
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui import settings, theme
from ui.controller import Controller
from ui.models.base import RowTableModel
from ui.tasks import Task, TaskContext
from ui.widgets.tables import row_table
from wargame.analysis.batch import OVERT_FORCE, forecast, summarise_forecast
from wargame.scenario.models import Scenario
from wargame.state import GameState

DEFAULT_RUNS = 200
MIN_RUNS, MAX_RUNS = 10, 5000
ValueRole = Qt.ItemDataRole.UserRole + 2
"""Role giving a cell's number (or ``None``) rather than its text."""

MINUS = "\u2212"


NO_CHANGE = "no change"
"""A paired difference that is zero in every continuation."""


def _signed(value: float, digits: int) -> str:
    """``+0.12``, ``−0.12`` and ``0.00`` (no sign on what rounds to zero)."""
    if round(value, digits) == 0:
        return f"{0:.{digits}f}"
    return f"{value:+.{digits}f}".replace("-", MINUS)


def _percent(share: float) -> str:
    return f"{100 * share:.0f}%"


def _unchanged(ci: dict[str, float]) -> bool:
    return ci["mean"] == ci["sd"] == 0


def _points(ci: dict[str, float]) -> str:
    """A paired difference of shares in percentage points with its 95% CI."""
    if _unchanged(ci):
        return NO_CHANGE
    return (f"{_signed(100 * ci['mean'], 0)} pp  [{_signed(100 * ci['ci95_low'], 0)}, "
            f"{_signed(100 * ci['ci95_high'], 0)}]")


def _number_ci(ci: dict[str, float], signed: bool = False) -> str:
    if signed:
        if _unchanged(ci):
            return NO_CHANGE
        return (f"{_signed(ci['mean'], 2)}  [{_signed(ci['ci95_low'], 2)}, "
                f"{_signed(ci['ci95_high'], 2)}]")
    return f"{ci['mean']:.2f}  [{ci['ci95_low']:.2f}, {ci['ci95_high']:.2f}]"


def distribution_text(shares: dict[str, float], floor: float = 0.05) -> str:
    """``4: 57% · 5: 23% · 6: 10% · other 10%`` (rungs under ``floor`` lumped together)."""
    shown = [(k, v) for k, v in shares.items() if v >= floor]
    rest = sum(v for k, v in shares.items() if v < floor)
    parts = [f"{k}: {_percent(v)}" for k, v in shown]
    if rest > 0:
        parts.append(f"other {_percent(rest)}")
    return " · ".join(parts)


def seeds_text(seeds: Sequence[int], game_seed: int | None) -> str:
    """``dice seeds 1..200`` (and the game's own seed if the range skips it)."""
    first, last = seeds[0], seeds[-1]
    text = f"dice seed {first}" if first == last else f"dice seeds {first}..{last}"
    if game_seed is not None and first < game_seed < last:
        text += f" without {game_seed} (the game's own)"
    return text


def _verdict(ci: dict[str, float] | None, lower_is_better: bool,
             scale: float = 1.0, digits: int = 2) -> QColor | None:
    """Green if the whole 95% CI is on the better side of zero, red if on the worse
    (as displayed: ``scale`` and ``digits`` of the text, so "+0.00" is never coloured)."""
    if ci is None:
        return None
    low, high = round(ci["ci95_low"] * scale, digits), round(ci["ci95_high"] * scale, digits)
    if low <= 0 <= high:
        return None
    up = low > 0
    good = up != lower_is_better
    if theme.is_dark():
        return QColor("#6fd08c" if good else "#ff8a80")
    return QColor("#1a7f37" if good else "#b2182b")


# --------------------------------------------------------------------------- models


@dataclass(frozen=True, slots=True)
class RivalryRow:
    id: str
    name: str
    figures: dict[str, Any]
    rung_names: dict[int, str]


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    id: str
    name: str
    better: str
    figures: dict[str, Any]


RIVALRY_COLUMNS = ("Rivalry", "Now", "Mean final", f"P(final ≥ {OVERT_FORCE})",
                   f"P(peak ≥ {OVERT_FORCE})", "Final rungs")
RIVALRY_TREATED = (f"Δ P(final ≥ {OVERT_FORCE}) [95% CI]", "Δ mean final [95% CI]")
INDICATOR_COLUMNS = ("Indicator", "Now", "At the end: mean [95% CI]")
INDICATOR_TREATED = ("Δ with the lever [95% CI]",)


class RivalryForecastModel(RowTableModel[RivalryRow]):
    """One row per rivalry: where it stands and where the continuations end."""

    columns = RIVALRY_COLUMNS

    def set_summary(self, scenario: Scenario | None, summary: dict[str, Any] | None) -> None:
        rows: list[RivalryRow] = []
        treated = bool(summary and summary["levers"])
        if scenario is not None and summary is not None:
            for rivalry in scenario.rivalries:
                names = {r.rung: scenario.rung_name(rivalry.id, r.rung)
                         for r in scenario.ladder(rivalry.ladder).rungs}
                rows.append(RivalryRow(rivalry.id, rivalry.name,
                                       summary["rivalries"][rivalry.id], names))
        self.beginResetModel()
        self.columns = RIVALRY_COLUMNS + (RIVALRY_TREATED if treated else ())
        self._rows = rows
        self.endResetModel()

    def value(self, row: RivalryRow, column: int) -> Any:
        f = row.figures
        diff = f["difference"]
        return (row.id, f["current_rung"], f["mean_final_rung"], f["final_at_least_5_share"],
                f["peak_at_least_5_share"], f["final_rung_shares"],
                diff["final_at_least_5_share"]["mean"] if diff else None,
                diff["mean_final_rung"]["mean"] if diff else None)[column]

    def cell(self, row: RivalryRow, column: int) -> Any:
        f = row.figures
        diff = f["difference"]
        if column == 0:
            return row.name
        if column == 1:
            return str(f["current_rung"])
        if column == 2:
            return f"{f['mean_final_rung']:.2f}"
        if column in (3, 4):
            return _percent(self.value(row, column))
        if column == 5:
            return distribution_text(f["final_rung_shares"])
        if column == 6 and diff:
            return _points(diff["final_at_least_5_share"])
        if column == 7 and diff:
            return _number_ci(diff["mean_final_rung"], signed=True)
        return None

    def tooltip(self, row: RivalryRow, column: int) -> str | None:
        f = row.figures
        if column == 0:
            return row.id
        if column == 1:
            return (f"Rung {f['current_rung']}: {row.rung_names.get(f['current_rung'], '')} "
                    f"(peak so far {f['current_peak']})")
        if column == 4:
            return ("Share of continuations whose peak over the whole game, turns already "
                    f"played included, reaches rung {OVERT_FORCE} "
                    f"({row.rung_names.get(OVERT_FORCE, '')}).")
        if column == 3:
            return (f"Share of continuations ending at rung {OVERT_FORCE} "
                    f"({row.rung_names.get(OVERT_FORCE, '')}) or higher.")
        if column == 5:
            return "\n".join(f"{k}: {_percent(v)}  {row.rung_names.get(int(k), '')}"
                             for k, v in f["final_rung_shares"].items())
        if column in (6, 7):
            return ("Treated minus baseline over the same dice (paired), mean and 95% "
                    "confidence interval; green: lower with the lever, red: higher.")
        return None

    def decorate(self, row: RivalryRow, column: int, role: int) -> Any:
        if role == ValueRole:
            return self.value(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (1, 2, 3, 4):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.DecorationRole and column == 1:
            return theme.rung_colour(row.figures["current_rung"])
        if role == Qt.ItemDataRole.ForegroundRole and column in (6, 7) and row.figures[
                "difference"]:
            if column == 6:
                return _verdict(row.figures["difference"]["final_at_least_5_share"],
                                lower_is_better=True, scale=100, digits=0)
            return _verdict(row.figures["difference"]["mean_final_rung"], lower_is_better=True)
        return None


class IndicatorForecastModel(RowTableModel[IndicatorRow]):
    """One row per indicator: its value now and at the end, and the lever's difference."""

    columns = INDICATOR_COLUMNS

    def set_summary(self, scenario: Scenario | None, summary: dict[str, Any] | None) -> None:
        rows: list[IndicatorRow] = []
        treated = bool(summary and summary["levers"])
        if scenario is not None and summary is not None:
            rows = [IndicatorRow(i.id, i.name, i.better, summary["indicators"][i.id])
                    for i in scenario.indicators]
        self.beginResetModel()
        self.columns = INDICATOR_COLUMNS + (INDICATOR_TREATED if treated else ())
        self._rows = rows
        self.endResetModel()

    def value(self, row: IndicatorRow, column: int) -> Any:
        f = row.figures
        diff = f["difference"]
        return (row.id, f["current"], f["final"]["mean"], diff["mean"] if diff else None)[column]

    def cell(self, row: IndicatorRow, column: int) -> Any:
        f = row.figures
        if column == 0:
            return row.name
        if column == 1:
            return f"{f['current']:.2f}"
        if column == 2:
            return _number_ci(f["final"])
        if column == 3 and f["difference"]:
            return _number_ci(f["difference"], signed=True)
        return None

    def tooltip(self, row: IndicatorRow, column: int) -> str | None:
        if column == 0:
            return f"{row.id} ({row.better} is better)"
        if column == 3:
            return ("Treated minus baseline over the same dice (paired), mean and 95% "
                    f"confidence interval; {row.better} is better (green).")
        return None

    def decorate(self, row: IndicatorRow, column: int, role: int) -> Any:
        if role == ValueRole:
            return self.value(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == 3:
            return _verdict(row.figures["difference"], lower_is_better=row.better == "lower")
        return None


# --------------------------------------------------------------------------- dialog


@dataclass(frozen=True, slots=True)
class ForecastRun:
    """What one Run computed, and on what basis."""

    summary: dict[str, Any]
    start: GameState
    game_seed: int | None
    where: str
    seconds: float

    def basis(self, scenario: Scenario) -> str:
        s = self.summary
        levers = [scenario.lever(lv) for lv in s["levers"]]
        if levers:
            pulled = "; ".join(f"{scenario.actor(lv.actor).name} pulls “{lv.name}”"
                               for lv in levers)
            treatment = (f"treatment: {pulled} on turn {s['start_turn']}, paired with the "
                         "baseline over the same dice")
        else:
            treatment = "no levers pulled"
        return (f"{s['runs']} continuations from turn {s['start_turn']} of {s['last_turn']}"
                f"{self.where}; every seat played by doctrine (orders sealed this turn not "
                f"used); {treatment}; {seeds_text(s['seeds'], self.game_seed)}; "
                f"took {self.seconds:.1f} s")


class ForecastDialog(QDialog):
    """Non-modal White Cell window: run a forecast, read it, export it as CSV.

    Closing it cancels a running forecast; hiding it for privacy does not.
    """

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModal(False)
        self.setSizeGripEnabled(True)
        self.setWindowTitle("Forecast outcomes — Wargame")
        self.controller = controller
        self.task: Task | None = None
        self.last_run: ForecastRun | None = None
        self._planned = 0
        self._done = 0
        self._started = 0.0

        intro = QLabel(
            "If every actor played by its doctrine from here to the last turn, how likely "
            "is each outcome? Each continuation rolls different dice. These are hypotheses "
            "about the model, not predictions — for the White Cell only; nothing here "
            "changes the game or its journal.")
        intro.setWordWrap(True)
        self.position = QLabel()
        self.position.setWordWrap(True)
        self.runs = QSpinBox()
        self.runs.setRange(MIN_RUNS, MAX_RUNS)
        self.runs.setValue(DEFAULT_RUNS)
        self.runs.setSingleStep(50)
        self.runs.setSuffix(" continuations")
        self.runs.setToolTip(f"{MIN_RUNS}–{MAX_RUNS} doctrine-played futures, one dice seed each")
        self.run_button = QPushButton("Run")
        self.run_button.setDefault(True)
        self.run_button.clicked.connect(self.run)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.setFormat("%v of %m")
        self.progress.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)

        self.levers = QListWidget()
        self.levers.setToolTip("Pulled on the first simulated turn by their actor, in every "
                               "continuation; compared with the same continuations without.")
        lever_box = QGroupBox("Lever treatment (optional): pull now")
        lever_layout = QVBoxLayout(lever_box)
        lever_layout.addWidget(self.levers)
        self.no_levers = QLabel("Every lever of the scenario is already in force.")
        self.no_levers.setWordWrap(True)
        lever_layout.addWidget(self.no_levers)

        controls = QVBoxLayout()
        controls.addWidget(self.position)
        row = QHBoxLayout()
        row.addWidget(self.runs)
        row.addWidget(self.run_button)
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        controls.addLayout(row)
        controls.addWidget(self.progress)
        controls.addWidget(self.status)
        controls.addStretch(1)
        lever_box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        top = QHBoxLayout()
        top.addLayout(controls, 1)
        top.addWidget(lever_box, 1)

        self.basis = QLabel()
        self.basis.setWordWrap(True)
        self.basis.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.stale = QLabel()
        self.stale.setWordWrap(True)
        self.stale.hide()
        self.rivalry_model = RivalryForecastModel(self)
        self.indicator_model = IndicatorForecastModel(self)
        self.rivalry_table = self._table(self.rivalry_model)
        self.indicator_table = self._table(self.indicator_model)
        split = self.split = QSplitter(Qt.Orientation.Vertical)
        for title, table in (("Rivalries", self.rivalry_table),
                             ("Indicators", self.indicator_table)):
            box = QGroupBox(title)
            inner = QVBoxLayout(box)
            inner.setContentsMargins(4, 4, 4, 4)
            inner.addWidget(table)
            split.addWidget(box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)

        self.export_button = QPushButton("Export CSV…")
        self.export_button.clicked.connect(self._export_clicked)
        self.export_button.setEnabled(False)
        close = QPushButton("Close")
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addWidget(self.basis)
        layout.addWidget(self.stale)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        self.resize(1180, 860)

        controller.session_changed.connect(self._on_session_changed)
        controller.state_changed.connect(self._on_state_changed)
        if parent is not None:
            parent.installEventFilter(self)  # closing the app cancels a running forecast
        self._on_session_changed()

    @staticmethod
    def _table(model: RowTableModel[Any]) -> QTableView:
        table = row_table(model, single=False)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.horizontalHeader().setStretchLastSection(True)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        return table

    # ------------------------------------------------------------------ what a run uses

    def where_text(self) -> str:
        """`` (live game)`` or `` (replayed position, command 34 of 67)``."""
        c = self.controller
        if c.is_live:
            return " (live game)"
        return f" (replayed position, command {c.position} of {c.live_position})"

    def lever_choices(self) -> list[str]:
        return [str(self.levers.item(i).data(Qt.ItemDataRole.UserRole))
                for i in range(self.levers.count())]

    def set_levers(self, levers: Sequence[str]) -> None:
        """Tick exactly ``levers`` in the treatment list (tests, scripts)."""
        for i in range(self.levers.count()):
            item = self.levers.item(i)
            on = item.data(Qt.ItemDataRole.UserRole) in levers
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def chosen_levers(self) -> list[str]:
        return [str(self.levers.item(i).data(Qt.ItemDataRole.UserRole))
                for i in range(self.levers.count())
                if self.levers.item(i).checkState() == Qt.CheckState.Checked]

    def _fill_levers(self) -> None:
        c = self.controller
        chosen = set(self.chosen_levers())
        self.levers.clear()
        if c.has_game:
            state, scenario = c.state, c.scenario
            playable = {a.id for a in scenario.actors if a.playable}
            for lever in scenario.levers:
                if lever.id in state.levers or lever.actor not in playable:
                    continue
                item = QListWidgetItem(f"{lever.name} ({scenario.actor(lever.actor).name})")
                item.setData(Qt.ItemDataRole.UserRole, lever.id)
                item.setToolTip(lever.description or lever.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if lever.id in chosen
                                   else Qt.CheckState.Unchecked)
                self.levers.addItem(item)
        rows = min(max(self.levers.count(), 1), 6)  # no empty box, no long list
        row_height = self.levers.sizeHintForRow(0) if self.levers.count() else 20
        self.levers.setFixedHeight(rows * row_height + 2 * self.levers.frameWidth() + 8)
        self.levers.setVisible(self.levers.count() > 0)
        self.no_levers.setVisible(self.levers.count() == 0)
        if c.has_game and not c.scenario.levers:
            self.no_levers.setText("This scenario has no policy levers.")
        else:
            self.no_levers.setText("Every lever of the scenario is already in force.")

    def _update(self) -> None:
        c = self.controller
        busy = self.task is not None
        ended = c.has_game and c.state.ended
        if not c.has_game:
            self.position.setText("No game is open.")
        elif ended:
            self.position.setText("The game shown has ended: there is nothing left to forecast.")
        else:
            st = c.state
            self.position.setText(f"From turn {st.turn} of {st.last_turn}{self.where_text()}, "
                                  "every seat played by doctrine:")
        self.run_button.setEnabled(c.has_game and not ended and not busy)
        self.cancel_button.setEnabled(busy)
        self.runs.setEnabled(not busy)
        self.levers.setEnabled(not busy)
        self.export_button.setEnabled(self.last_run is not None)

    # ------------------------------------------------------------------ run, cancel

    def run(self) -> Task | None:
        """Start a forecast of the displayed state in a worker thread."""
        c = self.controller
        if self.task is not None or not c.has_game or not c.view().is_facilitator:
            return None
        state, scenario = c.state, c.scenario
        if state.ended:
            self._update()
            return None
        runs, levers = self.runs.value(), tuple(self.chosen_levers())
        game_seed = c.session.seed if c.session is not None else None
        where = self.where_text()

        def work(ctx: TaskContext) -> ForecastRun:
            started = time.perf_counter()
            result = forecast(scenario, state, runs=runs, game_seed=game_seed, levers=levers,
                              progress=lambda done, total: ctx.progress(done, total, ""))
            summary = summarise_forecast(scenario, result)
            return ForecastRun(summary, state, game_seed, where,
                               time.perf_counter() - started)

        task = Task(work)
        task.signals.progress.connect(self._on_progress)
        task.signals.done.connect(self._on_done)
        task.signals.failed.connect(self._on_failed)
        task.signals.cancelled.connect(self._on_cancelled)
        self._planned, self._done = runs, 0
        self._started = time.perf_counter()
        self.progress.setRange(0, runs)
        self.progress.setValue(0)
        self.progress.show()
        pairs = " (each played with and without the lever)" if levers else ""
        self.status.setText(f"Playing {runs} continuations{pairs}…")
        self.task = task.start()
        self._update()
        return task

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.status.setText("Cancelling…")

    def wait(self, seconds: float = 10.0) -> bool:
        """Block until the running forecast has stopped (closing, tests)."""
        return self.task is None or self.task.finished.wait(seconds)

    def _on_progress(self, done: int, total: int, _message: str) -> None:
        self._done = done
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        elapsed = time.perf_counter() - self._started
        left = elapsed / done * (total - done) if done else 0.0
        self.status.setText(f"{done} of {total} continuations · about {left:.0f} s left")

    def _finish(self, text: str) -> None:
        self.task = None
        self.progress.hide()
        self.status.setText(text)
        self._update()

    def _on_done(self, run: ForecastRun) -> None:
        self.last_run = run
        scenario = self.controller.scenario if self.controller.has_game else None
        self.rivalry_model.set_summary(scenario, run.summary)
        self.indicator_model.set_summary(scenario, run.summary)
        if scenario is not None:
            self.basis.setText(run.basis(scenario))
        self._finish("")
        self._check_stale()
        self._balance()
        self.run_button.setFocus()

    def _balance(self) -> None:
        """Share the height between the two tables by their number of rows."""
        rows = [self.rivalry_model.rowCount() + 2, self.indicator_model.rowCount() + 2]
        total = sum(self.split.sizes())
        if total > 0:
            self.split.setSizes([total * r // sum(rows) for r in rows])

    def _on_failed(self, message: str) -> None:
        self._finish(f"<span style='color:#b2182b'>The forecast failed: "
                     f"{message.split(chr(10) + chr(10))[0]}</span>")

    def _on_cancelled(self) -> None:
        self._finish(f"Cancelled after {self._done} of {self._planned} continuations"
                     + ("; the tables still show the previous forecast." if self.last_run
                        else "."))

    # ------------------------------------------------------------------ following the game

    def _clear(self) -> None:
        self.last_run = None
        self.rivalry_model.set_summary(None, None)
        self.indicator_model.set_summary(None, None)
        self.basis.clear()
        self.stale.hide()

    def _on_session_changed(self) -> None:
        if self.task is not None:
            self.task.cancel()
        self._clear()
        self.status.clear()
        self._fill_levers()
        self._update()
        if not self.controller.has_game:
            self.hide()

    def _on_state_changed(self) -> None:
        if self.task is None:
            self._fill_levers()
        self._update()
        self._check_stale()

    def _check_stale(self) -> None:
        c = self.controller
        if self.last_run is None or not c.has_game:
            self.stale.hide()
            return
        moved = c.state is not self.last_run.start and \
            c.state.state_hash() != self.last_run.start.state_hash()
        self.stale.setText(f"<i>The game shown has moved on since this forecast (now turn "
                           f"{c.state.turn}): Run again for the current position.</i>")
        self.stale.setVisible(moved)

    # ------------------------------------------------------------------ closing

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close and watched is self.parentWidget():
            self.cancel()
            self.wait(5)
        return False

    def done(self, result: int) -> None:  # Close, Escape
        self.cancel()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.cancel()
        super().closeEvent(event)

    # ------------------------------------------------------------------ export

    def _export_clicked(self) -> None:
        if self.last_run is None:
            return
        folder = self.controller.path.parent if self.controller.path else settings.games_dir()
        name = f"forecast-turn{self.last_run.summary['start_turn']}.csv"
        path, _ = QFileDialog.getSaveFileName(self, "Export the forecast as CSV",
                                              str(folder / name), "CSV (*.csv)")
        if path:
            self.export_csv(Path(path))

    def export_csv(self, path: Path) -> Path | None:
        """Both tables, with their numbers and 95% CIs, and the basis line."""
        if self.last_run is None or not self.controller.has_game:
            return None
        scenario, s = self.controller.scenario, self.last_run.summary
        treated = bool(s["levers"])
        with path.open("w", newline="", encoding="utf-8") as handle:
            out = csv.writer(handle)
            out.writerow(["basis", self.last_run.basis(scenario)])
            out.writerow([])
            head = ["rivalry", "name", "current_rung", "mean_final_rung",
                    f"p_final_at_least_{OVERT_FORCE}", f"p_peak_at_least_{OVERT_FORCE}",
                    "final_rungs"]
            if treated:
                head += [f"diff_p_final_at_least_{OVERT_FORCE}", "ci95_low", "ci95_high",
                         "diff_mean_final_rung", "ci95_low", "ci95_high"]
            out.writerow(head)
            for rivalry in scenario.rivalries:
                f = s["rivalries"][rivalry.id]
                line = [rivalry.id, rivalry.name, f["current_rung"], f["mean_final_rung"],
                        f["final_at_least_5_share"], f["peak_at_least_5_share"],
                        " ".join(f"{k}:{v}" for k, v in f["final_rung_shares"].items())]
                if treated:
                    for key in ("final_at_least_5_share", "mean_final_rung"):
                        ci = f["difference"][key]
                        line += [ci["mean"], ci["ci95_low"], ci["ci95_high"]]
                out.writerow(line)
            out.writerow([])
            head = ["indicator", "name", "current", "mean_at_end", "ci95_low", "ci95_high"]
            if treated:
                head += ["diff_with_lever", "ci95_low", "ci95_high"]
            out.writerow(head)
            for indicator in scenario.indicators:
                f = s["indicators"][indicator.id]
                line = [indicator.id, indicator.name, f["current"], f["final"]["mean"],
                        f["final"]["ci95_low"], f["final"]["ci95_high"]]
                if treated:
                    line += [f["difference"]["mean"], f["difference"]["ci95_low"],
                             f["difference"]["ci95_high"]]
                out.writerow(line)
        self.status.setText(f"Exported to {path}")
        return path
