"""Ladder rows grow with the font (they were fixed at 19 px and clipped large text)."""

from __future__ import annotations

import itertools

from PySide6.QtGui import QFont, QFontMetrics

from ui.widgets.ladder_panel import LadderWidget


def test_rows_and_header_grow_with_the_font(qtbot, tutorial) -> None:  # type: ignore[no-untyped-def]
    rivalry = tutorial.rivalries[0].id
    ladder = LadderWidget(tutorial, rivalry)
    qtbot.addWidget(ladder)
    heights = []
    for points in (9, 18, 30):
        font = QFont(ladder.font())
        font.setPointSizeF(points)
        ladder.setFont(font)
        line = QFontMetrics(font).height()
        assert ladder.row >= line + 2  # a rung name fits its row with room to spare
        assert ladder.header >= 2 * line  # the name and the "id · rung" line
        tops = sorted(ladder.tops.values())
        assert all(b - a >= ladder.row for a, b in itertools.pairwise(tops))
        assert tops[0] >= ladder.header
        assert ladder.height() >= tops[-1] + ladder.row
        heights.append(ladder.height())
        ladder.resize(600, ladder.height())
        assert not ladder.grab().isNull()  # paints at every size
    assert heights[0] < heights[1] < heights[2]
    assert heights[2] > 2.5 * heights[0]
