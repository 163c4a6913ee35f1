"""The adjudication workbench: every proposal, its PROs and CONs, and the White Cell's rulings."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
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

from ui import settings
from ui.controller import Controller
from ui.dialogs.ruling import RulingDialog
from ui.models.proposals_model import COL_FACTORS, COL_MOVE, COL_RULING, ProposalsModel
from ui.widgets.tables import row_table
from wargame.labels import readable
from wargame.orders import Ruling, RulingKind
from wargame.rules.adjudication import (
    BLOWBACK_FROM,
    CRITICAL_SHARE,
    PARTIAL_MARGIN,
    RESOURCE_WEIGHT,
    Adjudication,
)
from wargame.rules.conditions import logit
from wargame.scenario import models as m

WIDTH_CAPS = {COL_MOVE: 220, COL_RULING: 180, COL_FACTORS: 240}
"""Columns of long text: as wide as their text up to this many pixels."""


def odds_terms(adj: Adjudication, move: m.Move, pro_weight: float) -> list[tuple[str, float]]:
    """The terms of the odds formula (section 8.3 of the rules), in log-odds, rounded to
    the two decimals shown, so that the lines add up on screen to the total shown."""
    pros = sum(f.pros for f in adj.factors)
    resources = move.cost.resources
    terms = [(f"base odds {adj.base:.0%}", logit(adj.base)),
             (f"PROs \u2212 CONs: {pros:+g} \u00d7 {pro_weight:g}", pro_weight * pros),
             ("capability", adj.capability_term),
             (f"resources committed: {resources:g} \u00d7 {RESOURCE_WEIGHT:g}",
              RESOURCE_WEIGHT * resources)]
    return [(label, round(value, 2)) for label, value in terms]


def odds_html(adj: Adjudication, move: m.Move, pro_weight: float) -> str:
    """The odds as a sum that adds up, then the roll against the outcome bands."""
    e = html.escape
    terms = odds_terms(adj, move, pro_weight)
    total = round(sum(v for _label, v in terms), 2)
    rows = "".join(f"<tr><td>{e(label)}</td><td align='right'>{v:+.2f}</td></tr>"
                   for label, v in terms)
    if adj.probability == 0.0:
        result = "success <b>0%</b>: the move cannot succeed (see below)"
    else:
        result = f"success <b>{adj.probability:.0%}</b>"
    out = ["<p><b>Odds</b> (in log-odds; the sum gives the chance of success)</p>",
           f"<table cellspacing='0' cellpadding='1'>{rows}"
           f"<tr><td><b>total</b></td><td align='right'><b>{total:+.2f}</b></td>"
           f"<td>&nbsp;\u2192 {result}</td></tr></table>"]
    p = adj.probability
    bands = (f"critical below {CRITICAL_SHARE * p:.3f}, success below {p:.3f}, partial "
             f"below {min(p + PARTIAL_MARGIN, BLOWBACK_FROM):.3f}, blowback from "
             f"{BLOWBACK_FROM:.2f}, failure between")
    out.append(f"<p><b>Roll</b> {adj.roll:.3f} ({bands}) \u2192 proposed "
               f"<b>{adj.proposed.value}</b>; on 2d6 a {adj.roll_2d6} against "
               f"{adj.target_2d6}+, the dice target nearest {p:.0%}. Outcome "
               f"<b>{adj.outcome.value}</b>"
               + (" (White Cell override)" if adj.overridden else "") + ".</p>")
    return "".join(out)


class Workbench(QWidget):
    resolve_requested = Signal()
    close_requested = Signal()
    full_height_changed = Signal(bool)
    """*Hide the docks below* was ticked or cleared (the window shows or hides them)."""

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.model = ProposalsModel(self)
        self.table = row_table(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.table.fontMetrics().height() + 6)  # compact rows
        hdr = self.table.horizontalHeader()
        for col in range(self.model.columnCount()):
            hdr.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        for col in WIDTH_CAPS:  # long texts: capped and elided, whole in the tooltip
            hdr.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        self.details = QTextBrowser()
        self.details.setMinimumHeight(120)
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
        self.full_height = QCheckBox("Hide the docks below")
        self.full_height.setToolTip("While the workbench is open, put the turn log and the "
                                    "other bottom docks away so that every order fits; they "
                                    "come back with the map.")
        self.full_height.setChecked(settings.settings().value("workbench/full_height", True,
                                                              type=bool))
        self.full_height.toggled.connect(self._full_height_toggled)
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
        split.setStretchFactor(0, 3)  # the rows first: the details scroll
        split.setStretchFactor(1, 1)
        split.setSizes([480, 170])
        self.splitter = split
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2 style='margin:0'>Adjudication workbench</h2>"))
        top = QHBoxLayout()  # the option beside the count: the button row stays narrow
        top.addWidget(self.summary, 1)
        top.addWidget(self.full_height)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addLayout(row)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_details())
        controller.state_changed.connect(self.refresh)

    def _full_height_toggled(self, on: bool) -> None:
        store = settings.settings()
        store.setValue("workbench/full_height", on)
        store.sync()
        self.full_height_changed.emit(on)

    # ---- data

    def refresh(self) -> None:
        key = self.current_key()
        c = self.controller
        self.model.set_scenario(c.scenario if c.has_game else None)
        self.model.set_rows(c.proposals() if c.has_game else ())
        for col, cap in WIDTH_CAPS.items():
            self.table.resizeColumnToContents(col)
            self.table.setColumnWidth(col, min(self.table.columnWidth(col), cap))
        waiting = c.human_seats_waiting() + c.computer_seats_waiting() if c.has_game else []
        text = f"{self.model.rowCount()} orders this turn."
        if waiting:
            text += " Still waiting for orders from: " + ", ".join(waiting) + "."
        self.summary.setText(text)
        self.select_key(key or (self.model.rows()[0].key if self.model.rowCount() else None))
        self.fit_rows()

    def fit_rows(self) -> None:
        """Give the table the height of all its rows if the details keep 120 pixels;
        else as much as that leaves (the table scrolls)."""
        total = sum(self.splitter.sizes())
        if total <= 0:
            return
        t = self.table
        wanted = (t.horizontalHeader().height() + t.verticalHeader().length()
                  + t.horizontalScrollBar().sizeHint().height() + 2 * t.frameWidth() + 2)
        rows = min(wanted, total - self.details.minimumHeight())
        self.splitter.setSizes([rows, total - rows])

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_rows()

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
        out.append(odds_html(adj, move, sc.rules.pro_weight))
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
                f"<li>{e(readable(r.kind))}"
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
