"""kill -9 of the facilitator app at chosen points of play, undo, redo and export.

:mod:`tests.reliability.app_kill_driver` runs the real main window offscreen and plays
a fixed game through its widgets (new-game dialog, notes panel, bookmark dialog, Edit >
Undo and Redo, the hand-over cover and the team's order editor, computer orders in a
worker thread, Resolve turn, Undo of an end of turn, the export dialog). It is SIGKILLed
at a chosen file-system call; afterwards:

* the save is a byte prefix of the reference run's save;
* the app, started again with the killed run's settings, finds the crash marker and
  reopens the save (:func:`ui.main_window.offer_recovery`) with every acknowledged
  command (and at most the step in flight) and no state hash mismatch; a save killed
  before its header was whole is refused with a message, never a traceback;
* the save resumes and replays with every state hash verified
  (:func:`~tests.reliability.kill_checks.check_save`);
* every report is whole and none older than its last acknowledged export, and the next
  export removes a killed export's temporary file;
* the scenario cache the killed app was writing still loads the tutorial.

``APP_KILL_POINTS`` points (conftest: 3 in CI, 50 with ``WARGAME_SLOW=1``;
``WARGAME_APP_KILL_POINTS`` sets it): always in export mid-file and before its rename,
and in an undo's half-written line, the rest at random (seeded). Figures print with
``-s``.
"""

from __future__ import annotations

import json
import os
import signal
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from wargame.scenario.loader import load_scenario

from .conftest import APP_KILL_POINTS, TUTORIAL
from .kill_checks import (
    STEP_COMMANDS,
    check_reports,
    check_save,
    choose_points,
    count_kill,
    export_again,
    last_ack,
    reference_run,
    run_driver,
)

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before pytest-qt makes the app

DRIVER = "tests.reliability.app_kill_driver"
FIGURES: Counter[str] = Counter()


def app_env(folder: Path) -> dict[str, str]:
    """The app's own files for one run: settings (the crash marker) and scenario cache."""
    return {"QT_QPA_PLATFORM": "offscreen", "WARGAME_GUI_SETTINGS": str(folder / "settings.ini"),
            "WARGAME_CACHE_DIR": str(folder / "cache")}


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("app-reference")
    return reference_run(DRIVER, folder, app_env(folder))


def reopen_in_app(qtbot: Any, monkeypatch: pytest.MonkeyPatch, folder: Path,
                  acked: int) -> str:
    """Start the app on the killed run's settings; it reopens the save it had open."""
    from ui import settings
    from ui.main_window import MainWindow, offer_recovery

    monkeypatch.setenv("WARGAME_GUI_SETTINGS", str(folder / "settings.ini"))
    save = folder / "game.wgsave"
    window = MainWindow()
    qtbot.addWidget(window)
    window.save_layout = lambda: None  # type: ignore[method-assign]
    failures: list[str] = []
    window.controller.failed.connect(failures.append)
    c = window.controller
    if settings.current_game() is None:  # killed before the game was installed
        assert acked == 0, "a game with acknowledged commands left no crash marker"
        if not save.exists():
            return "not created"
        if window.open_game(save):
            assert len(c.session.commands) == 0
            c.close_game()
            return "created, opened empty"
        assert failures and save.name in failures[-1], failures
        return "header cut, refused with a message"
    assert settings.current_game() == str(save.resolve())
    assert offer_recovery(window, ask=False), failures
    assert acked <= len(c.session.commands) <= acked + STEP_COMMANDS
    assert c.session.hash_mismatches == []
    assert not failures, failures
    c.close_game()
    assert settings.current_game() is None
    return "recovered by the app"


def test_kill9_of_the_app_loses_nothing(reference: dict[str, Any], tmp_path: Path,
                                        qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    points = reference["points"]
    assert len(points) > 100
    assert any(p["phase"] == "export" for p in points)
    for number in choose_points(points, APP_KILL_POINTS):
        point = points[number - 1]
        folder = tmp_path / f"kill-{number}"
        folder.mkdir()
        killed = run_driver(DRIVER, folder, "--kill-at", str(number), env=app_env(folder))
        assert killed.returncode == -signal.SIGKILL, killed.stderr
        assert "Traceback" not in killed.stderr, killed.stderr
        acked, exports = last_ack(killed.stdout)
        save = folder / "game.wgsave"
        data = save.read_bytes() if save.exists() else b""
        assert reference["save"].startswith(data), "the save differs from the reference run"
        FIGURES[reopen_in_app(qtbot, monkeypatch, folder, acked)] += 1
        recorded = check_save(save, acked, reference["save"])
        check_reports(folder / "out", exports, reference, FIGURES)
        export_again(save, folder / "out", FIGURES)
        assert load_scenario(TUTORIAL, cache_dir=folder / "cache").metadata.id
        count_kill(FIGURES, point["phase"], acked, recorded)
    print("\napp kill -9:", json.dumps(dict(sorted(FIGURES.items())), indent=1))
    assert FIGURES["killed"] == APP_KILL_POINTS
