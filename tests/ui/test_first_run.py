"""First run: README lists the system packages .ci/run installs; ``./dev app`` opens a new
game of the default scenario (after the recovery offer); a failed set-up is short and
says why, with the end of its log."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.tools import needs
from ui import settings
from ui.app import default_scenario_path, parse_args, start
from ui.dialogs.new_game import NewGameDialog

from .conftest import REPO


def test_readme_lists_every_system_package_of_ci() -> None:
    ci = (REPO / ".ci" / "run").read_text()
    install = ci[ci.index("apt-get install"):ci.index(">/dev/null", ci.index("apt-get install"))]
    packages = [w for w in re.split(r"[\s\\]+", install) if w and not w.startswith("-")
                and w not in ("apt-get", "install")]
    assert "libxcb-cursor0" in packages and len(packages) > 15
    readme = (REPO / "README.md").read_text()
    quick = readme[readme.index("## Quick start"):readme.index("## The command line")]
    missing = [p for p in packages if p not in quick]
    assert not missing, f"README's Quick start does not list {missing}"
    assert "python3-venv" in quick


def test_dev_app_opens_a_new_game_of_the_default_scenario(window) -> None:  # type: ignore[no-untyped-def]
    dev = (REPO / "dev").read_text()
    assert "wargame-gui --new-game" in dev
    assert parse_args(["--new-game"]).new_game
    start(window, None, new_game=True)
    dialog = window.new_dialog
    assert isinstance(dialog, NewGameDialog) and dialog.isVisible()
    assert dialog.scenario_path == default_scenario_path()
    assert dialog.scenario is not None


def test_the_recovery_offer_comes_first(window, tutorial, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    save = tmp_path / "interrupted.wgsave"
    assert window.controller.new_game(tutorial, seed=1, seats={}, turns=2, path=save)
    window.controller.session.close()  # as if the process had been killed
    window.controller.session = None
    settings.set_current_game(save)

    def answer_yes() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer_yes)
            return
        assert "did not close normally" in box.text()
        box.button(QMessageBox.StandardButton.Yes).click()

    QTimer.singleShot(20, answer_yes)
    window.new_dialog = None
    start(window, None, new_game=True)
    assert window.controller.path == save  # reopened: no new-game dialog on top
    assert window.new_dialog is None


@needs("bash", package="bash")
def test_a_failed_set_up_says_why_in_a_few_lines(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(REPO / "dev", project / "dev")
    (project / "pyproject.toml").write_text("[project]\nname = 'broken'\nversion = 'x y'\n")
    (project / "setup.py").write_text("")
    env = {**os.environ, "PYTHON": sys.executable, "PIP_NO_INDEX": "1",
           "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    done = subprocess.run(["bash", "dev", "play", "--help"], cwd=project, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert lines[0].startswith("First run: setting up .venv")
    assert any(line.startswith("Setting up failed: pip could not install") for line in lines)
    assert "the whole output is in .venv-setup.log" in done.stderr
    assert len(lines) <= 46  # the reason and the log's tail, not pages of pip output
    assert (project / ".venv-setup.log").stat().st_size > 0
