"""The adjudication workbench table: one row per proposed :class:`Adjudication`."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QFont

from ui.models.base import RowTableModel
from wargame.labels import readable
from wargame.rules.adjudication import Adjudication
from wargame.scenario.models import Scenario

COLUMNS = ("Order", "Move", "Target", "Rivalry", "Rung", "Odds", "2d6 roll", "Outcome",
           "Ruling", "Proposed", "Decision", "War gate", "PROs / CONs")
"""What the White Cell rules on comes first (the outcome and the ruling); the order key
names the actor (``PAK#0``: Pakistan's first order), its tooltip gives the full name."""
(COL_KEY, COL_MOVE, COL_TARGET, COL_RIVALRY, COL_RUNG, COL_ODDS, COL_ROLL, COL_OUTCOME,
 COL_RULING, COL_PROPOSED, COL_DECISION, COL_WARGATE, COL_FACTORS) = range(len(COLUMNS))


def factor_text(adj: Adjudication) -> str:
    if not adj.factors:
        return "none"
    return "; ".join(f"{f.pros:+g} {f.label} [{f.source}]" for f in adj.factors)


class ProposalsModel(RowTableModel[Adjudication]):
    """Rows = ``Session.proposals()``; :meth:`set_scenario` gives names and ladder rungs."""

    columns = COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.scenario: Scenario | None = None

    def set_scenario(self, scenario: Scenario | None) -> None:
        self.scenario = scenario

    def _name(self, actor: str | None) -> str:
        if actor and self.scenario is not None and self.scenario.has("actor", actor):
            return self.scenario.actor(actor).name
        return actor or "—"

    def cell(self, a: Adjudication, column: int) -> Any:
        move = self.scenario.move(a.move) if self.scenario else None
        if column == COL_KEY:
            return a.key
        if column == COL_MOVE:
            return move.name if move else a.move
        if column == COL_TARGET:
            return a.order.target or "—"
        if column == COL_RIVALRY:
            return a.rivalry or "—"
        if column == COL_RUNG:
            if a.rivalry is None or move is None:
                return "—"
            to = move.rung
            return f"{a.from_rung} → {to}" + (" (jump)" if a.jump else "")
        if column == COL_ODDS:
            return f"{a.probability:.0%}"
        if column == COL_FACTORS:
            net = sum(f.pros for f in a.factors)
            return f"{net:+g}: {factor_text(a)}"
        if column == COL_DECISION:
            if a.decision is None:
                return "—"
            d = a.decision
            verdict = "approved" if d.passed else "balked"
            return f"{d.reason}: {verdict} ({d.probability:.0%})"
        if column == COL_WARGATE:
            return "held at 5" if a.war_gate else "—"
        if column == COL_ROLL:
            return f"{a.roll_2d6} vs {a.target_2d6}+"
        if column == COL_PROPOSED:
            return a.proposed.value
        if column == COL_OUTCOME:
            return a.outcome.value
        if column == COL_RULING:
            if a.ruling is None:
                return "pending"
            r = a.ruling
            text = readable(r.kind)
            if r.outcome is not None:
                text += f" → {r.outcome.value}"
            if r.pros:
                text += f" {r.pros:+g}"
            return text + (f": {r.reason}" if r.reason else "")
        return None

    def tooltip(self, a: Adjudication, column: int) -> str | None:
        if column == COL_KEY:
            return f"{self._name(a.order.actor)}, order {a.key.rsplit('#', 1)[-1]}"
        if column == COL_MOVE:
            return self.scenario.move(a.move).name if self.scenario else a.move
        if column == COL_ROLL:
            return (f"Rolled {a.roll_2d6} on 2d6 (uniform {a.roll:.3f}); {a.target_2d6} or "
                    f"more is the dice target nearest the {a.probability:.0%} odds")
        if column == COL_TARGET:
            return self._name(a.order.target)
        if column == COL_FACTORS:
            return "\n".join(f"{f.pros:+g}  {f.label}  (source: {f.source})"
                             for f in a.factors) or "No PROs or CONs"
        if column in (COL_RULING, COL_OUTCOME) and a.ruling is not None:
            return a.ruling.reason or None
        if a.notes:
            return "\n".join(a.notes)
        return None

    def decorate(self, a: Adjudication, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.FontRole and column == COL_OUTCOME and a.overridden:
            font = QFont()
            font.setBold(True)
            return font
        return None
