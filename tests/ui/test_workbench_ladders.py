"""The workbench at its default size shows every order with its outcome and ruling, and
its odds add up on screen; the ladders dock shows all twelve ladders of the default
scenario, and a "seen by" badge never covers a rung's name."""

from __future__ import annotations

import math
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QRectF
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication

from ui.app import default_scenario_path
from ui.models.proposals_model import COL_OUTCOME, COL_RULING
from ui.widgets.ladder_panel import badge_layout, seen_by_text
from wargame.scenario.loader import load_scenario

SCENARIO = load_scenario(default_scenario_path())


def _settle() -> None:
    for _ in range(4):
        QApplication.processEvents()


def _all_computer_turn(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.resize(1440, 900)  # the default size
    c = window.controller
    assert c.new_game(SCENARIO, seed=3, seats={}, turns=6, path=None)
    assert c.fill_computer_orders()
    qtbot.waitExposed(window)
    _settle()


def test_every_order_fits_with_outcome_and_ruling(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    _all_computer_turn(window, qtbot)
    assert window.docks["log"].isVisible()
    window.show_workbench()
    _settle()
    bench = window.workbench
    table = bench.table
    rows = bench.model.rowCount()
    assert rows == 25
    assert not window.docks["log"].isVisible()  # put away while adjudicating
    assert table.verticalHeader().length() <= table.viewport().height()
    assert not table.verticalScrollBar().isVisible()  # all 25 rows at once
    for col in (COL_OUTCOME, COL_RULING):
        right = table.columnViewportPosition(col) + table.columnWidth(col)
        assert table.columnViewportPosition(col) >= 0 and right <= table.viewport().width()
        assert table.columnWidth(col) >= table.sizeHintForColumn(col)
    window.show_map()
    _settle()
    assert window.docks["log"].isVisible()  # back with the map

    bench.full_height.setChecked(False)  # the facilitator wants the log beside the bench
    window.show_workbench()
    _settle()
    assert window.docks["log"].isVisible()
    window.show_map()


def test_closing_the_game_on_the_workbench_leaves_no_dock_behind(window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _all_computer_turn(window, qtbot)
    window.show_workbench()
    _settle()
    assert not window.docks["log"].isVisible()
    window.close_game()
    _settle()
    assert window.pages.currentWidget() is window.start_page
    assert not any(d.isVisible() for d in window.docks.values())  # none on the start page
    assert window.controller.new_game(SCENARIO, seed=1, seats={}, turns=2, path=None)
    _settle()
    assert window.docks["log"].isVisible()  # the bottom docks are back with a game


def _shown_odds(text: str) -> tuple[list[float], float, int]:
    block = text[text.index("Odds"):text.index("Roll")]
    above_total = block[:block.index("total")]
    terms = [float(v) for v in re.findall(r"([+-]\d+\.\d\d)\s*$", above_total, re.M)]
    total_line = re.search(r"total\s*([+-]\d+\.\d\d).*?success (\d+)%", block, re.S)
    assert total_line is not None, block
    return terms, float(total_line.group(1)), int(total_line.group(2))


def test_the_odds_line_adds_up(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    _all_computer_turn(window, qtbot)
    window.show_workbench()
    bench = window.workbench
    for i, adj in enumerate(bench.model.rows()):
        bench.table.selectRow(i)
        terms, total, percent = _shown_odds(bench.details.toPlainText())
        assert len(terms) == 4, adj.key  # base, PROs - CONs, capability, resources
        assert round(sum(terms), 2) == total, adj.key  # adds up as shown
        if adj.probability > 0:
            assert percent == round(adj.probability * 100)
            # and the shown total is the engine's own chance, to the rounding shown
            assert abs(1 / (1 + math.exp(-total)) - adj.probability) < 0.01, adj.key


def test_the_ladders_dock_shows_all_twelve(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    _all_computer_turn(window, qtbot)
    panel = window.ladder_panel
    assert panel.compact and len(panel.ladders) == 12
    viewport = panel.viewport().rect()
    for rid, ladder in panel.ladders.items():
        top_left = ladder.mapTo(panel.viewport(), ladder.rect().topLeft())
        bottom = top_left.y() + ladder.height()
        assert ladder.isVisible() and top_left.y() >= 0 and bottom <= viewport.height(), rid
    # clicking one shows it in full; the others stay compact
    ladder = panel.ladders["PAK-TAL"]
    ladder.clicked.emit("PAK-TAL")
    _settle()
    assert not ladder.compact and all(w.compact for r, w in panel.ladders.items()
                                      if r != "PAK-TAL")
    # the full view of every ladder scrolls
    window.compact_ladders_action.trigger()
    _settle()
    assert not any(w.compact for w in panel.ladders.values())
    assert panel.verticalScrollBar().maximum() > 0
    panel.ensureWidgetVisible(panel.ladders["USA-CHN"])
    assert panel.verticalScrollBar().value() > 0


def test_seen_by_text() -> None:
    assert seen_by_text({"TAL": 4, "PAK": 4, "IND": 2}, 4) == "seen by PAK, TAL"
    assert seen_by_text({"TAL": 4}, 3) == ""


@settings(max_examples=200, deadline=None)
@given(width=st.integers(120, 900), sides=st.lists(
    st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=5), min_size=0,
    max_size=4, unique=True))
def test_a_badge_never_covers_the_rung_name(qapp, width: int, sides: list[str]) -> None:  # type: ignore[no-untyped-def]
    fm = QFontMetrics(QFont())
    row = QRectF(4, 40, width - 8, 18)
    text = seen_by_text(dict.fromkeys(sides, 3), 3)
    label, badge = badge_layout(row, text, fm)
    assert label.left() >= row.left() and label.width() >= 0
    if badge is None:
        assert not sides and label.right() <= row.right()
        return
    assert label.right() < badge.left()  # a gap between name and badge
    assert row.left() <= badge.left() and badge.right() <= row.right()
    assert badge.width() <= row.width() / 2 + 1e-9


def test_the_console_and_the_team_screen_fit_a_1280_pixel_screen(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    _all_computer_turn(window, qtbot)
    window.show_workbench()
    _settle()
    assert window.minimumSizeHint().width() <= 1280  # the workbench's options stay narrow
    flow = window.start_team_flow("PAK", handover=False)
    _settle()
    assert flow.team_screen.minimumSizeHint().width() <= 1024
