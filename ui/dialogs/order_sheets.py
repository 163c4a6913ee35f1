"""File › Print order sheets…: choose the teams, then print their sheets or save them as PDF."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.controller import Controller
from ui.order_sheets import print_order_sheets, write_order_sheets_pdf
from ui.printing import choose_printer, save_as_pdf


class OrderSheetsDialog(QDialog):
    """A box per playable actor (the human teams ticked); *Save as PDF…*, *Print…*."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setWindowTitle(f"Order sheets for turn {controller.state.turn}")
        layout = QVBoxLayout(self)
        intro = QLabel("One sheet per team, with only what that team knows: the ladders as "
                       "it sees them, its position, its legal moves this turn and blank "
                       "lines for its orders. Each team's sheet starts on a new page.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.boxes: dict[str, QCheckBox] = {}
        for actor in controller.scenario.actors:
            if not actor.playable:
                continue
            seat = controller.seats.get(actor.id)
            box = QCheckBox(f"{controller.team_label(actor.id)} ({actor.name})"
                            if seat is not None and seat.kind == "human" else
                            f"{actor.name} ({seat.label if seat else 'computer'})")
            box.setChecked(seat is not None and seat.kind == "human")
            box.toggled.connect(self._update)
            self.boxes[actor.id] = box
            layout.addWidget(box)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        row = QHBoxLayout()
        self.pdf_button = QPushButton("Save as PDF…")
        self.pdf_button.clicked.connect(lambda: self.save_pdf(""))
        self.print_button = QPushButton("Print…")
        self.print_button.clicked.connect(self.print_sheets)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)
        row.addStretch(1)
        row.addWidget(self.pdf_button)
        row.addWidget(self.print_button)
        row.addWidget(close)
        layout.addLayout(row)
        self._update()

    def actors(self) -> list[str]:
        return [a for a, box in self.boxes.items() if box.isChecked()]

    def _update(self) -> None:
        for button in (self.pdf_button, self.print_button):
            button.setEnabled(bool(self.actors()))

    def save_pdf(self, path: str) -> bool:
        """Write the chosen teams' sheets to a PDF (asks where without ``path``)."""
        actors = self.actors()
        if not actors:
            return False
        folder = self.controller.path.parent if self.controller.path else Path.home()
        saved = save_as_pdf(
            self, path, title="Save the order sheets as PDF",
            suggested=folder / f"order-sheets-turn-{self.controller.state.turn}.pdf",
            write=lambda pdf: write_order_sheets_pdf(self.controller, actors, pdf))
        if saved.error:
            self.message.setText(saved.error)
        elif saved.ok:
            self.message.setText(f"Saved {saved.path}: {len(actors)} sheets, "
                                 f"{saved.pages} pages.")
        return saved.ok

    def print_sheets(self) -> bool:
        printer = choose_printer(self)
        if printer is None:
            return False
        pages = print_order_sheets(self.controller, self.actors(), printer)
        self.message.setText(f"Sent {pages} pages to the printer.")
        return True
