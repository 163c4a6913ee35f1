"""Actors: a list (seat, escalation score, points) and the selected actor's details."""

from __future__ import annotations

import html

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtWidgets import (
    QHeaderView,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ui.controller import Controller
from ui.models.actors_model import ActorsModel
from ui.models.base import first_match
from ui.widgets.tables import row_table
from wargame.labels import readable


class ActorPanel(QWidget):
    actor_selected = Signal(str)

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.model = ActorsModel(self)
        self.table = row_table(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for col in (2, 3):  # score and points are in the details below
            self.table.setColumnHidden(col, True)
        self.details = QTextBrowser()
        self.details.setOpenExternalLinks(False)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.details)
        split.setSizes([160, 320])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(split)
        self.current: str | None = None
        self.table.selectionModel().selectionChanged.connect(self._on_select)
        controller.state_changed.connect(self.refresh)

    def refresh(self) -> None:
        c = self.controller
        if not c.has_game:
            self.model.load((), None, {})
            self.details.clear()
            self.current = None
            return
        keep = self.current
        self.model.load(c.scenario.actors, c.state, c.seats)
        self.show_actor(keep or c.scenario.actors[0].id)

    def show_actor(self, actor_id: str) -> None:
        row = first_match(self.model, lambda a: a.id == actor_id)
        if row < 0:
            return
        self.current = actor_id
        sm = self.table.selectionModel()
        sm.blockSignals(True)
        self.table.selectRow(row)
        sm.blockSignals(False)
        self.table.viewport().update()
        self.details.setHtml(self._html(actor_id))

    def _on_select(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            actor = self.model.row_object(rows[0].row())
            self.current = actor.id
            self.details.setHtml(self._html(actor.id))
            self.actor_selected.emit(actor.id)

    def _html(self, actor_id: str) -> str:
        c = self.controller
        sc, st = c.scenario, c.state
        a = sc.actor(actor_id)
        e = html.escape
        seat = c.seats.get(actor_id)
        dot = f"<span style='color:{a.color}'>&#9679;</span>"
        out = [f"<h3 style='margin:0'>{dot} {e(a.name)}</h3>",
               f"<p>{e(readable(a.kind))}"
               + (" · nuclear-armed" if a.nuclear else "")
               + (f" · played by <b>{e(seat.label)}</b>" if seat and a.playable else "")
               + "</p>"]
        if a.description:
            out.append(f"<p>{e(a.description)}</p>")
        out.append("<h4>Variables</h4><table>")
        for var, value in st.variables.get(actor_id, {}).items():
            name = sc.variable(var).name if sc.has("variable", var) else var
            out.append(f"<tr><td>{e(name)}</td><td align='right'>&nbsp;{value:.1f}</td></tr>")
        out.append("</table>")
        scores = st.escalation_scores.get(actor_id, ())
        out.append(f"<h4>Escalation score</h4><p>{sum(scores):+g} in total"
                   + (f" (last turn {scores[-1]:+g})" if scores else "") + "</p>")
        objectives = [o for o in sc.objectives if o.actor == actor_id]
        out.append(f"<h4>Objectives — {st.objective_points.get(actor_id, 0.0):g} points</h4><ul>")
        out += [f"<li>{e(o.description)} ({o.points:g} pts, {readable(o.scoring)}"
                + ("" if o.partial_from is None else
                   f"; partial credit from {o.partial_from:g}") + ")</li>"
                for o in objectives] or ["<li>none</li>"]
        out.append("</ul><h4>Relationships</h4><ul>")
        rels = []
        for r in sc.relationships:
            if r.kind == "patron_proxy" and actor_id in (r.patron, r.proxy):
                rels.append(f"{r.patron} patron of {r.proxy} (control {r.control:.0%})")
            elif r.kind == "sanctuary" and actor_id in (r.host, r.group):
                rels.append(f"{r.host} gives sanctuary to {r.group}")
            elif r.kind == "alignment" and actor_id in (r.a, r.b):
                rels.append(f"{r.a} – {r.b} alignment {r.strength:+.1f}")
        for riv in sc.rivalries_of(actor_id):
            rels.append(f"rivalry {riv.name}: rung {st.rivalries[riv.id].rung}")
        out += [f"<li>{e(x)}</li>" for x in rels] or ["<li>none</li>"]
        out.append("</ul>")
        d = a.doctrine
        out.append("<h4>Doctrine</h4>")
        if d.summary:
            out.append(f"<p>{e(d.summary)}</p>")
        if d.priorities:
            out.append("<p><b>Priorities:</b> " + e("; ".join(d.priorities)) + "</p>")
        if d.red_lines:
            lines = [x if isinstance(x, str) else str(getattr(x, "text", x)) for x in d.red_lines]
            out.append("<p><b>Red lines:</b> " + e("; ".join(lines)) + "</p>")
        out.append(f"<p>Risk appetite {d.risk_appetite:.2f} · resolve {d.resolve:.2f}</p>")
        beliefs = st.beliefs.get(actor_id, {})
        if beliefs:
            out.append("<h4>Suspicion of others</h4><p>" + ", ".join(
                f"{e(k)} {v:.0%}" for k, v in sorted(beliefs.items())) + "</p>")
        return "".join(out)
