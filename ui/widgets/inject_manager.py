"""Inject manager: scenario events (trigger, fired?) and ad-hoc injects by the facilitator."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ui.controller import Controller
from ui.models.events_model import EventsModel
from ui.widgets.tables import row_table
from wargame.orders import Inject
from wargame.scenario import models as m

AUDIENCE_COLUMNS = 8
"""Team check boxes per row: sixteen actors fit in two rows."""


class InjectManager(QWidget):
    sent = Signal(str)
    """An inject went out; the argument says what and to whom (for the status bar)."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.model = EventsModel(self)
        self.table = row_table(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        self.table.setWordWrap(False)
        for column, width in ((1, 150), (2, 90), (3, 150)):  # trigger, audience, status
            self.table.setColumnWidth(column, width)
        self.inject_event_button = QPushButton("Inject selected event now")
        self.inject_event_button.clicked.connect(self.inject_selected_event)
        self.hold_button = QPushButton("Hold back")
        self.hold_button.setToolTip("A held event does not fire when it falls due; release "
                                    "it, or inject it when it suits the exercise.")
        self.hold_button.clicked.connect(self.toggle_hold)
        self.table.selectionModel().selectionChanged.connect(self._update_hold_button)

        adhoc = QGroupBox("Ad-hoc inject")
        self.title = QLineEdit()
        self.title.setPlaceholderText("Headline")
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText("What happens (read out or shown to the audience)")
        self.text.setMaximumHeight(48)
        self.to_all = QRadioButton("Everyone (public)")
        self.to_some = QRadioButton("Only these teams:")
        self.to_all.setChecked(True)
        self.audience_grid = QGridLayout()
        self.audience_grid.setHorizontalSpacing(8)
        self.audience_grid.setVerticalSpacing(0)
        self.audience: dict[str, QCheckBox] = {}
        self.send_button = QPushButton("Send inject")
        self.send_button.clicked.connect(self.send_adhoc)
        form = QFormLayout(adhoc)
        headline = QHBoxLayout()  # the send button beside the title: visible in a short dock
        headline.addWidget(self.title, 1)
        headline.addWidget(self.send_button)
        form.addRow("Title", headline)
        form.addRow("Text", self.text)
        who = QVBoxLayout()
        radios = QHBoxLayout()
        radios.addWidget(self.to_all)
        radios.addWidget(self.to_some)
        radios.addStretch(1)
        who.addLayout(radios)
        who.addLayout(self.audience_grid)
        form.addRow("Audience", who)

        events = QWidget()  # the buttons first: a short dock must not hide them
        left = QVBoxLayout(events)
        left.setContentsMargins(0, 0, 0, 0)
        event_buttons = QHBoxLayout()
        event_buttons.addWidget(self.inject_event_button)
        event_buttons.addWidget(self.hold_button)
        event_buttons.addStretch(1)
        left.addLayout(event_buttons)
        left.addWidget(self.table, 1)
        adhoc_area = QScrollArea()
        adhoc_area.setWidget(adhoc)
        adhoc_area.setWidgetResizable(True)
        adhoc_area.setFrameShape(QFrame.Shape.NoFrame)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(events)
        self.splitter.addWidget(adhoc_area)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.splitter)
        controller.session_changed.connect(self.rebuild)
        controller.state_changed.connect(self.refresh)
        self.rebuild()
        self.refresh()

    def rebuild(self) -> None:
        for box in self.audience.values():
            box.hide()
            box.deleteLater()
        self.audience.clear()
        if self.controller.has_game:
            for a in self.controller.scenario.actors:
                box = QCheckBox(a.id)
                box.setToolTip(a.name)
                box.toggled.connect(lambda on: on and self.to_some.setChecked(True))
                row, column = divmod(len(self.audience), AUDIENCE_COLUMNS)
                self.audience[a.id] = box
                self.audience_grid.addWidget(box, row, column)

    def refresh(self) -> None:
        c = self.controller
        for button in (self.send_button, self.inject_event_button):
            button.setEnabled(c.is_live)
        selected = self.selected_event()
        if c.has_game:
            self.model.load(c.scenario, c.state.fired_events, c.held_events)
        else:
            self.model.set_rows([])
        if selected is not None:
            row = next((i for i in range(self.model.rowCount())
                        if self.model.row_object(i).id == selected.id), -1)
            if row >= 0:
                self.table.selectRow(row)
        self._update_hold_button()

    def selected_event(self) -> m.Event | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_object(rows[0].row()) if rows else None

    def _update_hold_button(self) -> None:
        event = self.selected_event()
        held = event is not None and event.id in self.model.held
        self.hold_button.setText("Release" if held else "Hold back")
        self.hold_button.setEnabled(self.controller.is_live and event is not None
                                    and (held or self.model.can_hold(event)))

    def toggle_hold(self) -> bool:
        event = self.selected_event()
        if event is None:
            return False
        return self.controller.hold_event(event.id, event.id not in self.model.held)

    def inject_selected_event(self) -> bool:
        event = self.selected_event()
        if event is None or not self.controller.inject(Inject(event=event.id)):
            return False
        self.sent.emit(f"Event “{event.title}” injected now; it is in the turn log.")
        return True

    def send_adhoc(self) -> bool:
        audience: tuple[str, ...] = ()
        if self.to_some.isChecked():
            audience = tuple(a for a, box in self.audience.items() if box.isChecked())
        ok = self.controller.inject(Inject(title=self.title.text().strip(),
                                           text=self.text.toPlainText().strip(),
                                           audience=audience))
        if ok:
            c = self.controller
            title = self.title.text().strip() or "Untitled inject"
            to = ", ".join(c.team_label(a) for a in audience) if audience else "everyone"
            self.sent.emit(f"Inject “{title}” sent to {to} (turn {c.state.turn}); "
                           "it is highlighted in the turn log.")
            self.title.clear()
            self.text.clear()
        return ok
