"""The team screen's list of legal moves: a rivalry filter, whole move names, no clipped
column, categories spelled as words ("de-escalation", "non-violent")."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QStyle

from ui.app import default_scenario_path
from ui.models.base import RowRole
from ui.models.orders_model import COL_MOVE, COL_RIVALRY
from wargame.labels import readable
from wargame.scenario.loader import load_scenario
from wargame.scenario.models import Category
from wargame.session import Seat

from .conftest import seal_and_confirm


def _screen(window, qtbot, size=(1280, 800)):  # type: ignore[no-untyped-def]
    scenario = load_scenario(default_scenario_path())
    c = window.controller
    assert c.new_game(scenario, seed=3, seats={"PAK": Seat("human", "Team Pakistan")},
                      turns=4, path=None)
    window.resize(*size)
    flow = window.start_team_flow("PAK", handover=False)
    qtbot.waitExposed(window)
    for _ in range(3):
        QApplication.processEvents()
    return flow.team_screen.editor


def test_filter_by_rivalry(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = _screen(window, qtbot)
    everything = editor.model.rowCount()
    assert editor.proxy.rowCount() == everything
    assert editor.rivalry_box.currentText() == f"All rivalries ({everything} moves)"
    by_rivalry = {}
    for row in editor.model.rows():
        by_rivalry[row.rivalry] = by_rivalry.get(row.rivalry, 0) + 1
    assert set(by_rivalry) == {"IND-PAK", "PAK-TAL"}  # Pakistan's two rivalries
    i = editor.rivalry_box.findData("PAK-TAL")
    assert editor.rivalry_box.itemText(i).startswith("Pakistan and the Taliban")
    assert editor.rivalry_box.itemText(i).endswith(f"({by_rivalry['PAK-TAL']})")
    editor.rivalry_box.setCurrentIndex(i)  # as a click on the entry would
    assert editor.proxy.rowCount() == by_rivalry["PAK-TAL"] < everything
    shown = [editor.proxy.index(r, 0).data(RowRole) for r in range(editor.proxy.rowCount())]
    assert all(row.rivalry == "PAK-TAL" for row in shown)
    assert editor.table.isColumnHidden(COL_RIVALRY)  # the same in every row: hidden
    # an order picked from the filtered list is the move shown there
    editor.table.selectRow(0)
    first = shown[0]
    editor.add_selected()
    assert editor.orders[0].move == first.order.move
    assert editor.orders[0].target == first.order.target == "TAL"
    # a move of another rivalry: the filter opens up again to show it
    other = next(r for r in editor.model.rows() if r.rivalry == "IND-PAK")
    assert editor.select_move(other.order.move, other.order.target)
    assert editor.rivalry_box.currentData() == "*" and not editor.table.isColumnHidden(0)
    editor.add_selected()
    seal_and_confirm(editor)
    assert [o.move for o in window.controller.session.sheets["PAK"].orders] == [
        first.order.move, other.order.move]


def test_move_names_are_whole_and_no_column_is_clipped(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = _screen(window, qtbot)
    table = editor.table
    assert not table.horizontalScrollBar().isVisible()  # every column fits the pane
    header = table.horizontalHeader()
    for col in range(editor.model.columnCount()):
        if col != COL_MOVE and not table.isColumnHidden(col):
            assert header.sectionSize(col) >= table.sizeHintForColumn(col), \
                editor.model.columns[col]
    cost = editor.model.columns.index("Cost")
    fm = table.fontMetrics()
    widest_cost = max(fm.horizontalAdvance(str(editor.model.index(r, cost).data()))
                      for r in range(editor.model.rowCount()))
    assert header.sectionSize(cost) > widest_cost
    margin = table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1
    width = header.sectionSize(COL_MOVE) - 2 * margin  # as the item delegate lays text out
    for r in range(editor.proxy.rowCount()):
        name = str(editor.proxy.index(r, COL_MOVE).data())
        needed = fm.boundingRect(QRect(0, 0, width, 10_000),
                                 int(Qt.TextFlag.TextWordWrap), name).height()
        assert table.rowHeight(r) >= needed, name  # wrapped onto lines, never cut
        tip = str(editor.proxy.index(r, COL_MOVE).data(Qt.ItemDataRole.ToolTipRole))
        assert tip.startswith(name)


def test_categories_are_spelled_as_words(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    editor = _screen(window, qtbot)
    col = editor.model.columns.index("Category")
    shown = {str(editor.model.index(r, col).data()) for r in range(editor.model.rowCount())}
    assert "de-escalation" in shown and "non-violent" in shown
    assert not any("_" in s or s in ("de escalation", "non violent") for s in shown)


def test_readable_by_hand() -> None:
    assert [readable(c) for c in Category] == [
        "de-escalation", "status quo", "posturing", "non-violent", "violent", "nuclear"]
    assert readable("loss_of_control") == "loss of control"
    assert readable("de_facto_government") == "de facto government"
    assert readable("reroll") == "re-roll"
    assert readable("no_de_escalation_yet") == "no de-escalation yet"
    assert readable("") == ""
