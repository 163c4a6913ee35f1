"""A whole 3-turn game driven through the real widgets, saved, closed and reopened."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox

from ui.dialogs.new_game import NewGameDialog
from ui.widgets.handover import TeamFlow
from wargame.orders import Outcome

from .conftest import HUMANS, TUTORIAL, seal_and_confirm


def _new_game(window, qtbot, path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = window.new_game_dialog(str(TUTORIAL))
    assert isinstance(dialog, NewGameDialog)
    assert dialog.scenario is not None
    dialog.seed.setValue(11)
    dialog.turns.setValue(3)
    dialog.title.setText("Widget game")
    for actor, team in HUMANS.items():
        dialog.set_seat(actor, "human", team)
    dialog.set_seat("TTP", "computer")
    dialog.path.setText(str(path))
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                     qtbot_left())
    assert window.controller.has_game


def qtbot_left():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def _enter_orders_behind_cover(window, qtbot, turn: int) -> None:  # type: ignore[no-untyped-def]
    c = window.controller
    for _ in range(len(HUMANS)):
        actor = c.human_seats_waiting()[0]
        team = HUMANS[actor]
        assert window.phase_bar.next_button.text() == f"Orders: {team}"
        qtbot.mouseClick(window.phase_bar.next_button, qtbot_left())
        flow = window.team_flow
        assert isinstance(flow, TeamFlow)
        assert flow.currentWidget() is flow.cover_in
        assert flow.cover_in.message.text() == f"Pass the laptop to {team}"
        assert all(not d.isVisible() for d in window.docks.values())  # nothing to peek at
        assert not window.menuBar().isEnabled()
        qtbot.mouseClick(flow.cover_in.button, qtbot_left())
        editor = flow.team_screen.editor
        assert c.view().actor == actor
        editor.table.selectRow(turn % editor.model.rowCount())
        qtbot.keyClicks(editor.rationale, f"{actor} plan for turn {turn}")
        qtbot.mouseClick(editor.add_button, qtbot_left())
        assert len(editor.orders) == 1
        if actor == "PAK":
            editor.signal_box.setChecked(True)
            editor.signal_rung.setValue(1)
            qtbot.keyClicks(editor.signal_text, "We seek calm")
        seal_and_confirm(editor, qtbot)
        assert flow.currentWidget() is flow.cover_out
        assert actor in c.session.sheets
        qtbot.mouseClick(flow.cover_out.button, qtbot_left())
        assert window.team_flow is None
        assert c.view().is_facilitator


def test_three_turn_game_through_widgets(window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "widget-game.wgsave"
    _new_game(window, qtbot, path)
    c = window.controller
    assert c.seats["PAK"].team == "Team Pakistan" and c.seats["TTP"].kind == "computer"
    assert c.session.header.turns == 3

    for turn in (1, 2, 3):
        assert c.state.turn == turn
        if turn == 2:
            # an ad-hoc inject to two teams, through the inject manager
            inj = window.injects
            qtbot.keyClicks(inj.title, "Border incident")
            inj.text.setPlainText("Shots exchanged at Torkham.")
            inj.audience["PAK"].setChecked(True)
            inj.audience["TAL"].setChecked(True)
            assert inj.to_some.isChecked()
            qtbot.mouseClick(inj.send_button, qtbot_left())
            assert c.session.record.injects[-1].audience == ("PAK", "TAL")
            # a facilitator note, then undo and redo it through the Edit menu actions
            window.notes.text.setPlainText("Team Kabul is stalling")
            qtbot.mouseClick(window.notes.add_button, qtbot_left())
            assert [n.text for n in c.session.notes] == ["Team Kabul is stalling"]
            assert window.undo_action.isEnabled() and "note" in window.undo_action.text()
            window.undo_action.trigger()
            assert c.session.notes == ()
            assert window.redo_action.isEnabled()
            window.redo_action.trigger()
            assert [n.text for n in c.session.notes] == ["Team Kabul is stalling"]
            assert window.undo_stack.current() == window.undo_stack.expected()

        _enter_orders_behind_cover(window, qtbot, turn)
        assert window.phase_bar.next_button.text() == "Computer orders"
        qtbot.mouseClick(window.phase_bar.next_button, qtbot_left())
        qtbot.waitUntil(lambda: not c.computer_seats_waiting(), timeout=10_000)
        assert window.phase_bar.next_button.text() == "Adjudicate"
        qtbot.mouseClick(window.phase_bar.next_button, qtbot_left())
        bench = window.workbench
        assert window.pages.currentWidget() is bench
        assert bench.model.rowCount() == len(c.proposals()) > 0
        if turn == 1:
            key = bench.model.rows()[0].key
            assert bench.select_key(key)
            qtbot.mouseClick(bench.buttons["override"], qtbot_left())
            dialog = bench.dialog
            assert dialog is not None
            ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
            assert not ok.isEnabled()  # a reason is required
            wanted = Outcome.PARTIAL if dialog.adjudication.outcome != Outcome.PARTIAL \
                else Outcome.FAILURE
            dialog.outcome.setCurrentIndex(dialog.outcome.findData(wanted.value))
            qtbot.keyClicks(dialog.reason, "the border was already closed")
            assert ok.isEnabled()
            qtbot.mouseClick(ok, qtbot_left())
            ruled = {a.key: a for a in bench.model.rows()}[key]
            assert ruled.outcome == wanted and ruled.overridden
            assert "the border was already closed" in c.session.log[-1].text
        qtbot.mouseClick(bench.buttons["accept"], qtbot_left())
        assert window.phase_bar.next_button.text() == f"Resolve turn {turn}"
        qtbot.mouseClick(window.phase_bar.next_button, qtbot_left())
        assert window.pages.currentWidget() is window.map_view
        assert len(c.session.turns) == turn

    assert c.state.ended
    assert window.phase_bar.next_button.text().startswith("Game over")
    log = [e.to_dict() for e in c.log]
    state_hash = c.state.state_hash()
    commands = len(c.session.commands)
    assert path.exists()

    window.close_action.trigger()
    assert not c.has_game
    assert window.pages.currentWidget() is window.start_page
    assert window.start_page.recent.item(0).data(256) == str(path.resolve())
    assert window.open_game(path)
    assert [e.to_dict() for e in c.log] == log
    assert c.state.state_hash() == state_hash
    assert len(c.session.commands) == commands
    assert c.session.hash_mismatches == []
    # the undo history survives the reopen (it is the journal's)
    assert window.undo_stack.count() > 0 and window.undo_action.isEnabled()
