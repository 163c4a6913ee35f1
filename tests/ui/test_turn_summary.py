"""The turn summary through the real widgets: the facilitator's dialog after Resolve turn,
a team's results on its next screen (solo play included), nothing hidden leaking."""

from __future__ import annotations

from wargame.session import Seat
from wargame.summary import summary_for
from wargame.views import FACILITATOR, actor_view

from .conftest import seal_and_confirm


def test_resolving_a_turn_opens_the_facilitators_summary(window, qtbot, tutorial) -> None:  # type: ignore[no-untyped-def]
    c = window.controller
    c.new_game(tutorial, seed=5, seats={}, turns=3, path=None)
    window.next_action()  # computer orders
    qtbot.waitUntil(lambda: not c.computer_seats_waiting(), timeout=20000)
    window.show_workbench()
    window.phase_bar.next_button.click()  # "Resolve turn 1"
    assert c.state.turn == 2
    dialog = window.summary_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == "Turn 1 summary"
    text = dialog.panel.toPlainText()
    expected = summary_for(c.session, FACILITATOR, 1)
    assert expected is not None and expected.orders
    for order in expected.orders:  # every adjudicated order with its outcome
        assert order.text in text
    for change in expected.rung_changes:
        assert f"{change.name}: {change.old} \u2192 {change.new}" in text
    # Game › Turn summary… reopens it
    dialog.close()
    qtbot.waitUntil(lambda: window.summary_dialog is None)
    window.summary_action.trigger()
    assert window.summary_dialog is not None and "Turn 1" in window.summary_dialog.windowTitle()


def test_solo_player_sees_how_its_orders_went_on_the_next_screen(window, qtbot, tutorial) -> None:  # type: ignore[no-untyped-def]
    c = window.controller
    c.new_game(tutorial, seed=3, seats={"PAK": Seat("human", "Team Green")}, turns=3,
               path=None)
    flow = window.play_solo()
    screen = flow.team_screen
    assert screen.results.isHidden()  # nothing resolved yet
    assert screen.editor.select_move("talks")
    screen.editor.add_selected()
    seal_and_confirm(screen.editor)
    screen = window.team_flow.team_screen
    assert c.state.turn == 2 and window.summary_dialog is None  # no White Cell summary
    assert not screen.results.isHidden()
    text = screen.results.toPlainText()
    mine = summary_for(c.session, actor_view("PAK"), 1)
    assert mine is not None and mine.orders_of("PAK")
    assert "Your orders" in text and mine.orders_of("PAK")[0].text in text
    # what only the White Cell saw stays out of the team's results
    hidden = [e.text for e in c.session.log if e.turn == 1 and e.visibility == "facilitator"
              and e.kind.value in ("ladder", "lever", "loss_of_control", "near_miss")]
    assert not any(h in text for h in hidden)
