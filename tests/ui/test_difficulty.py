"""The new-game dialog's computer-player difficulty reaches the computer seats and their play."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from ui.dialogs.new_game import NewGameDialog

from .conftest import TUTORIAL, seal_and_confirm


def test_the_dialog_offers_doctrine_and_every_difficulty(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = NewGameDialog(None, str(TUTORIAL), save_folder=tmp_path)
    qtbot.addWidget(dialog)
    box = dialog.difficulty
    assert box.count() == 10 and box.currentData() == ""
    assert box.itemText(0).startswith("Doctrine")
    assert {box.itemData(i) for i in range(1, 10)} == {
        f"lookahead-{s}-{lv}" for s in ("cautious", "balanced", "hawkish")
        for lv in ("novice", "standard", "expert")}
    assert all(seat.player == "" for seat in dialog.seats().values())


def test_a_lookahead_game_from_the_dialog(window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = window.new_game_dialog(str(TUTORIAL))
    assert isinstance(dialog, NewGameDialog)
    dialog.turns.setValue(2)
    dialog.difficulty.setCurrentIndex(dialog.difficulty.findText("Lookahead: hawkish, novice"))
    dialog.set_seat("PAK", "human", "Team Green")
    for actor in ("IND", "TAL", "TTP"):
        dialog.set_seat(actor, "computer")
    dialog.path.setText(str(tmp_path / "g.wgsave"))
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    c = window.controller
    assert c.seats["PAK"].player == ""  # a human team has no computer player
    assert {c.seats[a].player for a in ("IND", "TAL", "TTP")} == {"lookahead-hawkish-novice"}
    flow = window.play_solo()
    seal_and_confirm(flow.team_screen.editor)
    qtbot.waitUntil(lambda: c.state.turn == 2, timeout=60_000)
    sheets = c.session.turns[0].sheets
    assert sheets["IND"].reasons[0].startswith("lookahead hawkish-novice")
