"""A ruling on one proposed adjudication: reason (required except accept), outcome band."""

from __future__ import annotations

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

TITLES = {
    RulingKind.REROLL: "Re-roll",
    RulingKind.STRONG_ARGUMENT: "Strong argument",
    RulingKind.OVERRIDE: "Override outcome",
    RulingKind.WAR_GATE: "Let past the war gate",
    RulingKind.ACCEPT: "Accept",
}


class RulingDialog(QDialog):
    def __init__(self, adjudication: Adjudication, kind: RulingKind, *, pros: float = 0.0,
                 move_name: str = "", parent: QWidget | None = None) -> None:
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
