"""Start-up paths: smoke test, scenario errors shown as a dialog, start page, recent games."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox

from ui.app import default_scenario_path, main
from ui.dialogs.new_game import NewGameDialog
from ui.dialogs.scenario_errors import ScenarioErrorsDialog

from .conftest import REPO, TUTORIAL

BROKEN = """schema_version: 1
metadata: {id: broken, title: Broken, start_date: 2022-08-15}
actors:
  - {id: A, name: Alpha, kind: state}
  - {id: B, name: Beta, kind: nonsense}
ladders: []
rivalries: []
moves: []
"""


def test_smoke_test_process_renders_and_exits_zero(tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-m", "ui", "--smoke-test", "--screenshot",
                           str(shot)], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert shot.stat().st_size > 10_000


def test_smoke_test_fails_on_a_broken_scenario(qapp, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "broken.yaml"
    bad.write_text(BROKEN)
    assert main(["--smoke-test", str(bad)]) == 1
    err = capsys.readouterr().err
    assert f"smoke test: {bad}:" in err  # file:line:col: what to fix
    assert "Traceback" not in err
    assert main(["--smoke-test", str(TUTORIAL)]) == 0


def test_default_scenario_falls_back_to_the_tutorial() -> None:
    path = default_scenario_path()
    assert path.exists() and path.suffix == ".yaml"


def test_scenario_errors_are_listed_with_positions(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "broken.yaml"
    bad.write_text(BROKEN)
    dialog = NewGameDialog(None, str(bad), save_folder=tmp_path)
    qtbot.addWidget(dialog)
    assert dialog.scenario is None
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    errors = dialog.error_dialog
    assert isinstance(errors, ScenarioErrorsDialog)
    assert errors.list.count() >= 2
    first = errors.list.item(0).text()
    assert first.startswith(f"{bad}:") and first.split(":")[1].isdigit()
    assert any("actors[1].kind" in errors.list.item(i).text() for i in range(errors.list.count()))
    # choosing a good scenario afterwards works
    dialog.set_scenario_file(TUTORIAL)
    assert dialog.scenario is not None and set(dialog.seat_kind) == {"PAK", "IND", "TAL", "TTP"}
    assert str(dialog.path.text()).startswith(str(tmp_path))


def test_start_page_recent_games_and_about(window, tmp_path: Path, tutorial) -> None:  # type: ignore[no-untyped-def]
    assert window.pages.currentWidget() is window.start_page
    assert not any(d.isVisible() for d in window.docks.values())
    save = tmp_path / "g.wgsave"
    assert window.controller.new_game(tutorial, seed=3, seats={}, turns=2, path=save)
    assert all(d.isVisible() for d in window.docks.values())
    window.close_game()
    assert window.start_page.recent.count() == 1
    from ui.dialogs.about import about_text

    text = about_text()
    assert "MIT" in text and "LGPL" in text and "Natural Earth" in text and "0." in text


def test_every_panel_renders_the_default_scenario(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The bundled default scenario (richer than the tutorial) renders in every panel."""
    from wargame.scenario.loader import load_scenario

    scenario = load_scenario(default_scenario_path())
    c = window.controller
    errors: list[str] = []
    c.failed.connect(errors.append)
    assert c.new_game(scenario, seed=2, seats={}, turns=3, path=None)
    for actor in scenario.actors:
        window.actor_panel.show_actor(actor.id)
        assert actor.name in window.actor_panel.details.toPlainText()
    c.fill_computer_orders()
    window.show_workbench()
    assert window.workbench.model.rowCount() == len(c.proposals())
    assert c.end_turn()
    window.toggle_public_display()
    qtbot.addWidget(window.public)
    assert not errors


def test_smoke_test_of_a_folder_or_nothing_says_what_to_give(tmp_path: Path) -> None:
    """Regression (issue 12): ``--smoke-test DIR`` died with an IsADirectoryError traceback."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    cases = ((tmp_path, "is a folder", " inside it"),
             (tmp_path / "gone.wgsave", "no such file", ""))
    for target, what, tail in cases:
        done = subprocess.run([sys.executable, "-m", "ui", "--smoke-test", str(target)],
                              cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 1
        assert done.stderr == (f"smoke test: {target}: {what}; give a save file (.wgsave) or "
                               f"a scenario file (.yaml){tail}\n")
        assert "smoke test: ok" not in done.stdout
