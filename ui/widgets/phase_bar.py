"""The phase bar: turn counter, the six stages of a turn, and the one next action."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from ui.controller import STAGES


class PhaseBar(QFrame):
    next_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("phaseBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.turn_label = QLabel("No game")
        font = self.turn_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.turn_label.setFont(font)
        layout.addWidget(self.turn_label)
        layout.addSpacing(16)
        self.chips: list[QLabel] = []
        for i, name in enumerate(STAGES):
            if i:
                arrow = QLabel("›")
                arrow.setEnabled(False)
                layout.addWidget(arrow)
            chip = QLabel(name)
            chip.setObjectName("stageChip")
            chip.setMargin(4)
            self.chips.append(chip)
            layout.addWidget(chip)
        layout.addStretch(1)
        self.next_button = QPushButton("Next")
        self.next_button.setDefault(True)
        self.next_button.setAutoDefault(True)
        self.next_button.setMinimumWidth(220)
        bold = self.next_button.font()
        bold.setBold(True)
        self.next_button.setFont(bold)
        self.next_button.clicked.connect(self.next_clicked)
        layout.addWidget(self.next_button)
        self.stage = -1

    def set_turn(self, text: str) -> None:
        self.turn_label.setText(text)

    def set_stage(self, stage: int) -> None:
        self.stage = stage
        for i, chip in enumerate(self.chips):
            if i == stage:
                chip.setStyleSheet("#stageChip { background: palette(highlight);"
                                   " color: palette(highlighted-text); border-radius: 4px;"
                                   " font-weight: bold; }")
            else:
                chip.setStyleSheet("")
                chip.setEnabled(i > stage)

    def set_next(self, text: str, enabled: bool = True) -> None:
        self.next_button.setText(text)
        self.next_button.setEnabled(enabled)
