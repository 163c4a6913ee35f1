"""Guarded hand-overs: sealing orders and undoing an end of turn ask first; a sent inject
says so in the status bar and is highlighted in the turn log."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from wargame.session import Seat

from .conftest import HUMANS, human_seats


def test_sealing_asks_first_and_keep_editing_seals_nothing(window, qtbot, tutorial) -> None:  # type: ignore[no-untyped-def]
    c = window.controller
    c.new_game(tutorial, seed=5, seats=human_seats(), turns=3, path=None)
    flow = window.start_team_flow("PAK")
    flow.cover_in.button.click()
    editor = flow.team_screen.editor
    assert editor.select_move("talks")
    editor.add_selected()
    editor.seal_button.click()
    box = editor.confirm_box
    assert box is not None and box.isVisible()
    assert "Team Pakistan" in box.text() and "turn 1" in box.text()
    assert "1 order" in box.text()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.No)
    box.button(QMessageBox.StandardButton.No).click()  # "Keep editing"
    assert "PAK" not in c.session.sheets and flow.currentWidget() is flow.team_screen
    assert editor.confirm_box is None and editor.orders  # the sheet is still there

    editor.seal_button.click()
    box = editor.confirm_box
    assert box.button(QMessageBox.StandardButton.Yes).text() == "Seal orders"
    box.button(QMessageBox.StandardButton.Yes).click()
    assert "PAK" in c.session.sheets
    assert flow.currentWidget() is flow.cover_out


def test_sealing_an_empty_sheet_says_the_team_holds(window, qtbot, tutorial) -> None:  # type: ignore[no-untyped-def]
    c = window.controller
    c.new_game(tutorial, seed=5, seats=human_seats(), turns=3, path=None)
    flow = window.start_team_flow("IND", handover=False)
    editor = flow.team_screen.editor

    def answer() -> None:  # answered from the event loop, as a person would
        box = editor.confirm_box
        assert box is not None and "no orders (you hold)" in box.text()
        assert HUMANS["IND"] in box.windowTitle()
        box.button(QMessageBox.StandardButton.Yes).click()

    QTimer.singleShot(0, answer)
    editor.seal_button.click()
    qtbot.waitUntil(lambda: "IND" in c.session.sheets, timeout=3000)
    assert c.session.sheets["IND"].orders == ()


def _one_resolved_turn(window, tutorial) -> None:  # type: ignore[no-untyped-def]
    c = window.controller
    seats = {a: Seat("computer") for a in ("PAK", "IND", "TAL", "TTP")}
    assert c.new_game(tutorial, seed=9, seats=seats, turns=3, path=None)
    assert c.fill_computer_orders() and c.end_turn()
    assert c.state.turn == 2


def test_undo_end_of_turn_asks_and_cancel_keeps_the_turn(window, qtbot, tutorial) -> None:  # type: ignore[no-untyped-def]
    _one_resolved_turn(window, tutorial)
    c = window.controller
    if window.summary_dialog is not None:
        window.summary_dialog.close()
    assert "end of turn 1" in window.undo_action.text()
    window.undo_action.trigger()
    box = window.confirm_box
    assert box is not None and box.isVisible()
    assert "Undo the end of turn 1?" in box.text() and "Redo" in box.text()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    assert c.state.turn == 2  # nothing happens until it is answered
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert c.state.turn == 2 and len(c.session.turns) == 1

    window.undo_action.trigger()
    box = window.confirm_box
    assert box.button(QMessageBox.StandardButton.Yes).text() == "Undo end of turn 1"
    box.button(QMessageBox.StandardButton.Yes).click()
    assert c.state.turn == 1 and c.session.turns == ()
    assert "end of turn 1" in window.redo_action.text()
    window.redo_action.trigger()  # redo needs no question: it gives back what was undone
    assert c.state.turn == 2 and window.confirm_box is None


def test_undo_of_a_note_does_not_ask(window, tutorial) -> None:  # type: ignore[no-untyped-def]
    _one_resolved_turn(window, tutorial)
    c = window.controller
    assert c.note("a note after the turn")
    window.undo_action.trigger()
    assert window.confirm_box is None and c.session.notes == ()


def test_send_inject_says_so_and_highlights_its_log_entry(window, qtbot, tutorial) -> None:  # type: ignore[no-untyped-def]
    c = window.controller
    c.new_game(tutorial, seed=5, seats=human_seats(), turns=3, path=None)
    window.docks["injects"].raise_()
    inj = window.injects
    qtbot.keyClicks(inj.title, "Refugee column at Chaman")
    inj.text.setPlainText("Thousands gather at the border crossing.")
    inj.audience["PAK"].setChecked(True)
    inj.send_button.click()
    message = window.statusBar().currentMessage()
    assert "Refugee column at Chaman" in message and "Team Pakistan" in message
    assert "turn 1" in message
    QApplication.processEvents()
    assert window.docks["log"].isVisible()
    log = window.log_panel
    selected = log.table.selectionModel().selectedRows()
    assert len(selected) == 1
    text = str(log.proxy.index(selected[0].row(), 5).data())
    assert "Refugee column at Chaman" in text or "Thousands gather" in text
    assert selected[0].row() == log.proxy.rowCount() - 1


def test_injecting_a_scenario_event_says_so(window, tutorial) -> None:  # type: ignore[no-untyped-def]
    c = window.controller
    c.new_game(tutorial, seed=5, seats=human_seats(), turns=3, path=None)
    inj = window.injects
    inj.table.selectRow(0)
    event = inj.selected_event()
    assert inj.inject_selected_event()
    assert event.title in window.statusBar().currentMessage()
