"""The what-if comparison window: two saves side by side.

Pick two saves (by default a branch and the parent named in its header); the
window shows, for every rivalry, both games' rung curves in one chart (A solid,
B dashed) and the same for every indicator, with the branch point marked, and a
table of the final differences. Both saves are opened read-only
(:mod:`ui.comparison` computes everything; this module only draws).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QFont, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui import settings
from ui.comparison import Comparison, CurvePair, compare, load
from ui.widgets.charts import LineChart, Series
from wargame.errors import WargameError
from wargame.session import Session

COLOUR_A = "#2166ac"
COLOUR_B = "#e08214"
COLUMNS = 3


def _short(text: str, limit: int = 28) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


class CompareView(QWidget):
    """A top-level window comparing game A (the original) with game B (the what-if)."""

    def __init__(self, parent: QWidget | None = None, a_path: str | Path = "",
                 b_path: str | Path = "") -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("Compare games — Wargame")
        self.comparison: Comparison | None = None
        self.rung_charts: dict[str, LineChart] = {}
        self.indicator_charts: dict[str, LineChart] = {}
        self.a_path, self.b_path = QLineEdit(str(a_path)), QLineEdit(str(b_path))
        pick = QGridLayout()
        for row, (label, edit) in enumerate((("Game A (original)", self.a_path),
                                             ("Game B (what-if)", self.b_path))):
            browse = QPushButton("Browse…")
            browse.clicked.connect(lambda _c=False, e=edit: self._browse(e))
            pick.addWidget(QLabel(label), row, 0)
            pick.addWidget(edit, row, 1)
            pick.addWidget(browse, row, 2)
        self.compare_button = QPushButton("Compare")
        self.compare_button.setDefault(True)
        self.compare_button.clicked.connect(self.compare_paths)
        pick.addWidget(self.compare_button, 0, 3, 2, 1)
        self.summary = QLabel("Choose two saves of the same scenario.")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)

        self.charts = QWidget()
        self.grid = QGridLayout(self.charts)
        self.grid.setContentsMargins(4, 4, 4, 4)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.charts)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(["Of", "Measure", "A", "B", "B − A"])
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        for col in range(5):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        for col in (0, 1):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 6)
        self.only_diff = QCheckBox("Only what differs")
        self.only_diff.setChecked(True)
        self.only_diff.toggled.connect(self._fill_table)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        title = QLabel("<b>Final differences</b>")
        rl.addWidget(title)
        rl.addWidget(self.only_diff)
        rl.addWidget(self.table, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(scroll)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([900, 540])
        layout = QVBoxLayout(self)
        layout.addLayout(pick)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        self.resize(1440, 900)

    # ---- input

    def _browse(self, edit: QLineEdit) -> None:
        start = edit.text() or str(settings.games_dir())
        path, _ = QFileDialog.getOpenFileName(
            self, "Choose a saved game", start,
            f"Wargame saves (*{settings.SAVE_SUFFIX});;All files (*)")
        if path:
            edit.setText(path)

    def compare_paths(self) -> bool:
        """Load both saves read-only and show them; errors go to the summary line."""
        a, b = self.a_path.text().strip(), self.b_path.text().strip()
        if not a or not b:
            self._error("Choose two saves to compare.")
            return False
        try:
            ga, gb = load(a), load(b)
        except (WargameError, OSError, ValueError) as exc:
            self._error(f"Cannot open the saves: {exc}")
            return False
        try:
            self.show_games(ga, gb, Path(a).stem, Path(b).stem)
        finally:
            ga.close()
            gb.close()
        return True

    def _error(self, message: str) -> None:
        self.summary.setText(f"<span style='color:#b2182b'>{message}</span>")

    # ---- drawing

    def show_games(self, a: Session, b: Session, a_label: str = "A", b_label: str = "B"
                   ) -> Comparison:
        result = compare(a, b, a_label, b_label)
        self.show_comparison(result, a.header.title, b.header.title)
        return result

    def show_comparison(self, cmp: Comparison, a_title: str = "", b_title: str = "") -> None:
        self.comparison = cmp
        parts = [f"<b>A</b> = {a_title or cmp.a_label} <i>({cmp.a_label})</i> &nbsp; "
                 f"<b>B</b> = {b_title or cmp.b_label} <i>({cmp.b_label})</i>"]
        if cmp.branch_seq:
            same = ("identical" if cmp.shared_turns_identical
                    else "<b>NOT identical</b> (state hashes differ)")
            parts.append(f"They share the first {cmp.branch_seq} commands and part in turn "
                         f"{cmp.divergence_turn}; the {cmp.divergence} turns before are {same}.")
        else:
            parts.append("They share no history.")
        parts += cmp.notes
        self.summary.setText("<br>".join(parts))
        self._fill_charts(cmp)
        self._fill_table()

    def _chart(self, pair: CurvePair, title: str, cmp: Comparison, integer: bool) -> LineChart:
        chart = LineChart(title)
        chart.setMinimumSize(260, 210)
        chart.set_series([Series(f"A · {_short(cmp.a_label)}", pair.a, COLOUR_A, width=3.4),
                          Series(f"B · {_short(cmp.b_label)}", pair.b, COLOUR_B, dashed=True,
                                 width=2.0)],
                         pair.y_range, integer_axis=integer)
        if cmp.branch_seq:
            chart.set_marker(cmp.divergence, f"branch · turn {cmp.divergence_turn}")
        return chart

    def _fill_charts(self, cmp: Comparison) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().hide()
                item.widget().deleteLater()
        self.rung_charts.clear()
        self.indicator_charts.clear()
        i = 0
        for pair in cmp.rungs:
            chart = self._chart(pair, f"Rung — {pair.name}", cmp, True)
            self.rung_charts[pair.id] = chart
            self.grid.addWidget(chart, i // COLUMNS, i % COLUMNS)
            i += 1
        for pair in cmp.indicators:
            chart = self._chart(pair, f"Indicator — {pair.name}", cmp, False)
            self.indicator_charts[pair.id] = chart
            self.grid.addWidget(chart, i // COLUMNS, i % COLUMNS)
            i += 1

    def _fill_table(self) -> None:
        cmp = self.comparison
        rows = [] if cmp is None else [d for d in cmp.differences
                                       if d.differs or not self.only_diff.isChecked()]
        self.table.setRowCount(len(rows))
        faded = QBrush(self.palette().color(QPalette.ColorGroup.Disabled,
                                            QPalette.ColorRole.Text))
        for r, d in enumerate(rows):
            delta = d.delta
            cells = [d.group, d.measure, self._fmt(d.a), self._fmt(d.b),
                     "" if delta is None else (f"{delta:+g}" if delta else "=")]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                if d.differs and col == 4:
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                elif not d.differs:
                    item.setForeground(faded)
                self.table.setItem(r, col, item)

    @staticmethod
    def _fmt(value: float | str) -> str:
        return f"{value:g}" if isinstance(value, (int, float)) else str(value)

    def table_rows(self) -> list[list[str]]:
        return [[self.table.item(r, c).text() for c in range(5)]
                for r in range(self.table.rowCount())]
