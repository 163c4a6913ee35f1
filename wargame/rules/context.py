"""The working context one turn's phases share: scenario, draft state, dice and the log."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from wargame.log import Kind, LogEntry, Visibility
from wargame.orders import Inject, OrderSheet
from wargame.payloads import NO_PAYLOAD, Payload
from wargame.rng import Dice
from wargame.rules.adjudication import Adjudication
from wargame.scenario import models as m
from wargame.state import Draft


@dataclass(frozen=True, slots=True)
class Sighting:
    """One resolved move as the rules of perception see it."""

    adjudication: Adjudication
    actor: str
    target: str | None
    rivalry: str | None
    move: m.Move
    autonomous: bool = False
    """A proxy acting on its own (a spoiler)."""


@dataclass
class TurnContext:
    scenario: m.Scenario
    draft: Draft
    dice: Dice
    phase: str = "events"
    entries: list[LogEntry] = field(default_factory=list)
    sheets: Mapping[str, OrderSheet] = field(default_factory=dict)
    adjudications: tuple[Adjudication, ...] = ()
    injects: tuple[Inject, ...] = ()
    sightings: list[Sighting] = field(default_factory=list)
    deescalators: dict[str, set[str]] = field(default_factory=dict)
    """rivalry -> sides that played a de-escalation move this turn."""
    escalators: dict[str, set[str]] = field(default_factory=dict)
    """rivalry -> sides that played a hostile move at or above the current rung this turn."""
    pressed: set[str] = field(default_factory=set)
    """Rivalries on which someone acted at or above the current rung this turn, or an
    incident happened: their rungs do not ease."""
    hostile_top: dict[str, int] = field(default_factory=dict)
    """Per rivalry, the highest rung of a hostile move played on it this turn."""
    turn_scores: dict[str, float] = field(default_factory=dict)
    held_events: frozenset[str] = frozenset()
    """Scenario events the White Cell holds back: they do not fire while held."""
    record: bool = True
    """Keep the log; False for games whose story nobody reads (:meth:`log` does nothing)."""
    seq: int = 0
    """Sequence number of the journal command the entries belong to (stamped on each)."""

    def log(self, kind: Kind, text: str, *, visibility: Visibility = Visibility.PUBLIC,
            audience: tuple[str, ...] = (), actor: str | None = None,
            target: str | None = None, rivalry: str | None = None,
            payload: Payload = NO_PAYLOAD) -> None:
        if not self.record:
            return
        self.entries.append(LogEntry(
            turn=self.draft.turn, phase=self.phase, kind=kind, text=text,
            visibility=visibility, audience=audience, actor=actor, target=target,
            rivalry=rivalry, payload=payload, seq=self.seq,
        ))

    def private(self, kind: Kind, text: str, **kw: Any) -> None:
        """Log an entry only the facilitator sees."""
        self.log(kind, text, visibility=Visibility.FACILITATOR, **kw)

    def name(self, actor_id: str | None) -> str:
        return self.scenario.actor(actor_id).name if actor_id else "nobody"
