"""The facilitator app, driven through its widgets, for the kill -9 suite to kill.

``python -m tests.reliability.app_kill_driver SAVE OUT [--kill-at N] [--points FILE]
[--copies DIR]`` starts the real main window (``QT_QPA_PLATFORM=offscreen``; settings
and the scenario cache are wherever ``WARGAME_GUI_SETTINGS`` and ``WARGAME_CACHE_DIR``
point) and plays a fixed 2-turn game of the tutorial through the widgets: the new-game
dialog, a note from the notes panel, a bookmark from its dialog, Edit > Undo and Redo,
Team Pakistan's orders behind the hand-over cover, the computer orders (a worker
thread), Resolve turn, Undo of the end of turn (through its confirmation box) and Redo,
and after each turn a report from the export dialog (facilitator, then India's team
edition; all five formats, written by the dialog's worker thread). Then File > Close.

After each step it prints ``ACK <commands recorded> <exports finished>`` and flushes.
The kill points and the fixed clock are those of :mod:`tests.reliability.kill_driver`
(every ``os.write``, ``os.fsync``, ``os.replace`` and report-file write, in any thread);
each step waits for its background work, so the points come in the same order in every
run and point N of a killed run is point N of the reference run.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .kill_driver import ROOT, Points, arguments, install, write_points

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TUTORIAL = ROOT / "scenarios" / "tutorial.yaml"
EDITIONS = ("facilitator", "IND")
TURNS = 2


def wait_until(condition: Callable[[], bool], what: str, seconds: float = 120) -> None:
    """Run the event loop until ``condition`` holds (worker threads report through it)."""
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        QApplication.processEvents()
        time.sleep(0.005)
    QApplication.processEvents()


class Game:
    """The scripted game: each method is one step a facilitator takes in the app."""

    def __init__(self, window: Any, save: Path, out: Path, points: Points,
                 copies: Path | None) -> None:
        self.window, self.save, self.out = window, save, out
        self.points, self.copies = points, copies
        self.exports = 0
        self.commands = 0
        """Commands recorded at the last step (kept when the game is closed)."""

    @property
    def controller(self) -> Any:
        return self.window.controller

    def ack(self) -> None:
        session = self.controller.session
        if session is not None:
            self.commands = len(session.commands)
        self.points.step += 1
        print(f"ACK {self.commands} {self.exports}", flush=True)

    def new_game(self) -> None:
        from PySide6.QtWidgets import QDialogButtonBox

        dialog = self.window.new_game_dialog(str(TUTORIAL))
        assert dialog.scenario is not None, "the tutorial did not load"
        dialog.seed.setValue(11)
        dialog.turns.setValue(TURNS + 1)
        dialog.title.setText("Kill drill")
        for actor in dialog.seat_kind:
            dialog.set_seat(actor, "computer")
        dialog.set_seat("PAK", "human", "Team Pakistan")
        dialog.path.setText(str(self.save))
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        assert self.controller.has_game, "the new game was not created"

    def note(self, text: str) -> None:
        self.window.notes.text.setPlainText(text)
        self.window.notes.add_button.click()

    def bookmark(self, label: str) -> None:
        dialog = self.window.add_bookmark()
        dialog.label.setText(label)
        dialog.text.setPlainText("why it matters")
        dialog.ok.click()

    def undo(self) -> None:
        before = len(self.controller.session.commands)
        self.window.undo_action.trigger()
        box = self.window.confirm_box  # the end of a turn is taken back only when confirmed
        if box is not None:
            from PySide6.QtWidgets import QMessageBox

            box.button(QMessageBox.StandardButton.Yes).click()
        assert len(self.controller.session.commands) == before + 1, "undo was not recorded"

    def redo(self) -> None:
        before = len(self.controller.session.commands)
        self.window.redo_action.trigger()
        assert len(self.controller.session.commands) == before + 1, "redo was not recorded"

    def team_orders(self, turn: int) -> None:
        from PySide6.QtWidgets import QMessageBox

        flow = self.window.start_team_flow("PAK")
        flow.cover_in.button.click()
        editor = flow.team_screen.editor
        editor.table.selectRow(turn % editor.model.rowCount())
        editor.rationale.setText(f"plan for turn {turn}")
        editor.add_button.click()
        editor.seal_button.click()
        editor.confirm_box.button(QMessageBox.StandardButton.Yes).click()
        flow.cover_out.button.click()
        assert "PAK" in self.controller.session.sheets and self.window.team_flow is None

    def computer_orders(self) -> None:
        assert self.window.run_computer_orders() is not None
        wait_until(lambda: self.window.task is None, "the computer orders")
        assert not self.controller.computer_seats_waiting()

    def resolve(self) -> None:
        turns = len(self.controller.session.turns)
        assert self.window.resolve_turn()
        assert len(self.controller.session.turns) == turns + 1

    def export(self, edition: str) -> None:
        dialog = self.window.export_report()
        dialog.folder.setText(str(self.out))
        dialog.view.setCurrentIndex(dialog.view.findData(edition))
        wait_until(lambda: dialog.preview_task is None, "the preview")
        assert dialog.start_export() is not None
        wait_until(lambda: dialog.export_task is None, "the export")
        assert not dialog.export_failures and len(dialog.written) == 5, dialog.status.text()
        if self.copies is not None:  # the reference run keeps each export's files
            self.points.paused = True
            target = self.copies / str(self.exports)
            target.mkdir(parents=True)
            for path in dialog.written:
                shutil.copy(path, target / path.name)
            self.points.paused = False
        dialog.close()
        self.exports += 1

    def play(self) -> None:
        self.points.phase = "create"
        self.new_game()
        self.ack()
        for turn in range(1, TURNS + 1):
            for phase, action in (
                    ("note", lambda t=turn: self.note(f"note of turn {t}")),
                    ("bookmark", lambda t=turn: self.bookmark(f"mark {t}")),
                    ("undo", self.undo), ("redo", self.redo),
                    ("orders", lambda t=turn: self.team_orders(t)),
                    ("orders", self.computer_orders),
                    ("undo", self.undo), ("redo", self.redo),
                    ("end_turn", self.resolve),
                    ("undo", self.undo), ("redo", self.redo)):
                self.points.phase = phase
                action()
                self.ack()
            self.points.phase = "export"
            self.export(EDITIONS[turn - 1])
            self.ack()
        self.points.phase = "close"
        self.window.close_action.trigger()
        self.ack()


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    from ui.app import make_app

    app = make_app([sys.argv[0]])
    from ui.main_window import MainWindow

    window = MainWindow()
    window.save_layout = lambda: None  # type: ignore[method-assign]
    window.resize(1280, 820)
    window.show()
    points = Points(args.kill_at)
    install(points)
    Game(window, args.save, args.out, points, args.copies).play()
    window.close()
    del app
    write_points(args, points)
    return 0


if __name__ == "__main__":
    sys.exit(main())
