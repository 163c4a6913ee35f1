"""New-game presets: which actors human teams play, the computer the rest; the facilitator
seat explained; every seat row visible (scrolled, never squeezed)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from ui.dialogs.new_game import CUSTOM, NewGameDialog
from ui.seat_presets import main_states, matching, presets
from wargame.scenario.loader import load_scenario, resolve_scenario_path

from .conftest import TUTORIAL

DEFAULT = resolve_scenario_path(None)


def _dialog(qtbot, tmp_path: Path, scenario: Path = DEFAULT) -> NewGameDialog:  # type: ignore[no-untyped-def]
    dialog = NewGameDialog(None, str(scenario), save_folder=tmp_path)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.scenario is not None
    return dialog


def _humans(dialog: NewGameDialog) -> set[str]:
    return {a for a, seat in dialog.seats().items() if seat.kind == "human"}


def test_the_default_is_four_teams_not_eight(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, tmp_path)
    assert dialog.preset.currentText() == "The four main states human"
    # worked out by hand from the scenario's rivalries between state-level actors:
    # TAL has three (PAK, IRN, USA), IND and PAK two each, USA one (CHN and IRN tie
    # on one; USA has more rivalries of any kind than IRN and comes before CHN)
    assert _humans(dialog) == {"PAK", "IND", "TAL", "USA"}
    assert len(dialog.seats()) == 15
    assert all(dialog.seats()[a].kind == "computer" for a in ("RUS", "ISK", "AID"))
    assert dialog.seats_count.text() == "4 human teams, 11 computer, 0 facilitator"


def test_choosing_a_preset_then_one_seat_shows_custom(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, tmp_path)
    box = dialog.preset
    i = box.findText("Only Pakistan human")
    assert i >= 0
    box.setCurrentIndex(i)
    box.activated.emit(i)  # what a click on the entry sends
    assert _humans(dialog) == {"PAK"} and dialog.seats_count.text().startswith("1 human team,")
    assert dialog.seat_team["PAK"].isEnabled() and not dialog.seat_team["IND"].isEnabled()
    assert dialog.choose_preset("All computer") and _humans(dialog) == set()
    assert dialog.choose_preset("Every state human (8 teams)") and len(_humans(dialog)) == 8
    # one seat changed by hand: the preset says Custom; changed back, the preset returns
    dialog.set_seat("ISK", "facilitator")
    assert box.currentText() == CUSTOM
    dialog.set_seat("ISK", "computer")
    assert box.currentText() == "Every state human (8 teams)"
    dialog.set_seat("USA", "computer")
    assert box.currentText() == CUSTOM and len(_humans(dialog)) == 7


def test_a_preset_game_starts_with_those_seats(window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = window.new_game_dialog(str(TUTORIAL))
    assert dialog.preset.currentText() == "The three main states human"
    assert dialog.choose_preset("Only India human")
    dialog.path.setText(str(tmp_path / "solo.wgsave"))
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    c = window.controller
    assert c.has_game
    assert {a: s.kind for a, s in c.seats.items()} == {
        "PAK": "computer", "IND": "human", "TAL": "computer", "TTP": "computer"}
    assert window.solo_team() == "IND"  # ready for Game › Play solo


def test_the_facilitator_seat_is_explained(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, tmp_path, TUTORIAL)
    kind = dialog.seat_kind["TTP"]
    i = kind.findData("facilitator")
    tip = kind.itemData(i, Qt.ItemDataRole.ToolTipRole)
    assert "White Cell" in tip and "Enter orders for" in tip
    assert "Facilitator:" in kind.toolTip()
    assert "White Cell enters" in dialog.seats_explained.text()
    assert dialog.seats_explained.isVisible()


def test_every_seat_row_has_its_full_height(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, tmp_path)
    qtbot.waitExposed(dialog)
    for actor, box in dialog.seat_kind.items():
        assert box.height() >= box.sizeHint().height(), actor  # scrolled, not squeezed
        team = dialog.seat_team[actor]
        assert team.width() >= team.fontMetrics().horizontalAdvance(team.text()), actor


def test_presets_match_by_hand_for_the_tutorial() -> None:
    sc = load_scenario(TUTORIAL)
    assert main_states(sc) == ["PAK", "IND", "TAL"]  # fewer than four state-level actors
    labels = [p.label for p in presets(sc)]
    assert labels == ["The three main states human", "All computer", "Only Pakistan human",
                      "Only India human", "Only Taliban (Islamic Emirate) human",
                      "Only Tehrik-i-Taliban Pakistan (TTP) human"]
    assert matching(presets(sc), {"IND"}) == 3
    assert matching(presets(sc), {"IND", "TTP"}) == -1
