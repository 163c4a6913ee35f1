"""The order editor of one actor: legal moves, chosen orders with rationales, a signal."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.controller import Controller
from ui.focus import return_focus
from ui.models.base import Index, RowRole
from ui.models.orders_model import COL_MOVE, COL_RIVALRY, LegalOrdersModel, LegalRow
from ui.widgets.tables import row_table
from wargame.errors import WargameError
from wargame.orders import Order, OrderSheet
from wargame.orders import Signal as OrderSignal
from wargame.rules.legality import check_sheet
from wargame.views import actor_view, rung_seen

SIGNAL_HELP = ("A signal tells another actor how far you mean to go. It does not bind you, "
               "but the others remember it.")
RUNG_HELP = ("The rung you declare you are at toward this actor (0 = calm, 9 = the top of "
             "the ladder). Acting above it later makes them more suspicious and likelier to "
             "misread the ladder; a move at or below it is likelier to get your leaders' "
             "approval, since you committed to it in advance.")
STAKE_HELP = ("Prestige you put behind the signal to make it believable: it is taken from "
              "your prestige score as soon as the turn is resolved, whatever happens next. "
              "0 = no stake (a cheap signal).")


def _help_label(text: str, tip: str) -> QLabel:
    """A form label with a tooltip and a dotted underline saying it has one."""
    label = QLabel(f"<span style='text-decoration: underline dotted'>{text}</span> (?)")
    label.setToolTip(tip)
    return label


ALL = "*"
NONE = "-"
"""Filter entries: every rivalry, and the moves that belong to no rivalry."""


class RivalryFilter(QSortFilterProxyModel):
    """Lets through the legal moves of one rivalry (or all of them)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rivalry: str = ALL

    def set_rivalry(self, rivalry: str) -> None:
        self.beginFilterChange()
        self.rivalry = rivalry
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if self.rivalry == ALL:
            return True
        model = self.sourceModel()
        assert isinstance(model, LegalOrdersModel)
        row = model.row_object(source_row)
        return (row.rivalry or NONE) == self.rivalry


class OrderEditor(QWidget):
    """Edits one :class:`OrderSheet`; :attr:`sealed` fires after it was journalled."""

    sealed = Signal(str)

    def __init__(self, controller: Controller, actor: str, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.actor = actor
        sc, st = controller.scenario, controller.state
        self.limit = sc.metadata.orders_per_turn
        view = actor_view(actor)
        self.model = LegalOrdersModel(self)
        self.model.load(sc, st, actor, lambda rid: rung_seen(view, st, rid))
        self.proxy = RivalryFilter(self)
        self.proxy.setSourceModel(self.model)
        self.rivalry_box = QComboBox()
        self.rivalry_box.setToolTip("Show the moves of one rivalry only")
        self.rivalry_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.rivalry_box.setMinimumContentsLength(26)
        self._fill_rivalries()
        self.rivalry_box.currentIndexChanged.connect(self._filter_changed)
        self.table = row_table(self.proxy)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)  # whole move names, wrapped: never cut off
        hdr = self.table.horizontalHeader()
        for col in range(self.model.columnCount()):
            hdr.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        hdr.setSectionResizeMode(COL_MOVE, QHeaderView.ResizeMode.Stretch)
        # rows as tall as their wrapped move name, worked out again whenever the Move
        # column changes width (Qt's own ResizeToContents leaves rows out of view as
        # they were)
        self._fit_rows = QTimer(self)
        self._fit_rows.setSingleShot(True)  # once the columns have settled
        self._fit_rows.timeout.connect(self.table.resizeRowsToContents)
        hdr.sectionResized.connect(lambda col, _old, _new: col == COL_MOVE
                                   and self._fit_rows.start(0))
        self.table.doubleClicked.connect(lambda _i: self.add_selected())

        self.rationale = QLineEdit()
        self.rationale.setPlaceholderText("Why? (rationale for the White Cell)")
        self.add_button = QPushButton("Add order")
        self.add_button.clicked.connect(self.add_selected)
        self.rationale.returnPressed.connect(self.add_selected)
        self.chosen = QListWidget()
        self.chosen.setMaximumHeight(90)
        self.remove_button = QPushButton("Remove")
        self.remove_button.clicked.connect(self.remove_selected)

        self.signal_box = QGroupBox("Send a signal (optional)")
        self.signal_box.setCheckable(True)
        self.signal_box.setChecked(False)
        self.signal_fields = QWidget()
        """The signal's fields: shown only while a signal is being written."""
        self.toward = QComboBox()
        for other in sc.actors:
            if other.id != actor:
                self.toward.addItem(other.name, other.id)
        rivals = [s for r in sc.rivalries_of(actor) for s in r.sides if s != actor]
        if rivals:
            self.toward.setCurrentIndex(max(0, self.toward.findData(rivals[0])))
        self.signal_rung = QSpinBox()
        self.signal_rung.setRange(0, 9)
        self.signal_rung.setToolTip(RUNG_HELP)
        self.rung_name = QLabel()
        """The name of the declared rung on the ladder toward that actor."""
        self.signal_public = QCheckBox("Public")
        self.signal_public.setChecked(True)
        self.signal_public.setToolTip("Public: everyone sees the signal in the log. Otherwise "
                                      "only your team and the actor you signal to see it.")
        self.stake = QDoubleSpinBox()
        self.stake.setRange(0, 5)
        self.stake.setSingleStep(0.5)
        self.stake.setToolTip(STAKE_HELP)
        self.signal_text = QLineEdit()
        self.signal_text.setPlaceholderText("What you declare")
        self.signal_help = QLabel(SIGNAL_HELP)
        self.signal_help.setWordWrap(True)
        self.toward.currentIndexChanged.connect(self._show_rung_name)
        self.signal_rung.valueChanged.connect(self._show_rung_name)
        form = QFormLayout(self.signal_fields)
        form.setContentsMargins(0, 0, 0, 0)
        box_layout = QVBoxLayout(self.signal_box)
        box_layout.addWidget(self.signal_fields)
        self.signal_fields.setVisible(False)
        self.signal_box.toggled.connect(self.signal_fields.setVisible)
        form.addRow(self.signal_help)
        form.addRow("Toward", self.toward)
        row = QHBoxLayout()
        row.addWidget(self.signal_rung)
        row.addWidget(self.rung_name, 1)
        form.addRow(_help_label("Rung", RUNG_HELP), row)
        row = QHBoxLayout()
        row.addWidget(self.stake)
        row.addWidget(self.signal_public)
        row.addStretch(1)
        form.addRow(_help_label("Prestige stake", STAKE_HELP), row)
        form.addRow("Text", self.signal_text)

        self.seal_button = QPushButton("Seal orders")
        self.seal_button.setDefault(True)
        self.seal_button.clicked.connect(self.confirm_seal)
        self.confirm_box: QMessageBox | None = None
        """The open "Seal these orders?" question (tests answer it)."""
        self.count_label = QLabel()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        legend = QLabel(f"<b>Legal moves</b> — pick up to {self.limit}; "
                        "rungs are shown as your team sees them")
        legend.setWordWrap(True)  # a narrow screen wraps it rather than widening the pane
        head.addWidget(legend, 1)
        head.addWidget(QLabel("Rivalry"))
        head.addWidget(self.rivalry_box)
        layout.addLayout(head)
        layout.addWidget(self.table, 1)
        add_row = QHBoxLayout()
        add_row.addWidget(self.rationale, 1)
        add_row.addWidget(self.add_button)
        layout.addLayout(add_row)
        chosen_row = QHBoxLayout()
        chosen_row.addWidget(self.chosen, 1)
        chosen_row.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.count_label)
        layout.addLayout(chosen_row)
        layout.addWidget(self.signal_box)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.seal_button)
        layout.addLayout(bottom)
        self.orders: list[Order] = []
        existing = controller.session.sheets.get(actor) if controller.session else None
        if existing is not None:
            for order in existing.orders:
                self._append(order)
            for signal in existing.signals[:1]:  # reopened: the signal comes back too
                self.signal_box.setChecked(True)
                self.toward.setCurrentIndex(max(0, self.toward.findData(signal.toward)))
                self.signal_rung.setValue(signal.rung)
                self.signal_public.setChecked(signal.public)
                self.stake.setValue(signal.stake)
                self.signal_text.setText(signal.text)
        self._show_rung_name()
        self._update()

    def _show_rung_name(self) -> None:
        sc = self.controller.scenario
        rivalry = sc.rivalry_between(self.actor, str(self.toward.currentData()))
        if rivalry is None:
            self.rung_name.setText("(no rivalry with them: the rung is only words)")
        else:
            self.rung_name.setText(f"“{sc.rung_name(rivalry.id, self.signal_rung.value())}"
                                   f"” on the {rivalry.name} ladder")

    # ---- the rivalry filter

    def _fill_rivalries(self) -> None:
        sc = self.controller.scenario
        rows = self.model.rows()
        self.rivalry_box.addItem(f"All rivalries ({len(rows)} moves)", ALL)
        seen: dict[str | None, int] = {}
        for row in rows:
            seen[row.rivalry] = seen.get(row.rivalry, 0) + 1
        for rivalry in sc.rivalries:
            if rivalry.id in seen:
                rung = next(r.rung_seen for r in rows if r.rivalry == rivalry.id)
                self.rivalry_box.addItem(f"{rivalry.name}, rung {rung} ({seen[rivalry.id]})",
                                         rivalry.id)
        if None in seen:
            self.rivalry_box.addItem(f"No rivalry ({seen[None]})", NONE)

    def filter_rivalry(self, rivalry: str | None) -> bool:
        """Show only the moves of ``rivalry`` (``None``: every move); False if it has none."""
        i = self.rivalry_box.findData(ALL if rivalry is None else rivalry)
        if i < 0:
            return False
        self.rivalry_box.setCurrentIndex(i)
        return True

    def _filter_changed(self) -> None:
        data = self.rivalry_box.currentData()
        self.proxy.set_rivalry(data)
        self.table.setColumnHidden(COL_RIVALRY, data != ALL)  # it would say the same each row
        self._fit_rows.start(0)

    # ---- editing

    def select_move(self, move: str, target: str | None = None) -> bool:
        """Select the legal row for ``move`` (and ``target``), showing every rivalry again
        if the filter hides it; used by tests and shortcuts."""
        for i, row in enumerate(self.model.rows()):
            if row.order.move == move and (target is None or row.order.target == target):
                index = self.proxy.mapFromSource(self.model.index(i, 0))
                if not index.isValid():
                    self.filter_rivalry(None)
                    index = self.proxy.mapFromSource(self.model.index(i, 0))
                self.table.selectRow(index.row())
                return True
        return False

    def add_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        legal: LegalRow = rows[0].data(RowRole)
        if len(self.orders) >= self.limit:
            QMessageBox.information(self, "Orders", f"At most {self.limit} orders per turn.")
            return
        o = legal.order
        self._append(Order(o.actor, o.move, o.target, self.rationale.text().strip()))
        self.rationale.clear()
        self._update()

    def _append(self, order: Order) -> None:
        sc = self.controller.scenario
        target = sc.actor(order.target).name if order.target else "no target"
        text = f"{sc.move(order.move).name} → {target}"
        if order.rationale:
            text += f" — {order.rationale}"
        self.orders.append(order)
        self.chosen.addItem(QListWidgetItem(text))

    def remove_selected(self) -> None:
        row = self.chosen.currentRow()
        if 0 <= row < len(self.orders):
            self.orders.pop(row)
            self.chosen.takeItem(row)
            self._update()

    def _update(self) -> None:
        self.count_label.setText(f"Your orders ({len(self.orders)} of {self.limit}):")
        self.add_button.setEnabled(len(self.orders) < self.limit)

    def sheet(self) -> OrderSheet:
        signals: tuple[OrderSignal, ...] = ()
        if self.signal_box.isChecked():
            signals = (OrderSignal(self.actor, str(self.toward.currentData()),
                                   self.signal_rung.value(), self.signal_public.isChecked(),
                                   self.stake.value(), self.signal_text.text().strip()),)
        return OrderSheet(self.actor, tuple(self.orders), signals)

    def confirm_seal(self) -> QMessageBox | None:
        """Ask before sealing: a sealed sheet goes to the White Cell and the team cannot
        change it. The question names the team, the turn and what is being sealed."""
        sheet = self.sheet()
        try:
            check_sheet(self.controller.scenario, self.controller.state, sheet)
        except WargameError as exc:
            QMessageBox.warning(self, "Orders", str(exc))
            return None
        c = self.controller
        team = c.team_label(self.actor)
        count = len(sheet.orders)
        what = f"{count} order{'s' if count != 1 else ''}" if count else "no orders (you hold)"
        if sheet.signals:
            what += " and a signal"
        box = QMessageBox(QMessageBox.Icon.Question, f"Seal the orders of {team}?",
                          f"Seal {what} for {team}, turn {c.state.turn}?\n\n"
                          "Once sealed they go to the White Cell and your team cannot "
                          "change them this turn.",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        yes = box.button(QMessageBox.StandardButton.Yes)
        yes.setText("Seal orders")
        box.button(QMessageBox.StandardButton.No).setText("Keep editing")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        yes.clicked.connect(self.seal)
        box.finished.connect(lambda _r: self._forget_box(box))
        self.confirm_box = box
        return_focus(box, self.window())
        box.open()
        return box

    def _forget_box(self, box: QMessageBox) -> None:
        if self.confirm_box is box:
            self.confirm_box = None

    def seal(self) -> None:
        """Seal without asking (after :meth:`confirm_seal`, or from a script)."""
        sheet = self.sheet()
        try:
            check_sheet(self.controller.scenario, self.controller.state, sheet)
        except WargameError as exc:
            QMessageBox.warning(self, "Orders", str(exc))
            return
        if self.controller.submit_orders(sheet):
            self.sealed.emit(self.actor)
