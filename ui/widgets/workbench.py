"""The adjudication workbench: every proposal, its PROs and CONs, and the White Cell's rulings."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui.controller import Controller
from ui.dialogs.ruling import RulingDialog
from ui.models.proposals_model import COL_FACTORS, COL_MOVE, ProposalsModel
from ui.widgets.tables import row_table
from wargame.orders import Ruling, RulingKind
from wargame.rules.adjudication import Adjudication


class Workbench(QWidget):
    resolve_requested = Signal()
    close_requested = Signal()

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.model = ProposalsModel(self)
        self.table = row_table(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        hdr = self.table.horizontalHeader()
        for col in range(self.model.columnCount()):
            hdr.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        hdr.setSectionResizeMode(COL_FACTORS, QHeaderView.ResizeMode.Interactive)
        hdr.setSectionResizeMode(COL_MOVE, QHeaderView.ResizeMode.Interactive)
        self.details = QTextBrowser()
        self.dialog: RulingDialog | None = None

        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        for key, label, tip in (
                ("accept", "Accept", "Accept the proposed outcome"),
                ("reroll", "Re-roll…", "Roll again (reason required)"),
                ("plus", "Strong argument +1…", "Add one PRO for a strong, credible argument"),
                ("minus", "Strong argument −1…", "Add one CON"),
                ("override", "Override outcome…", "Choose the outcome band (reason required)"),
                ("war_gate", "Let past war gate…", "Let the move past the war-onset gate")):
            b = QPushButton(label)
            b.setToolTip(tip)
            grid.addWidget(b, len(self.buttons) // 3, len(self.buttons) % 3)
            self.buttons[key] = b
        row = QHBoxLayout()
        row.addLayout(grid)
        row.addStretch(1)
        self.back_button = QPushButton("Back to map")
        self.resolve_button = QPushButton("Resolve turn")
        self.resolve_button.setDefault(True)
        row.addWidget(self.back_button)
        row.addWidget(self.resolve_button)
        self.buttons["accept"].clicked.connect(lambda: self.request(RulingKind.ACCEPT))
        self.buttons["reroll"].clicked.connect(lambda: self.request(RulingKind.REROLL))
        self.buttons["plus"].clicked.connect(
            lambda: self.request(RulingKind.STRONG_ARGUMENT, 1.0))
        self.buttons["minus"].clicked.connect(
            lambda: self.request(RulingKind.STRONG_ARGUMENT, -1.0))
        self.buttons["override"].clicked.connect(lambda: self.request(RulingKind.OVERRIDE))
        self.buttons["war_gate"].clicked.connect(lambda: self.request(RulingKind.WAR_GATE))
        self.resolve_button.clicked.connect(self.resolve_requested)
        self.back_button.clicked.connect(self.close_requested)

        self.summary = QLabel()
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.details)
        split.setSizes([420, 220])
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2 style='margin:0'>Adjudication workbench</h2>"))
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        layout.addLayout(row)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_details())
        controller.state_changed.connect(self.refresh)

    # ---- data

    def refresh(self) -> None:
        key = self.current_key()
        c = self.controller
        self.model.set_scenario(c.scenario if c.has_game else None)
        self.model.set_rows(c.proposals() if c.has_game else ())
        for col in (COL_MOVE, COL_FACTORS):
            self.table.resizeColumnToContents(col)
            self.table.setColumnWidth(col, min(self.table.columnWidth(col), 240))
        waiting = c.human_seats_waiting() + c.computer_seats_waiting() if c.has_game else []
        text = f"{self.model.rowCount()} orders this turn."
        if waiting:
            text += " Still waiting for orders from: " + ", ".join(waiting) + "."
        self.summary.setText(text)
        self.select_key(key or (self.model.rows()[0].key if self.model.rowCount() else None))

    def current_key(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_object(rows[0].row()).key if rows else None

    def current(self) -> Adjudication | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_object(rows[0].row()) if rows else None

    def select_key(self, key: str | None) -> bool:
        for i, adj in enumerate(self.model.rows()):
            if adj.key == key:
                self.table.selectRow(i)
                return True
        self._show_details()
        return False

    def _show_details(self) -> None:
        adj = self.current()
        enabled = adj is not None
        for b in self.buttons.values():
            b.setEnabled(enabled)
        if adj is None:
            self.details.setHtml("<p>No orders to adjudicate yet.</p>")
            return
        self.buttons["war_gate"].setEnabled(adj.war_gate)
        sc = self.controller.scenario
        e = html.escape
        move = sc.move(adj.move)
        o = adj.order
        out = [f"<h3 style='margin:0'>{e(adj.key)}: {e(sc.actor(o.actor).name)} — "
               f"{e(move.name)}" + (f" → {e(sc.actor(o.target).name)}" if o.target else "")
               + "</h3>"]
        if o.rationale:
            out.append(f"<p><b>Rationale:</b> <i>{e(o.rationale)}</i></p>")
        out.append(f"<p>Base odds {adj.base:.0%} · capability term {adj.capability_term:+.2f}"
                   f" · success {adj.probability:.0%} (2d6 {adj.target_2d6}+) · rolled "
                   f"{adj.roll_2d6} ({adj.roll:.3f}) → proposed <b>{adj.proposed.value}</b>"
                   f", outcome <b>{adj.outcome.value}</b></p>")
        out.append("<table cellspacing='6'><tr><th align='left'>PROs</th>"
                   "<th align='left'>CONs</th></tr><tr><td valign='top'><ul>")
        pros = [f for f in adj.factors if f.pros > 0]
        cons = [f for f in adj.factors if f.pros < 0]
        out += [f"<li>{f.pros:+g} {e(f.label)} <small>({e(f.source)})</small></li>"
                for f in pros] or ["<li>none</li>"]
        out.append("</ul></td><td valign='top'><ul>")
        out += [f"<li>{f.pros:+g} {e(f.label)} <small>({e(f.source)})</small></li>"
                for f in cons] or ["<li>none</li>"]
        out.append("</ul></td></tr></table>")
        if adj.decision:
            d = adj.decision
            out.append(f"<p><b>Decision check</b> ({e(d.reason)}): {d.probability:.0%}, rolled "
                       f"{d.roll:.2f} → {'approved' if d.passed else 'balked'}"
                       + (f"; substitute {e(d.substitute)}" if d.substitute else "") + "</p>")
        if adj.war_gate:
            out.append("<p><b>War gate:</b> held at rung 5; off-ramps offered.</p>")
        for note in adj.notes:
            out.append(f"<p>{e(note)}</p>")
        rulings = self.controller.session.rulings.get(adj.key, ()) if \
            self.controller.session else ()
        if rulings:
            out.append("<p><b>Rulings:</b></p><ul>" + "".join(
                f"<li>{e(r.kind.value.replace('_', ' '))}"
                + (f" → {e(r.outcome.value)}" if r.outcome else "")
                + (f" {r.pros:+g}" if r.pros else "") + f": {e(r.reason)}</li>"
                for r in rulings) + "</ul>")
        self.details.setHtml("".join(out))

    # ---- rulings

    def request(self, kind: RulingKind, pros: float = 0.0) -> RulingDialog | None:
        """Accept at once; for other rulings open a (non-modal) dialog asking for a reason."""
        adj = self.current()
        if adj is None:
            return None
        if kind == RulingKind.ACCEPT:
            self.controller.rule(Ruling(adj.key, RulingKind.ACCEPT))
            return None
        name = self.controller.scenario.move(adj.move).name
        self.dialog = RulingDialog(adj, kind, pros=pros, move_name=name,
                                   scenario=self.controller.scenario, parent=self)
        self.dialog.accepted.connect(self._apply_dialog)
        self.dialog.open()
        return self.dialog

    def _apply_dialog(self) -> None:
        if self.dialog is not None:
            key = self.dialog.adjudication.key
            self.controller.rule(self.dialog.ruling())
            self.dialog = None
            self.select_key(key)
