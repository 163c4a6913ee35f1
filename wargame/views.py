"""The one information filter behind every screen, export and per-team save.

A :class:`View` is the facilitator (everything), one actor (its own orders,
beliefs and perceived rungs, restricted entries addressed to it, and public
events) or the public (the projector: public entries only). Player screens,
per-team reports and the public display all go through :func:`visible_entries`
and :func:`picture`, so nothing leaks by accident.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from wargame.log import LogEntry, Visibility
from wargame.orders import OrderSheet
from wargame.scenario.models import Scenario
from wargame.state import GameState


@dataclass(frozen=True, slots=True)
class View:
    """Who is looking: ``facilitator``, ``public`` or ``actor`` with its id."""

    kind: str
    actor: str | None = None

    @classmethod
    def parse(cls, text: str, scenario: Scenario | None = None) -> View:
        """``facilitator``, ``public`` or an actor id (checked against the scenario)."""
        if text in ("facilitator", "public"):
            return cls(text)
        if scenario is not None and not scenario.has("actor", text):
            known = ", ".join(a.id for a in scenario.actors)
            raise ValueError(f"unknown view '{text}': use facilitator, public or one of {known}")
        return cls("actor", text)

    @property
    def label(self) -> str:
        return self.actor if self.kind == "actor" and self.actor else self.kind

    @property
    def is_facilitator(self) -> bool:
        return self.kind == "facilitator"


FACILITATOR = View("facilitator")
PUBLIC = View("public")


def actor_view(actor: str) -> View:
    return View("actor", actor)


def can_see(view: View, entry: LogEntry) -> bool:
    if view.kind == "facilitator":
        return True
    if entry.visibility == Visibility.PUBLIC:
        return True
    if view.kind == "public" or entry.visibility == Visibility.FACILITATOR:
        return False
    return view.actor in entry.audience


def visible_entries(view: View, entries: Iterable[LogEntry]) -> list[LogEntry]:
    return [e for e in entries if can_see(view, e)]


def visible_sheets(view: View, sheets: Mapping[str, OrderSheet]) -> dict[str, OrderSheet]:
    """Sealed orders a view may read: all for the facilitator, its own for a team."""
    if view.kind == "facilitator":
        return dict(sheets)
    if view.kind == "actor" and view.actor is not None and view.actor in sheets:
        return {view.actor: sheets[view.actor]}
    return {}


def rung_seen(view: View, state: GameState, rivalry: str) -> int:
    """The rung a view shows for a rivalry.

    Facilitator: the true rung. A team: the rung it perceives (its misread on its own
    rivalries, the publicly known rung on others). Public: the publicly known rung.
    """
    riv = state.rivalries[rivalry]
    if view.kind == "actor" and view.actor is not None:
        return state.perceived.get(view.actor, {}).get(rivalry, riv.public_rung)
    if view.kind == "public":
        return riv.public_rung
    return riv.rung


def picture(view: View, scenario: Scenario, state: GameState) -> dict[str, Any]:
    """The state as a view may see it, as plain data.

    Facilitator: the full state. Actor: rungs as it perceives them, its own
    variables and beliefs, public indicators, its own objective points and
    escalation scores of all (scores are computed from public records of moves).
    Public: rungs, indicators and the turn.
    """
    rungs = {r.id: rung_seen(view, state, r.id) for r in scenario.rivalries}
    base: dict[str, Any] = {
        "turn": state.turn,
        "last_turn": state.last_turn,
        "phase": state.phase,
        "rungs": rungs,
        "indicators": dict(state.indicators),
        "levers": sorted(state.levers),
    }
    if view.kind == "facilitator":
        full = state.to_dict()
        full["rungs"] = rungs
        return full
    if view.kind == "actor" and view.actor is not None:
        base["variables"] = {view.actor: dict(state.variables[view.actor])}
        base["beliefs"] = dict(state.beliefs.get(view.actor, {}))
        base["objective_points"] = {view.actor: state.objective_points.get(view.actor, 0.0)}
        base["channels"] = {r.id: state.rivalries[r.id].channel for r in scenario.rivalries
                            if view.actor in r.sides}
    return base
