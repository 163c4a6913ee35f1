"""File › Print order sheets…: one sheet per team, each on its own pages, holding only what
that team may know (its perceived rungs, never another team's sealed orders)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from tests.tools import needs
from ui.app import default_scenario_path
from ui.order_sheets import sheets_document
from wargame.orders import Order, OrderSheet
from wargame.rules.legality import legal_orders
from wargame.scenario.loader import load_scenario
from wargame.session import Seat

SCENARIO = load_scenario(default_scenario_path())
TEAMS = {"PAK": Seat("human", "Team Pakistan"), "IND": Seat("human", "Team India")}


def _game(window):  # type: ignore[no-untyped-def]
    c = window.controller
    assert c.new_game(SCENARIO, seed=3, seats=TEAMS, turns=8, path=None)
    return c


@needs("pdftotext")
def test_each_team_gets_its_own_pages(window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    c = _game(window)
    assert window.sheets_action.isEnabled()
    window.sheets_action.trigger()
    dialog = window.dialog
    assert dialog.actors() == ["PAK", "IND"]  # the human teams are ticked
    pdf = tmp_path / "sheets.pdf"
    assert dialog.save_pdf(str(pdf))
    assert "2 sheets" in dialog.message.text()
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    pages = text.split("\f")
    starts = [i for i, page in enumerate(pages) if re.search(r"Team \w+ — ", page)]
    assert len(starts) == 2 and starts[0] == 0
    assert pages[starts[1]].lstrip().startswith("Team India — India")  # a fresh page
    assert "Team India" not in "".join(pages[:starts[1]])
    assert "Your legal moves this turn" in pages[0] + pages[1]
    assert "Move and target:" in "".join(pages[:starts[1]])
    moves = {SCENARIO.move(o.move).name for o in legal_orders(SCENARIO, c.state, "PAK")}
    sheet = sheets_document(c, ["PAK"]).toPlainText()  # what the PDF was printed from
    assert moves and all(name in sheet for name in moves)


def test_a_sheet_shows_the_rung_the_team_believes(window) -> None:  # type: ignore[no-untyped-def]
    c = _game(window)
    found = None
    for _turn in range(7):
        for actor in TEAMS:
            c.submit_orders(OrderSheet(actor, ()))
        assert c.fill_computer_orders() and c.end_turn()
        st = c.state
        found = next(((side, r.id, st.perceived[side][r.id], st.rivalries[r.id].rung)
                      for r in SCENARIO.rivalries for side in r.sides
                      if st.perceived.get(side, {}).get(r.id, st.rivalries[r.id].rung)
                      != st.rivalries[r.id].rung and SCENARIO.actor(side).playable), None)
        if found:
            break
    assert found, "no misreading in seven turns"
    side, rivalry, believed, true = found
    text = sheets_document(c, [side]).toPlainText()
    assert f"({rivalry}): rung {believed}" in text
    assert f"({rivalry}): rung {true} " not in text


def test_another_teams_sealed_orders_stay_off_the_sheet(window) -> None:  # type: ignore[no-untyped-def]
    c = _game(window)
    move = next(iter(legal_orders(SCENARIO, c.state, "IND")))
    assert c.submit_orders(OrderSheet("IND", (Order("IND", move.move, move.target,
                                                    "SECRET-PLAN-OF-INDIA"),)))
    pakistan = sheets_document(c, ["PAK"]).toPlainText()
    assert "SECRET-PLAN-OF-INDIA" not in pakistan
    assert "Team Pakistan" in pakistan and "Team India —" not in pakistan
    india = sheets_document(c, ["IND"]).toPlainText()
    assert "Team India" in india


def test_no_sheets_while_replaying_or_behind_a_team(window) -> None:  # type: ignore[no-untyped-def]
    c = _game(window)
    assert c.note("a note") and c.seek(0) and not c.is_live
    assert window.print_order_sheets() is None and not window.sheets_action.isEnabled()
    assert c.go_live() and window.sheets_action.isEnabled()
    window.start_team_flow("PAK", handover=False)
    assert window.print_order_sheets() is None
