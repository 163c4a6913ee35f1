"""Signals on the team screen: Rung and Prestige stake explained; a team sees the signals
it sent (and a team left out of a private signal does not)."""

from __future__ import annotations

from ui.widgets.order_editor import RUNG_HELP, STAKE_HELP
from wargame.session import Seat

from .conftest import seal_and_confirm

SEATS = {"PAK": Seat("human", "Team Pakistan"), "IND": Seat("human", "Team India"),
         "TAL": Seat("human", "Team Kabul"), "TTP": Seat("computer")}


def test_rung_and_stake_are_explained(window, tutorial) -> None:  # type: ignore[no-untyped-def]
    c = window.controller
    c.new_game(tutorial, seed=2, seats=SEATS, turns=3, path=None)
    editor = window.start_team_flow("PAK", handover=False).team_screen.editor
    assert editor.signal_fields.isHidden()  # folded away until a signal is wanted
    editor.signal_box.setChecked(True)
    assert not editor.signal_fields.isHidden()
    assert "does not bind" in editor.signal_help.text()
    assert editor.signal_rung.toolTip() == RUNG_HELP and "suspicious" in RUNG_HELP
    assert editor.stake.toolTip() == STAKE_HELP and "taken from your prestige" in STAKE_HELP
    editor.toward.setCurrentIndex(editor.toward.findData("IND"))
    editor.signal_rung.setValue(2)
    expected = tutorial.rung_name("IND-PAK", 2)
    assert editor.rung_name.text() == f"\u201c{expected}\u201d on the " \
        f"{tutorial.rivalry('IND-PAK').name} ladder"
    editor.toward.setCurrentIndex(editor.toward.findData("TTP"))  # no rivalry with them
    assert "no rivalry" in editor.rung_name.text()


def _resolve(c) -> None:  # type: ignore[no-untyped-def]
    for actor in ("IND", "TAL"):
        from wargame.orders import OrderSheet

        assert c.submit_orders(OrderSheet(actor, ()))
    assert c.fill_computer_orders() and c.end_turn()


def test_a_team_sees_the_signals_it_sent(window, tutorial) -> None:  # type: ignore[no-untyped-def]
    c = window.controller
    c.new_game(tutorial, seed=2, seats=SEATS, turns=3, path=None)
    flow = window.start_team_flow("PAK", handover=False)
    screen = flow.team_screen
    assert "Signals you sent" in screen.briefing.toPlainText()
    editor = screen.editor
    editor.signal_box.setChecked(True)
    editor.toward.setCurrentIndex(editor.toward.findData("IND"))
    editor.signal_rung.setValue(2)
    editor.signal_public.setChecked(False)
    editor.stake.setValue(0.5)
    editor.signal_text.setText("We hold the line")
    seal_and_confirm(editor)
    # reopened in the same turn, the sealed signal is back in the editor
    editor = window.start_team_flow("PAK", handover=False).team_screen.editor
    assert editor.signal_box.isChecked() and editor.signal_rung.value() == 2
    assert editor.signal_text.text() == "We hold the line" and editor.stake.value() == 0.5
    assert not editor.signal_public.isChecked()
    editor.seal()
    _resolve(c)
    assert c.state.turn == 2

    screen = window.start_team_flow("PAK", handover=False).team_screen
    assert [e.turn for e in screen.sent_signals()] == [1]
    text = screen.briefing.toPlainText()
    assert ("Turn 1: rung 2 toward India, private, prestige stake 0.5 \u2014 "
            "\u201cWe hold the line\u201d") in text
    screen.cancel_button.click()
    # the Taliban's team was not told: the private signal is not on its screen
    kabul = window.start_team_flow("TAL", handover=False).team_screen
    assert "We hold the line" not in "\n".join(kabul.displayed_texts())
    assert kabul.sent_signals() == []
