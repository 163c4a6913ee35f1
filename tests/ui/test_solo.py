"""Solo play in the app: the one human team plays from its own screen turn after turn;
the computer plays the rest and the White Cell console stays hidden until the end."""

from __future__ import annotations

from wargame.session import Seat

from .conftest import seal_and_confirm


def _seal(flow, move_row: int | None) -> None:  # type: ignore[no-untyped-def]
    editor = flow.team_screen.editor
    if move_row is not None:
        editor.table.selectRow(move_row)
        editor.add_selected()
    seal_and_confirm(editor)


def test_solo_play_keeps_the_console_hidden_until_the_game_ends(window, qtbot, tutorial) -> None:  # type: ignore[no-untyped-def]
    c = window.controller
    c.new_game(tutorial, seed=3, seats={"PAK": Seat("human", "Team Green")}, turns=3,
               path=None)
    window.show()
    qtbot.waitExposed(window)
    assert window.solo_action.isEnabled()
    flow = window.play_solo()
    assert flow is window.team_flow and flow.actor == "PAK"
    assert flow.team_screen.cancel_button.text() == "Stop solo play"
    for turn in (1, 2):
        assert c.state.turn == turn
        assert not window.menuBar().isEnabled()
        assert not any(d.isVisible() for d in window.docks.values())
        assert c.view().actor == "PAK"
        texts = "\n".join(flow.team_screen.displayed_texts())
        assert "Sealed orders of India" not in texts  # another side's secret orders
        _seal(flow, 0 if turn == 1 else None)
        assert window.team_flow is not None and window.team_flow is not flow
        flow = window.team_flow
        assert flow.team_screen is not None  # straight to the next turn, no hand-over
    _seal(flow, None)  # the last turn
    assert c.state.ended and window.team_flow is None and window.solo_actor is None
    assert window.menuBar().isEnabled() and c.view().is_facilitator
    assert "game is over" in window.statusBar().currentMessage()
    assert [t.turn for t in c.session.turns] == [1, 2, 3]
    sheets = c.session.turns[0].sheets
    assert sheets["PAK"].orders and all(a in sheets for a in ("IND", "TAL"))


def test_stopping_solo_play_returns_to_the_console(window, qtbot, tutorial) -> None:  # type: ignore[no-untyped-def]
    c = window.controller
    c.new_game(tutorial, seed=3, seats={"PAK": Seat("human", "Team Green")}, turns=3,
               path=None)
    flow = window.play_solo()
    flow.team_screen.cancel_button.click()
    assert window.team_flow is None and window.solo_actor is None
    assert window.menuBar().isEnabled() and c.state.turn == 1


def test_solo_needs_exactly_one_human_team(window, tutorial) -> None:  # type: ignore[no-untyped-def]
    from .conftest import human_seats

    c = window.controller
    c.new_game(tutorial, seed=3, seats=human_seats(), turns=3, path=None)
    assert not window.solo_action.isEnabled()
    failures: list[str] = []
    c.failed.connect(failures.append)
    assert window.play_solo() is None and "exactly one human team" in failures[0]
