"""What players and the facilitator hand to the engine: orders, signals, rulings, injects.

All are small frozen values with ``to_dict`` / ``from_dict`` so the journal can
store them as JSON and replay them exactly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Outcome(StrEnum):
    """Outcome bands of an adjudicated move (reference: escalation-modeling.md 8.3)."""

    CRITICAL = "critical"
    SUCCESS = "success"
    PARTIAL = "partial"
    FAILURE = "failure"
    BLOWBACK = "blowback"

    @property
    def scale(self) -> float:
        """How much of a move's effects apply."""
        return {"critical": 2.0, "success": 1.0, "partial": 0.5}.get(self.value, 0.0)

    @property
    def succeeded(self) -> bool:
        return self in (Outcome.CRITICAL, Outcome.SUCCESS)


@dataclass(frozen=True, slots=True)
class Order:
    """One move an actor plays this turn, with the rationale its team wrote."""

    actor: str
    move: str
    target: str | None = None
    rationale: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"actor": self.actor, "move": self.move, "target": self.target,
                "rationale": self.rationale}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Order:
        return cls(str(data["actor"]), str(data["move"]),
                   None if data.get("target") is None else str(data["target"]),
                   str(data.get("rationale", "")))


@dataclass(frozen=True, slots=True)
class Signal:
    """A declared intent: "we are at rung N toward you". Signals do not bind."""

    actor: str
    toward: str
    rung: int
    public: bool = True
    stake: float = 0.0
    """Prestige staked on the signal (a costly signal that ties hands)."""
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"actor": self.actor, "toward": self.toward, "rung": self.rung,
                "public": self.public, "stake": self.stake, "text": self.text}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Signal:
        return cls(str(data["actor"]), str(data["toward"]), int(data["rung"]),
                   bool(data.get("public", True)), float(data.get("stake", 0.0)),
                   str(data.get("text", "")))


@dataclass(frozen=True, slots=True)
class OrderSheet:
    """Everything one actor submits for one turn (sealed until adjudication)."""

    actor: str
    orders: tuple[Order, ...] = ()
    signals: tuple[Signal, ...] = ()
    reasons: tuple[str, ...] = ()
    """Why a computer-played seat chose these orders (shown in the log)."""

    def to_dict(self) -> dict[str, Any]:
        return {"actor": self.actor, "orders": [o.to_dict() for o in self.orders],
                "signals": [s.to_dict() for s in self.signals], "reasons": list(self.reasons)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> OrderSheet:
        return cls(str(data["actor"]),
                   tuple(Order.from_dict(o) for o in data.get("orders", ())),
                   tuple(Signal.from_dict(s) for s in data.get("signals", ())),
                   tuple(str(r) for r in data.get("reasons", ())))


def order_key(actor: str, index: int) -> str:
    """Stable key of an order within a turn: ``PAK#0``."""
    return f"{actor}#{index}"


class RulingKind(StrEnum):
    ACCEPT = "accept"
    OVERRIDE = "override"
    REROLL = "reroll"
    STRONG_ARGUMENT = "strong_argument"
    WAR_GATE = "war_gate"


@dataclass(frozen=True, slots=True)
class Ruling:
    """The facilitator's decision on one proposed adjudication.

    ``override`` replaces the outcome; ``reroll`` draws a fresh roll (the dice key
    gains the reroll count); ``strong_argument`` adds PROs (positive) or CONs
    (negative) for a strong and credible argument; ``war_gate`` lets a move past
    the war-onset gate (``outcome`` unused). Every ruling but ``accept`` needs a reason.
    """

    key: str
    kind: RulingKind
    reason: str = ""
    outcome: Outcome | None = None
    pros: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "kind": self.kind.value, "reason": self.reason,
                "outcome": self.outcome.value if self.outcome else None, "pros": self.pros}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Ruling:
        outcome = data.get("outcome")
        return cls(str(data["key"]), RulingKind(data["kind"]), str(data.get("reason", "")),
                   Outcome(outcome) if outcome else None, float(data.get("pros", 0.0)))


@dataclass(frozen=True, slots=True)
class Inject:
    """An event delivered by the facilitator: a scenario event or an ad-hoc one."""

    event: str | None = None
    title: str = ""
    text: str = ""
    audience: tuple[str, ...] = ()
    """Empty = public; otherwise only these actors (and the facilitator) learn of it."""
    effects: tuple[Mapping[str, Any], ...] = field(default=())
    """Ad-hoc effects in the scenario's effect syntax (validated when applied)."""

    def to_dict(self) -> dict[str, Any]:
        return {"event": self.event, "title": self.title, "text": self.text,
                "audience": list(self.audience), "effects": [dict(e) for e in self.effects]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Inject:
        return cls(data.get("event"), str(data.get("title", "")), str(data.get("text", "")),
                   tuple(str(a) for a in data.get("audience", ())),
                   tuple(dict(e) for e in data.get("effects", ())))
