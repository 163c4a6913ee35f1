"""The turn log: filters (turn, actor, rivalry, kind, search) over a table."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ui.controller import Controller
from ui.models.log_model import (
    COL_ACTOR,
    COL_PHASE,
    COL_RIVALRY,
    COL_TEXT,
    COL_VISIBILITY,
    LogFilterProxy,
    LogTableModel,
)
from ui.widgets.tables import row_table
from wargame.labels import readable
from wargame.log import Kind
from wargame.views import View


class LogPanel(QWidget):
    """Shows the log entries a fixed view may see (``None`` = follow the controller's view)."""

    def __init__(self, controller: Controller, view: View | None = None,
                 parent: QWidget | None = None, *, filters: bool = True,
                 compact: bool = False) -> None:
        super().__init__(parent)
        self.controller = controller
        self.fixed_view = view
        self.model = LogTableModel(view or controller.view(), self)
        self.proxy = LogFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = row_table(self.proxy, single=False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(
            self.table.fontMetrics().height() + 6)
        self.table.setAlternatingRowColors(True)
        # Fixed column widths from the font: ResizeToContents would read every row of a
        # long log on each update (it dominated the time to refresh after a turn).
        header = self.table.horizontalHeader()
        fm = self.table.fontMetrics()
        widths = {0: "Turn__", 1: "adjudication_", 2: "loss of control_", 3: "ETIM__",
                  4: "CHN-ETIM__", 6: "facilitator__"}
        for col, sample in widths.items():
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(col, fm.horizontalAdvance(sample) + 8)
        header.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        if compact:  # narrow panes (team screen, projector): turn, kind and text only
            for col in (COL_PHASE, COL_ACTOR, COL_RIVALRY, COL_VISIBILITY):
                self.table.setColumnHidden(col, True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        self.turn_box = QComboBox()
        self.actor_box = QComboBox()
        self.rivalry_box = QComboBox()
        self.kind_box = QComboBox()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search the log…")
        self.search.setClearButtonEnabled(True)
        if filters:
            bar = QHBoxLayout()
            for w in (self.turn_box, self.actor_box, self.rivalry_box, self.kind_box):
                w.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
                bar.addWidget(w)
                w.currentIndexChanged.connect(self._apply)
            bar.addWidget(self.search, 1)
            self.search.textChanged.connect(self._apply)
            layout.addLayout(bar)
        layout.addWidget(self.table)
        controller.session_changed.connect(self._rebuild_filters)
        controller.state_changed.connect(self.refresh)
        if view is None:
            controller.view_changed.connect(self.refresh)
        self._rebuild_filters()
        self.refresh()

    def _rebuild_filters(self) -> None:
        c = self.controller
        for box, label in ((self.turn_box, "All turns"), (self.actor_box, "All actors"),
                           (self.rivalry_box, "All rivalries"), (self.kind_box, "All kinds")):
            box.blockSignals(True)
            box.clear()
            box.addItem(label, None)
            box.blockSignals(False)
        if c.has_game:
            for a in c.scenario.actors:
                self.actor_box.addItem(a.name, a.id)
            for r in c.scenario.rivalries:
                self.rivalry_box.addItem(r.id, r.id)
        for k in Kind:
            self.kind_box.addItem(readable(k), k.value)

    def refresh(self) -> None:
        c = self.controller
        self.model.set_view(self.fixed_view or c.view())
        self.model.set_log(c.log)
        if c.has_game:
            last = c.state.last_turn
            have = self.turn_box.count() - 1
            self.turn_box.blockSignals(True)
            for t in range(have + 1, max(last, c.state.turn) + 1):
                self.turn_box.addItem(f"Turn {t}", t)
            self.turn_box.blockSignals(False)
        self.table.scrollToBottom()

    def _apply(self) -> None:
        self.proxy.set_filters(turn=self.turn_box.currentData(),
                               actor=self.actor_box.currentData(),
                               rivalry=self.rivalry_box.currentData(),
                               kind=self.kind_box.currentData(), search=self.search.text())

    def highlight_newest(self) -> None:
        """Select and show the newest entry the filters let through (after an inject)."""
        rows = self.proxy.rowCount()
        if rows:
            self.table.selectRow(rows - 1)
            self.table.scrollToBottom()

    def visible_texts(self) -> list[str]:
        return [str(self.proxy.index(r, COL_TEXT).data(Qt.ItemDataRole.DisplayRole))
                for r in range(self.proxy.rowCount())]
