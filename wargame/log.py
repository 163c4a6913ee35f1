"""Typed, serialisable entries of the turn log: the story of a game, phase by phase.

Each entry says who may see it (``visibility`` and ``audience``); the single
information filter in :mod:`wargame.views` uses exactly these two fields.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    TURN = "turn"
    EVENT = "event"
    INJECT = "inject"
    SIGNAL = "signal"
    ORDER = "order"
    ADJUDICATION = "adjudication"
    DECISION = "decision"
    OVERRIDE = "override"
    LADDER = "ladder"
    EFFECT = "effect"
    PERCEPTION = "perception"
    ATTRIBUTION = "attribution"
    BELIEF = "belief"
    LOSS_OF_CONTROL = "loss_of_control"
    NEAR_MISS = "near_miss"
    WAR_GATE = "war_gate"
    OFF_RAMP = "off_ramp"
    SPILLOVER = "spillover"
    PROXY = "proxy"
    DRIFT = "drift"
    LEVER = "lever"
    SCORE = "score"
    NOTE = "note"
    UNDO = "undo"
    BOOKMARK = "bookmark"


class Visibility(StrEnum):
    PUBLIC = "public"
    """Everyone, including the projector."""
    RESTRICTED = "restricted"
    """The actors in ``audience`` and the facilitator."""
    FACILITATOR = "facilitator"
    """White Cell only: true rungs, hidden rolls, internal rule mechanics."""


@dataclass(frozen=True, slots=True)
class LogEntry:
    turn: int
    phase: str
    kind: Kind
    text: str
    visibility: Visibility = Visibility.PUBLIC
    audience: tuple[str, ...] = ()
    actor: str | None = None
    target: str | None = None
    rivalry: str | None = None
    data: Mapping[str, Any] = field(default_factory=dict)
    seq: int = 0
    """Sequence number of the journal command that produced this entry."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "turn": self.turn,
            "phase": self.phase,
            "kind": self.kind.value,
            "text": self.text,
            "visibility": self.visibility.value,
            "audience": list(self.audience),
            "actor": self.actor,
            "target": self.target,
            "rivalry": self.rivalry,
            "data": dict(self.data),
            "seq": self.seq,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LogEntry:
        return cls(
            turn=int(data["turn"]),
            phase=str(data["phase"]),
            kind=Kind(data["kind"]),
            text=str(data["text"]),
            visibility=Visibility(data.get("visibility", "public")),
            audience=tuple(data.get("audience", ())),
            actor=data.get("actor"),
            target=data.get("target"),
            rivalry=data.get("rivalry"),
            data=dict(data.get("data", {})),
            seq=int(data.get("seq", 0)),
        )
