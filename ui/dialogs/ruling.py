"""A ruling on one proposed adjudication: reason (required except accept), outcome band.

Above the reason the dialog says who will read it once the turn is resolved (every
team and the public display for a public move, else the teams that see the move, or
no team), before the ruling is saved (:mod:`wargame.ruling_audience`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from wargame.orders import Outcome, Ruling, RulingKind
from wargame.rules.adjudication import Adjudication
from wargame.ruling_audience import ReasonReaders, describe_readers, reason_readers
from wargame.scenario.models import Scenario

TITLES = {
    RulingKind.REROLL: "Re-roll",
    RulingKind.STRONG_ARGUMENT: "Strong argument",
    RulingKind.OVERRIDE: "Override outcome",
    RulingKind.WAR_GATE: "Let past the war gate",
    RulingKind.ACCEPT: "Accept",
}


class RulingDialog(QDialog):
    def __init__(self, adjudication: Adjudication, kind: RulingKind, *, pros: float = 0.0,
                 move_name: str = "", scenario: Scenario | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.adjudication = adjudication
        self.kind = kind
        self.pros = pros
        title = TITLES[kind] + (f" {pros:+g}" if kind == RulingKind.STRONG_ARGUMENT else "")
        self.setWindowTitle(f"{title}: {adjudication.key}")
        form = QFormLayout(self)
        form.addRow(QLabel(f"<b>{move_name or adjudication.move}</b> ({adjudication.key}): "
                           f"{adjudication.probability:.0%}, proposed "
                           f"<b>{adjudication.proposed.value}</b>"))
        self.outcome = QComboBox()
        for o in Outcome:
            self.outcome.addItem(o.value, o.value)
        self.outcome.setCurrentIndex(self.outcome.findData(adjudication.outcome.value))
        if kind == RulingKind.OVERRIDE:
            form.addRow("Outcome", self.outcome)
        self.readers: ReasonReaders | None = None
        self.audience = QLabel()
        self.audience.setWordWrap(True)
        self.audience.setObjectName("reasonAudience")
        if scenario is not None:
            self.readers = reason_readers(scenario, adjudication)
            self.audience.setText(describe_readers(scenario, self.readers))
            self.audience.setTextFormat(Qt.TextFormat.PlainText)
            if self.readers.public:
                self.audience.setStyleSheet("font-weight: bold")
            form.addRow(self.audience)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Required: why (recorded in the log)")
        form.addRow("Reason", self.reason)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.reason.textChanged.connect(self._check)
        self._check()
        self.resize(460, self.sizeHint().height())

    def _check(self) -> None:
        ok = self.kind == RulingKind.ACCEPT or bool(self.reason.text().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def ruling(self) -> Ruling:
        outcome = Outcome(self.outcome.currentData()) if self.kind == RulingKind.OVERRIDE \
            else None
        return Ruling(self.adjudication.key, self.kind, self.reason.text().strip(), outcome,
                      self.pros)
