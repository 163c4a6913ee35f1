"""Typed, serialisable entries of the turn log: the story of a game, phase by phase.

Each entry says who may see it (``visibility`` and ``audience``); the single
information filter in :mod:`wargame.views` uses exactly these two fields. Its structured
facts are a typed record, one per kind and shape (``payload``, :mod:`wargame.payloads`),
whose JSON form is the ``data`` of :meth:`LogEntry.to_dict`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from wargame.records import NO_PAYLOAD

if TYPE_CHECKING:
    from wargame.payloads import Payload


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
    MESSAGE = "message"
    """A message on a private channel between teams, or between a team and the White Cell."""
    INCIDENT = "incident"
    """An accident or provocation that puts a decision to the actors it hits."""
    RESPONSE = "response"
    """How an actor answered an incident: retaliate, absorb, de-escalate, appeal."""
    MEDIATION = "mediation"
    AGREEMENT = "agreement"
    TERMINATION = "termination"
    """How a crisis episode ended (:class:`~wargame.payloads.CrisisEnded`)."""


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
    payload: Payload = NO_PAYLOAD
    """The entry's structured facts, typed by kind (:mod:`wargame.payloads`)."""
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
            "data": self.payload.to_dict(),
            "seq": self.seq,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LogEntry:
        """An entry from :meth:`to_dict`'s form; raises ``ValueError`` or ``KeyError``
        when it is not one."""
        from wargame.payloads import decode_payload  # the payloads import this module

        kind = Kind(data["kind"])
        return cls(
            turn=int(data["turn"]),
            phase=str(data["phase"]),
            kind=kind,
            text=str(data["text"]),
            visibility=Visibility(data.get("visibility", "public")),
            audience=tuple(data.get("audience", ())),
            actor=data.get("actor"),
            target=data.get("target"),
            rivalry=data.get("rivalry"),
            payload=decode_payload(kind, data.get("data") or {}),
            seq=int(data.get("seq", 0)),
        )


class Scope(StrEnum):
    """What kind of quantity an effect changed; the information filter decides by scope.

    Public scopes (``indicator``, ``rung``, ``lever``, ``mediation``) every view may
    know; owned scopes
    (``variable``, ``belief``, ``channel``, ``incident``: its victims) only their owners;
    hidden scopes (rule mechanics: ``tension``, ``grievance``, ``pressure``, ``flag``,
    ``control``) only the facilitator. See :func:`wargame.views.may_know`.
    """

    VARIABLE = "variable"
    INDICATOR = "indicator"
    RUNG = "rung"
    TENSION = "tension"
    GRIEVANCE = "grievance"
    PRESSURE = "pressure"
    CHANNEL = "channel"
    FLAG = "flag"
    BELIEF = "belief"
    CONTROL = "control"
    INCIDENT = "incident"
    LEVER = "lever"
    MEDIATION = "mediation"


@dataclass(frozen=True, slots=True)
class Change:
    """One quantity changed by an effect: whose, which, from what to what.

    ``owners`` are the actors the quantity belongs to (the actor of a variable, the
    observer of a belief, both sides of a rivalry, patron and proxy of a control);
    ``quantity`` names it (variable, indicator, rivalry, subject actor, flag or
    ``patron>proxy``); ``label`` is the name shown in text. ``op`` is ``change``
    (old -> new), ``set`` (set to new) or ``delta`` (shown as new - old). For a rung,
    ``public_old`` is the publicly known rung before the change.
    """

    scope: Scope
    quantity: str
    old: float
    new: float
    owners: tuple[str, ...] = ()
    label: str = ""
    op: str = "change"
    public_old: int | None = None

    def describe(self, *, hide_old: bool = False) -> str:
        """The log phrase; ``hide_old`` leaves out a rung's old value (not publicly known)."""
        name = self.label or self.quantity
        match self.scope:
            case Scope.VARIABLE:
                who = self.owners[0] if self.owners else ""
                if self.op == "set":
                    return f"{who} {name} set to {self.new:g}"
                return f"{who} {name} {self.old:g} -> {self.new:g}"
            case Scope.INDICATOR:
                return f"{name} {self.old:g} -> {self.new:g}"
            case Scope.RUNG:
                if hide_old:
                    return f"{name} now at rung {self.new:g}"
                return f"{name} rung {self.old:g} -> {self.new:g}"
            case Scope.TENSION | Scope.GRIEVANCE:
                return f"{name} {self.scope.value} {self.new - self.old:+g}"
            case Scope.PRESSURE:
                return f"{name} spillover pressure {self.new - self.old:+g}"
            case Scope.CHANNEL:
                return f"crisis channel {'opened' if self.new else 'closed'} on {name}"
            case Scope.FLAG:
                return f"flag {name} {'set' if self.new else 'cleared'}"
            case Scope.BELIEF:
                who = self.owners[0] if self.owners else ""
                return f"{who} suspicion of {name} {self.old:.2f} -> {self.new:.2f}"
            case Scope.CONTROL:
                return f"{name} control {self.old:.2f} -> {self.new:.2f}"
            case Scope.INCIDENT:
                return (f"incident on {name} (severity {self.new:g}): "
                        f"{', '.join(self.owners)} must decide how to answer")
            case Scope.MEDIATION:
                who = self.owners[0] if self.owners else "a third party"
                return f"{who} mediates on {name} until turn {self.new:g}"
            case Scope.LEVER:
                return f"lever {name} {'off' if not self.new else 'on'}"
        return f"{name} {self.old:g} -> {self.new:g}"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"scope": self.scope.value, "quantity": self.quantity,
                               "old": self.old, "new": self.new,
                               "owners": list(self.owners),
                               "label": self.label, "op": self.op}
        if self.public_old is not None:
            out["public_old"] = self.public_old
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Change:
        public_old = data.get("public_old")
        return cls(scope=Scope(data["scope"]), quantity=str(data["quantity"]),
                   old=_number(data["old"]), new=_number(data["new"]),
                   owners=tuple(str(o) for o in data.get("owners", ())),
                   label=str(data.get("label", "")), op=str(data.get("op", "change")),
                   public_old=None if public_old is None else int(public_old))


def _number(value: Any) -> float:
    """A JSON number as it was written (an integer stays one, so the form round-trips)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"expected a number, got {value!r}")
    return value


def describe_changes(changes: Iterable[Change]) -> str:
    """The changes as one log phrase ("a -> b; c +1")."""
    return "; ".join(c.describe() for c in changes)
