"""Fixtures for the desktop app tests: headless Qt, isolated settings, games to play."""

from __future__ import annotations

import os

# Headless by default; must be set before pytest-qt creates the QApplication.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
TUTORIAL = REPO / "scenarios" / "tutorial.yaml"


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own settings file (recent games, crash marker, layout)."""
    path = tmp_path / "settings.ini"
    monkeypatch.setenv("WARGAME_GUI_SETTINGS", str(path))
    return path


@pytest.fixture
def tutorial():  # type: ignore[no-untyped-def]
    from wargame.scenario.loader import load_scenario

    return load_scenario(TUTORIAL)


@pytest.fixture
def window(qtbot) -> Iterator[object]:  # type: ignore[no-untyped-def]
    from ui.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1280, 820)
    w.show()
    yield w
    w.controller.close_game()


HUMANS = {"PAK": "Team Pakistan", "IND": "Team India", "TAL": "Team Kabul"}


def human_seats() -> dict[str, object]:
    from wargame.session import Seat

    return {a: Seat("human", team) for a, team in HUMANS.items()}


def seal_and_confirm(editor, qtbot=None) -> None:  # type: ignore[no-untyped-def]
    """Press *Seal orders* and answer the confirmation with *Seal orders*."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    if qtbot is not None:
        qtbot.mouseClick(editor.seal_button, Qt.MouseButton.LeftButton)
    else:
        editor.seal_button.click()
    box = editor.confirm_box
    assert box is not None and box.isVisible(), "sealing must ask first"
    box.button(QMessageBox.StandardButton.Yes).click()
