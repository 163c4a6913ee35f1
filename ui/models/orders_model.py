"""Legal orders of one actor, grouped by rivalry, for the team's order editor."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject

from ui.models.base import RowTableModel
from wargame.labels import readable
from wargame.orders import Order
from wargame.rules.legality import legal_orders, rivalry_for
from wargame.scenario.models import Scenario
from wargame.state import GameState

COLUMNS = ("Rivalry", "Move", "Target", "Rung", "Category", "Visibility", "Odds", "Cost")
COL_RIVALRY, COL_MOVE = 0, 1


@dataclass(frozen=True, slots=True)
class LegalRow:
    order: Order
    rivalry: str | None
    rung_seen: int | None


class LegalOrdersModel(RowTableModel[LegalRow]):
    """Rows = ``legal_orders(scenario, state, actor)``, sorted by rivalry then rung.

    ``rung_seen(rivalry)`` gives the rung the *viewer* believes a rivalry is on,
    so a team never sees the true rung where it misperceives it.
    """

    columns = COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.scenario: Scenario | None = None

    def load(self, scenario: Scenario, state: GameState, actor: str,
             rung_seen: Callable[[str], int]) -> None:
        self.scenario = scenario
        rows = []
        for order in legal_orders(scenario, state, actor):
            riv = rivalry_for(scenario, actor, order.target)
            rows.append(LegalRow(order, riv.id if riv else None,
                                 rung_seen(riv.id) if riv else None))
        rows.sort(key=lambda r: (r.rivalry or "~", scenario.move(r.order.move).rung,
                                 r.order.move, r.order.target or ""))
        self.set_rows(rows)

    def cell(self, row: LegalRow, column: int) -> Any:
        assert self.scenario is not None
        move = self.scenario.move(row.order.move)
        if column == 0:
            if row.rivalry is None:
                return "(no rivalry)"
            return f"{row.rivalry} (at {row.rung_seen})"
        if column == 1:
            return move.name
        if column == 2:
            t = row.order.target
            return self.scenario.actor(t).name if t else "—"
        if column == 3:
            return move.rung
        if column == 4:
            return readable(move.category)
        if column == 5:
            return move.visibility.value
        if column == 6:
            return move.odds_text()
        if column == 7:
            return move.cost.describe() or "—"
        return None

    def tooltip(self, row: LegalRow, column: int) -> str | None:
        """The move's full name and what it does (every column: a cell may be narrow)."""
        assert self.scenario is not None
        move = self.scenario.move(row.order.move)
        lines = [f"{move.name} ({move.id})"]
        if move.description:
            lines.append(move.description)
        if column == 7 and move.cost.describe():
            lines.append(f"Cost: {move.cost.describe()}")
        return "\n".join(lines)
