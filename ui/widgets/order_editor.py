"""The order editor of one actor: legal moves, chosen orders with rationales, a signal."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
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
from ui.models.base import RowRole
from ui.models.orders_model import LegalOrdersModel, LegalRow
from ui.widgets.tables import row_table
from wargame.errors import WargameError
from wargame.orders import Order, OrderSheet
from wargame.orders import Signal as OrderSignal
from wargame.rules.legality import check_sheet
from wargame.views import actor_view, rung_seen


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
        self.table = row_table(self.model)
        self.table.setAlternatingRowColors(True)
        hdr = self.table.horizontalHeader()
        for col in range(self.model.columnCount()):
            hdr.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        hdr.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
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
        self.toward = QComboBox()
        for other in sc.actors:
            if other.id != actor:
                self.toward.addItem(other.name, other.id)
        rivals = [s for r in sc.rivalries_of(actor) for s in r.sides if s != actor]
        if rivals:
            self.toward.setCurrentIndex(max(0, self.toward.findData(rivals[0])))
        self.signal_rung = QSpinBox()
        self.signal_rung.setRange(0, 9)
        self.signal_public = QCheckBox("Public")
        self.signal_public.setChecked(True)
        self.stake = QDoubleSpinBox()
        self.stake.setRange(0, 5)
        self.stake.setSingleStep(0.5)
        self.signal_text = QLineEdit()
        self.signal_text.setPlaceholderText("What you declare")
        form = QFormLayout(self.signal_box)
        form.addRow("Toward", self.toward)
        row = QHBoxLayout()
        row.addWidget(self.signal_rung)
        row.addWidget(self.signal_public)
        row.addWidget(QLabel("Prestige stake"))
        row.addWidget(self.stake)
        form.addRow("Rung", row)
        form.addRow("Text", self.signal_text)

        self.seal_button = QPushButton("Seal orders")
        self.seal_button.setDefault(True)
        self.seal_button.clicked.connect(self.confirm_seal)
        self.confirm_box: QMessageBox | None = None
        """The open "Seal these orders?" question (tests answer it)."""
        self.count_label = QLabel()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(f"<b>Legal moves</b> — pick up to {self.limit}; "
                                "rungs are shown as your team sees them"))
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
        self._update()

    # ---- editing

    def select_move(self, move: str, target: str | None = None) -> bool:
        """Select the legal row for ``move`` (and ``target``); used by tests and shortcuts."""
        for i, row in enumerate(self.model.rows()):
            if row.order.move == move and (target is None or row.order.target == target):
                self.table.selectRow(i)
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
