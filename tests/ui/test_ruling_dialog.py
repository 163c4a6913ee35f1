"""The ruling dialog says who will read the reason before the ruling is saved.

Driven through the real workbench and dialog: for each proposed adjudication of a
turn, the override dialog names the readers (every team and the public display for a
public move, the teams that see a covert or private move); nothing is recorded until
OK, and cancelling records nothing. Regression of issue 12: an override reason on a
public move became public without the facilitator being told.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox

from wargame.ai.doctrine import choose_orders
from wargame.orders import Order, OrderSheet
from wargame.ruling_audience import describe_readers, reason_readers

from .conftest import HUMANS, human_seats


def test_the_dialog_names_who_will_read_the_reason(window, qtbot, tutorial) -> None:  # type: ignore[no-untyped-def]
    c = window.controller
    seen = set()
    for seed in range(1, 12):
        c.new_game(tutorial, seed=seed, seats=human_seats(), turns=3, path=None)
        for actor in HUMANS:
            c.submit_orders(choose_orders(tutorial, c.state, actor, seed))
        # the TTP's offensive is covert: only the TTP team sees it (and a ruling's reason)
        c.submit_orders(OrderSheet("TTP", (Order("TTP", "ttp_offensive", "PAK"),)))
        c.fill_computer_orders()
        window.show_workbench()
        bench = window.workbench
        for row in bench.model.rows():
            assert bench.select_key(row.key)
            qtbot.mouseClick(bench.buttons["override"], qtbot_left())
            dialog = bench.dialog
            assert dialog is not None and dialog.isVisible()
            readers = reason_readers(tutorial, row)
            assert dialog.audience.isVisible()
            assert dialog.audience.text() == describe_readers(tutorial, readers)
            move = tutorial.move(row.move)
            if move.visibility.value == "public" and move.category.value != "status_quo":
                assert "shown to every team and on the public display" in dialog.audience.text()
                seen.add("public")
            elif readers.actors:
                names = [tutorial.actor(a).name for a in readers.actors]
                assert all(n in dialog.audience.text() for n in names)
                assert "Other teams and the public display do not see it" in dialog.audience.text()
                seen.add("restricted")
            qtbot.keyClicks(dialog.reason, "a reason not yet saved")
            assert c.session.rulings.get(row.key, ()) == ()  # told before anything is saved
            dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
            assert c.session.rulings.get(row.key, ()) == ()
        if seen == {"public", "restricted"}:
            break
    assert seen == {"public", "restricted"}, seen


def qtbot_left():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
