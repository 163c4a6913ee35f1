"""The inject manager: the White Cell holds a scheduled event back, the game goes on
without it, and releasing or injecting it is one click each."""

from __future__ import annotations

from PySide6.QtCore import Qt

from .conftest import human_seats

EVENT = "spring_offensive"  # the tutorial's event scheduled for turn 2


def _select(manager, event_id: str) -> None:  # type: ignore[no-untyped-def]
    row = next(i for i in range(manager.model.rowCount())
               if manager.model.row_object(i).id == event_id)
    manager.table.selectRow(row)


def test_hold_back_a_scheduled_event_then_inject_it(window, qtbot, tutorial) -> None:  # type: ignore[no-untyped-def]
    c = window.controller
    c.new_game(tutorial, seed=5, seats=human_seats(), turns=4, path=None)
    manager = window.injects
    _select(manager, EVENT)
    assert manager.hold_button.text() == "Hold back" and manager.hold_button.isEnabled()
    qtbot.mouseClick(manager.hold_button, Qt.MouseButton.LeftButton)
    assert c.held_events == {EVENT}
    row = manager.table.selectionModel().selectedRows()[0].row()
    assert manager.model.data(manager.model.index(row, 3)) == "held by the White Cell"
    assert manager.hold_button.text() == "Release"
    assert "hold event" in window.undo_action.text().lower()

    c.fill_computer_orders()
    for actor in human_seats():
        if actor not in c.session.sheets:
            from wargame.orders import OrderSheet

            c.submit_orders(OrderSheet(actor, ()))
    c.end_turn()
    assert EVENT not in c.state.fired_events  # turn 2 opened without it
    display = window.toggle_public_display()
    qtbot.addWidget(display)
    assert not any("Held by the White Cell" in t or "holds back" in t
                   for t in display.public_texts())  # the players never learn of it

    _select(manager, EVENT)
    qtbot.mouseClick(manager.hold_button, Qt.MouseButton.LeftButton)  # release
    assert c.held_events == frozenset()
    _select(manager, EVENT)
    qtbot.mouseClick(manager.inject_event_button, Qt.MouseButton.LeftButton)
    assert EVENT in c.state.fired_events
    _select(manager, EVENT)
    assert not manager.hold_button.isEnabled()  # fired, does not repeat: nothing to hold
