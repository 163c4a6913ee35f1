"""A team's screen never shows another team's sealed orders, nor the true rung where that
team misperceives it; the public display never shows restricted or White Cell entries."""

from __future__ import annotations

from PySide6.QtCore import Qt

from wargame.ai.doctrine import choose_orders
from wargame.orders import Order, OrderSheet
from wargame.views import PUBLIC, actor_view, can_see, rung_seen

from .conftest import HUMANS, human_seats


def _play_until_misperceived(controller, scenario):  # type: ignore[no-untyped-def]
    """Play turns (computer-chosen orders for the teams) until a team misreads a rung."""
    for seed in range(1, 40):
        controller.new_game(scenario, seed=seed, seats=human_seats(), turns=6, path=None)
        for _turn in range(5):
            st = controller.state
            for actor in HUMANS:
                for r in scenario.rivalries:
                    # a misread by a side (a bystander simply sees the public rung)
                    if actor in r.sides and \
                            rung_seen(actor_view(actor), st, r.id) != st.rivalries[r.id].rung:
                        return actor, r.id
            for actor in HUMANS:
                controller.submit_orders(choose_orders(scenario, st, actor, seed))
            controller.fill_computer_orders()
            controller.end_turn()
    raise AssertionError("no misperception found")


def test_team_screen_hides_others_orders_and_true_rung(window, qtbot, tutorial) -> None:  # type: ignore[no-untyped-def]
    c = window.controller
    actor, rivalry = _play_until_misperceived(c, tutorial)
    st = c.state
    true_rung = st.rivalries[rivalry].rung
    seen = rung_seen(actor_view(actor), st, rivalry)
    assert seen != true_rung
    # the other teams seal orders with secret rationales first
    secrets = {}
    for other in HUMANS:
        if other == actor:
            continue
        order = next(iter(choose_orders(tutorial, st, other, 1).orders), None)
        orders = () if order is None else (Order(other, order.move, order.target,
                                                 f"SECRET-{other}-plan"),)
        secrets[other] = f"SECRET-{other}-plan"
        assert c.submit_orders(OrderSheet(other, orders))
    window.start_team_flow(actor)
    flow = window.team_flow
    qtbot.mouseClick(flow.cover_in.button, Qt.MouseButton.LeftButton)
    screen = flow.team_screen
    texts = "\n".join(screen.displayed_texts())
    for other, secret in secrets.items():
        assert secret not in texts
        assert f"Sealed orders of {tutorial.actor(other).name}" not in texts
    # the briefing line of the misread rivalry shows the perceived rung, never the true one
    line = next(ln for ln in screen.briefing.toPlainText().splitlines() if f"({rivalry})" in ln)
    assert f"rung {seen} " in line + " " and f"rung {true_rung} " not in line + " "
    # the legal-moves table shows the rung as the team sees it
    labels = {screen.editor.model.index(r, 0).data()
              for r in range(screen.editor.model.rowCount())}
    if any(lbl.startswith(rivalry) for lbl in labels):
        assert f"{rivalry} (at {seen})" in labels
        assert f"{rivalry} (at {true_rung})" not in labels
    # the team's log holds only what the team may see
    assert all(can_see(actor_view(actor), e) for e in screen.log.model.entries())
    assert not any(e.visibility.value == "facilitator" for e in screen.log.model.entries())
    # the facilitator's ladder panel, meanwhile, knows the team misreads it
    assert window.ladder_panel.ladders[rivalry].perceived.get(actor) == seen


def test_public_display_shows_public_entries_only(window, qtbot, tutorial) -> None:  # type: ignore[no-untyped-def]
    c = window.controller
    _play_until_misperceived(c, tutorial)
    c.note("white cell only")
    display = window.toggle_public_display()
    qtbot.addWidget(display)
    assert display.isVisible()
    shown = display.log.model.entries()
    assert shown and all(can_see(PUBLIC, e) for e in shown)
    assert all(e.visibility.value == "public" for e in shown)
    assert "white cell only" not in "\n".join(display.public_texts())
    assert display.ladders.public
    assert all(not w.perceived for w in display.ladders.ladders.values())
    st = c.state
    for rid, w in display.ladders.ladders.items():
        assert w.rung == st.rivalries[rid].public_rung  # what the world knows, not the truth


def test_shortcuts_are_dead_while_a_team_has_the_laptop(window, qtbot, tutorial) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+J (the workbench with every sealed order), F5 (public display), Ctrl+Z (undo
    another team's orders) and Ctrl+1 (the map) do nothing behind the team screen; the
    same keys work again for the facilitator once the laptop is handed back."""
    from PySide6.QtWidgets import QApplication

    c = window.controller
    c.new_game(tutorial, seed=1, seats=human_seats(), turns=4, path=None)
    window.show()
    qtbot.waitExposed(window)
    other = next(a for a in HUMANS if a != "PAK")
    assert c.submit_orders(choose_orders(tutorial, c.state, other, 1))
    commands = len(c.session.commands)
    window.start_team_flow("PAK")
    flow = window.team_flow
    qtbot.mouseClick(flow.cover_in.button, Qt.MouseButton.LeftButton)
    ctrl, none = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.NoModifier
    for key, mod in ((Qt.Key.Key_J, ctrl), (Qt.Key.Key_F5, none), (Qt.Key.Key_Z, ctrl),
                     (Qt.Key.Key_1, ctrl)):
        qtbot.keyClick(flow.team_screen, key, mod)
        QApplication.processEvents()
        assert window.pages.currentWidget() is flow
        assert window.public is None or not window.public.isVisible()
        assert len(c.session.commands) == commands
    flow.team_screen.cancel_button.click()  # hand back without sealing
    qtbot.mouseClick(flow.cover_out.button, Qt.MouseButton.LeftButton)
    assert window.team_flow is None
    qtbot.keyClick(window.map_view, Qt.Key.Key_F5)
    QApplication.processEvents()
    assert window.public is not None and window.public.isVisible()


def test_white_cell_windows_are_hidden_behind_a_team_screen(window, qtbot, tutorial) -> None:  # type: ignore[no-untyped-def]
    """The comparison window (true rungs of two games) and any other open window but the
    public display go away while a team has the laptop, and come back afterwards; the
    status bar shows no dice seed meanwhile."""
    c = window.controller
    c.new_game(tutorial, seed=1, seats=human_seats(), turns=4, path=None)
    window.show()
    qtbot.waitExposed(window)
    compare = window.compare_games()
    display = window.toggle_public_display()
    qtbot.addWidget(display)
    assert compare.isVisible() and display.isVisible()
    window.start_team_flow("PAK")
    flow = window.team_flow
    assert not compare.isVisible()
    assert display.isVisible()  # public material only
    qtbot.mouseClick(flow.cover_in.button, Qt.MouseButton.LeftButton)
    assert not compare.isVisible()
    flow.team_screen.note_edit.setText("our plan")
    flow.team_screen.note_button.click()  # a command: the console refreshes behind the screen
    assert "seed" not in window.status.text()  # the dice could be worked out from it
    flow.team_screen.cancel_button.click()
    qtbot.mouseClick(flow.cover_out.button, Qt.MouseButton.LeftButton)
    assert compare.isVisible() and display.isVisible()
    assert "seed 1" in window.status.text()


def test_a_team_note_stays_with_its_team_and_the_white_cell(window, qtbot, tutorial) -> None:  # type: ignore[no-untyped-def]
    c = window.controller
    c.new_game(tutorial, seed=1, seats=human_seats(), turns=4, path=None)
    first, second = list(HUMANS)[:2]

    def team_screen(actor: str):  # type: ignore[no-untyped-def]
        flow = window.start_team_flow(actor)
        qtbot.mouseClick(flow.cover_in.button, Qt.MouseButton.LeftButton)
        return flow

    flow = team_screen(first)
    flow.team_screen.note_edit.setText("SECRET-NOTE-of-the-first-team")
    flow.team_screen.note_button.click()
    assert "SECRET-NOTE-of-the-first-team" in "\n".join(flow.team_screen.displayed_texts())
    flow.team_screen.cancel_button.click()
    qtbot.mouseClick(flow.cover_out.button, Qt.MouseButton.LeftButton)
    flow = team_screen(second)
    assert "SECRET-NOTE-of-the-first-team" not in "\n".join(flow.team_screen.displayed_texts())
    flow.team_screen.cancel_button.click()
    qtbot.mouseClick(flow.cover_out.button, Qt.MouseButton.LeftButton)
    assert any("SECRET-NOTE-of-the-first-team" in e.text for e in c.log)  # the White Cell's log
