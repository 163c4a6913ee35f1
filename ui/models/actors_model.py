"""Actors with their seat, escalation score and objective points (the actor list)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor

from ui.models.base import RowTableModel
from wargame.scenario.models import Actor
from wargame.session import Seat
from wargame.state import GameState

COLUMNS = ("Actor", "Seat", "Esc. score", "Points")


class ActorsModel(RowTableModel[Actor]):
    columns = COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state: GameState | None = None
        self.seats: dict[str, Seat] = {}

    def load(self, actors: tuple[Actor, ...], state: GameState | None,
             seats: dict[str, Seat]) -> None:
        self.state, self.seats = state, seats
        self.set_rows(list(actors))

    def cell(self, actor: Actor, column: int) -> Any:
        if column == 0:
            return actor.name
        if column == 1:
            seat = self.seats.get(actor.id)
            return seat.label if seat and actor.playable else "not playable"
        if self.state is None:
            return ""
        if column == 2:
            return f"{sum(self.state.escalation_scores.get(actor.id, ())):+g}"
        if column == 3:
            return f"{self.state.objective_points.get(actor.id, 0.0):g}"
        return None

    def tooltip(self, actor: Actor, column: int) -> str | None:
        return actor.doctrine.summary or actor.description or None

    def decorate(self, actor: Actor, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return QColor(actor.color)
        return None
