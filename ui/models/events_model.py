"""Scenario events for the inject manager: trigger, audience and whether each has fired."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject

from ui.models.base import RowTableModel
from wargame.scenario import models as m

COLUMNS = ("Event", "Trigger", "Audience", "Status")


def trigger_text(event: m.Event) -> str:
    t = event.trigger
    if t is None:
        return "facilitator only"
    if isinstance(t, m.TurnTrigger):
        return f"scheduled: turn {t.turn}"
    if isinstance(t, m.ChanceTrigger):
        return f"chance {t.chance:.0%} from turn {t.from_turn}" + \
            (" if condition" if t.condition else "")
    return "conditional"


class EventsModel(RowTableModel[m.Event]):
    columns = COLUMNS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.fired: frozenset[str] = frozenset()
        self.held: frozenset[str] = frozenset()

    def load(self, scenario: m.Scenario, fired: frozenset[str],
             held: frozenset[str] = frozenset()) -> None:
        self.fired, self.held = fired, held
        self.set_rows(list(scenario.events))

    def can_hold(self, event: m.Event) -> bool:
        """Whether the event may still fire on its own (so holding it means something)."""
        return event.trigger is not None and (event.repeat or event.id not in self.fired)

    def cell(self, event: m.Event, column: int) -> Any:
        if column == 0:
            return event.title
        if column == 1:
            return trigger_text(event)
        if column == 2:
            return "all" if event.audience == "public" else ", ".join(event.audience)
        if column == 3:
            if event.id in self.held:
                return "held by the White Cell"
            if event.id in self.fired:
                return "fired" + (" (repeats)" if event.repeat else "")
            return "pending"
        return None

    def tooltip(self, event: m.Event, column: int) -> str | None:
        return event.text
