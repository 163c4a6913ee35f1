"""The one information filter behind every screen, export and per-team save.

A :class:`View` is the facilitator (everything), one actor (its own orders,
beliefs and perceived rungs, restricted entries addressed to it, and public
events) or the public (the projector: public entries only). Player screens,
per-team reports, terminal play and the public display all go through
:func:`visible_entries` (or :func:`shown` for one entry), :func:`rung_seen` and
:func:`picture`, so nothing leaks by accident.

What a view may know (docs/reliability.md, "No leaked secret"):

* an entry at all: :func:`can_see` (its ``visibility`` and ``audience``);
* inside a visible entry, each structured :class:`~wargame.log.Change` by
  :func:`may_know`: indicators and where a rung went are public; a variable, a
  belief or a crisis channel only to the actors owning it; rule mechanics
  (tension, grievance, pressure, flags, patron control) only to the facilitator;
* a rung's value before a change only where it was public (``public_old``):
  otherwise the entry's ``public_text`` (which says only where the rung went)
  replaces its text;
* the facilitator-only fields of a payload (an adjudication's starting true rung,
  the public wording of a rung change) only to the facilitator;
* rungs: true for the facilitator, public for the public, and for a team its
  perceived rung, never below the public rung.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any

from wargame.log import Change, Kind, LogEntry, Scope, Visibility, describe_changes
from wargame.orders import OrderSheet
from wargame.payloads import RUNG_CHANGES, WITH_CHANGES
from wargame.scenario.models import Scenario
from wargame.state import GameState


class ViewKind(StrEnum):
    """Who a view is for."""

    FACILITATOR = "facilitator"
    """The White Cell: everything."""
    PUBLIC = "public"
    """The projector: what everyone has been told."""
    ACTOR = "actor"
    """One team: what its actor knows."""


@dataclass(frozen=True, slots=True)
class View:
    """Who is looking: ``facilitator``, ``public`` or ``actor`` with its id.

    ``kind`` may be given as its text (``View("public")``); it is stored as a
    :class:`ViewKind`.
    """

    kind: ViewKind
    actor: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", ViewKind(self.kind))

    @classmethod
    def parse(cls, text: str, scenario: Scenario | None = None) -> View:
        """``facilitator``, ``public`` or an actor id (checked against the scenario)."""
        if text in (ViewKind.FACILITATOR, ViewKind.PUBLIC):
            return cls(ViewKind(text))
        if scenario is not None and not scenario.has("actor", text):
            known = ", ".join(a.id for a in scenario.actors)
            raise ValueError(f"unknown view '{text}': use facilitator, public or one of {known}")
        return cls(ViewKind.ACTOR, text)

    @property
    def label(self) -> str:
        return self.actor if self.kind == ViewKind.ACTOR and self.actor else self.kind.value

    @property
    def is_facilitator(self) -> bool:
        return self.kind == ViewKind.FACILITATOR


FACILITATOR = View(ViewKind.FACILITATOR)
PUBLIC = View(ViewKind.PUBLIC)


def actor_view(actor: str) -> View:
    return View(ViewKind.ACTOR, actor)


def can_see(view: View, entry: LogEntry) -> bool:
    if view.kind == ViewKind.FACILITATOR:
        return True
    if entry.visibility == Visibility.PUBLIC:
        return True
    if view.kind == ViewKind.PUBLIC or entry.visibility == Visibility.FACILITATOR:
        return False
    return view.actor in entry.audience


PUBLIC_SCOPES = frozenset({Scope.INDICATOR, Scope.RUNG, Scope.LEVER, Scope.MEDIATION})
"""Quantities everyone may know: indicators, where a rung went, levers, mediators."""
OWNED_SCOPES = frozenset({Scope.VARIABLE, Scope.BELIEF, Scope.CHANNEL, Scope.INCIDENT})
"""Quantities their owners (``Change.owners``) may know; everything else is facilitator-only."""

def may_know(view: View, change: Change) -> bool:
    """True if the view may read this changed quantity."""
    if view.kind == ViewKind.FACILITATOR or change.scope in PUBLIC_SCOPES:
        return True
    return (change.scope in OWNED_SCOPES and view.kind == ViewKind.ACTOR
            and view.actor in change.owners)


def knows_old_rung(view: View, old: int, public_old: int | None) -> bool:
    """True if the view may know a rung's value before a change (it was public then)."""
    return view.kind == ViewKind.FACILITATOR or public_old is None or old == public_old


def _describe(view: View, change: Change) -> str:
    hide = change.scope == Scope.RUNG and not knows_old_rung(
        view, int(change.old), change.public_old)
    return change.describe(hide_old=hide)


def shown(view: View, entry: LogEntry) -> LogEntry | None:
    """The entry as ``view`` may see it, or ``None`` when it may not see it at all.

    The facilitator gets the entry unchanged. Any other view gets a copy cut to what it
    may know: the changes it may not read leave the text and the payload (an effect
    line with nothing left is not shown), a rung change whose old rung was not public
    reads its ``public_text`` (and shows the public old rung), and the payload's
    facilitator-only fields (:data:`wargame.records.HIDDEN`) are dropped.
    """
    if not can_see(view, entry):
        return None
    if view.kind == ViewKind.FACILITATOR:
        return entry
    payload = entry.payload
    text = entry.text
    if isinstance(payload, WITH_CHANGES):
        changes = payload.changes
        kept = tuple(c for c in changes if may_know(view, c))
        phrase = describe_changes(changes)
        if phrase and text.endswith(phrase):
            prefix = text[:len(text) - len(phrase)]
            if kept:
                text = prefix + "; ".join(_describe(view, c) for c in kept)
            elif prefix.strip(" :"):
                text = prefix.rstrip(" :")
            else:
                return None
        elif entry.kind == Kind.EFFECT:  # a text not made of its changes: rebuild it
            if not kept:
                return None
            text = "; ".join(_describe(view, c) for c in kept)
        payload = replace(payload, changes=kept)
    if isinstance(payload, RUNG_CHANGES) and not knows_old_rung(
            view, payload.old, payload.public_old):
        fallback = f"{entry.rivalry or 'rivalry'} now at rung {payload.new}"
        text = payload.public_text or fallback
        payload = replace(payload, old=payload.public_old)
    payload = payload.withheld()
    if text == entry.text and payload == entry.payload:
        return entry
    if isinstance(payload, WITH_CHANGES):
        # A cut entry's changes read as floats, as they always have on the wire.
        payload = replace(payload, changes=tuple(
            replace(c, old=float(c.old), new=float(c.new)) for c in payload.changes))
    return replace(entry, text=text, payload=payload)


def visible_entries(view: View, entries: Iterable[LogEntry]) -> list[LogEntry]:
    """The entries a view may see, each cut to what it may know (:func:`shown`)."""
    out = []
    for entry in entries:
        seen = shown(view, entry)
        if seen is not None:
            out.append(seen)
    return out


def visible_sheets(view: View, sheets: Mapping[str, OrderSheet]) -> dict[str, OrderSheet]:
    """Sealed orders a view may read: all for the facilitator, its own for a team."""
    if view.kind == ViewKind.FACILITATOR:
        return dict(sheets)
    if view.kind == ViewKind.ACTOR and view.actor is not None and view.actor in sheets:
        return {view.actor: sheets[view.actor]}
    return {}


def rung_seen(view: View, state: GameState, rivalry: str) -> int:
    """The rung a view shows for a rivalry.

    Facilitator: the true rung. A team: the rung it perceives (its misread on its own
    rivalries, the publicly known rung on others), never below the publicly known rung:
    a team's picture does not contradict what everyone has been told. Public: the
    publicly known rung.
    """
    riv = state.rivalries[rivalry]
    if view.kind == ViewKind.ACTOR and view.actor is not None:
        return max(riv.public_rung,
                   state.perceived.get(view.actor, {}).get(rivalry, riv.public_rung))
    if view.kind == ViewKind.PUBLIC:
        return riv.public_rung
    return riv.rung


def rung_series(view: View, scenario: Scenario, states: Sequence[GameState],
                rivalry: str) -> list[int]:
    """A rivalry's rung at the start and at the end of each finished turn, as seen.

    ``states`` are the opening state and the closing state of every finished turn.
    A team sees its perceived rung in each closing state; the facilitator the true
    rung and the public the publicly known rung at the end of each turn (before the
    next turn's events move it).
    """
    if view.kind == ViewKind.ACTOR:
        return [rung_seen(view, s, rivalry) for s in states]
    final = states[-1].rivalries[rivalry]
    history = final.history if view.kind == ViewKind.FACILITATOR else final.public_history
    start = scenario.rivalry(rivalry).start_rung
    return [start, *(int(h) for h in history[:len(states) - 1])]


@dataclass(frozen=True, slots=True)
class Picture:
    """The state as a view may see it (:func:`picture`); the public view's is this base.

    Every view knows the turn and phase, the rungs as it sees them (:func:`rung_seen`),
    the public indicators and the levers in force. :meth:`to_json` gives the plain form
    sent to stations and written in exports.
    """

    turn: int
    last_turn: int
    phase: str
    rungs: Mapping[str, int]
    indicators: Mapping[str, float]
    levers: tuple[str, ...]
    """The policy levers in force, sorted."""

    def known_beliefs(self) -> Mapping[str, Mapping[str, float]]:
        """observer -> subject -> suspicion, for the observers this view may read."""
        return {}

    def known_points(self) -> Mapping[str, float]:
        """actor -> objective points, for the actors this view may read."""
        return {}

    def to_json(self) -> dict[str, Any]:
        return {"turn": self.turn, "last_turn": self.last_turn, "phase": self.phase,
                "rungs": dict(self.rungs), "indicators": dict(self.indicators),
                "levers": list(self.levers)}


@dataclass(frozen=True, slots=True)
class TeamPicture(Picture):
    """What one actor knows: its own variables, beliefs, objective points and crisis
    channels besides what everyone knows; rungs as it perceives them."""

    actor: str
    variables: Mapping[str, float]
    beliefs: Mapping[str, float]
    """Its suspicion of each other actor."""
    objective_points: float
    channels: Mapping[str, bool]
    """Whether a crisis channel is open on each rivalry it is a side of."""

    def known_beliefs(self) -> Mapping[str, Mapping[str, float]]:
        return {self.actor: self.beliefs}

    def known_points(self) -> Mapping[str, float]:
        return {self.actor: self.objective_points}

    def to_json(self) -> dict[str, Any]:
        out = Picture.to_json(self)
        out["variables"] = {self.actor: dict(self.variables)}
        out["beliefs"] = dict(self.beliefs)
        out["objective_points"] = {self.actor: self.objective_points}
        out["channels"] = dict(self.channels)
        return out


@dataclass(frozen=True, slots=True)
class FacilitatorPicture(Picture):
    """The whole state (the White Cell's), with the true rungs.

    Its numbers read as in the state's hashed form (:meth:`GameState.to_dict`: floats
    to 6 places), which is what the facilitator's exports have always shown.
    """

    state: GameState

    def known_beliefs(self) -> Mapping[str, Mapping[str, float]]:
        return {o: {s: _hashed(v) for s, v in row.items()}
                for o, row in self.state.beliefs.items()}

    def known_points(self) -> Mapping[str, float]:
        return {a: _hashed(p) for a, p in self.state.objective_points.items()}

    def tension_history(self, rivalry: str) -> tuple[float, ...]:
        """A rivalry's mean tension at the end of each finished turn."""
        return tuple(_hashed(t) for t in self.state.rivalries[rivalry].tension_history)

    def to_json(self) -> dict[str, Any]:
        full = self.state.to_dict()
        full["rungs"] = dict(self.rungs)
        return full


def picture(view: View, scenario: Scenario, state: GameState) -> Picture:
    """The state as a view may see it: a :class:`FacilitatorPicture` (the full state), a
    :class:`TeamPicture` (rungs as the actor perceives them, its own variables, beliefs,
    objective points and channels, the public indicators) or, for the public, a
    :class:`Picture` (rungs, indicators, levers and the turn)."""
    rungs = {r.id: rung_seen(view, state, r.id) for r in scenario.rivalries}
    levers = tuple(sorted(state.levers))
    if view.kind == ViewKind.FACILITATOR:
        return FacilitatorPicture(
            state.turn, state.last_turn, state.phase, rungs,
            {k: _hashed(v) for k, v in state.indicators.items()}, levers, state=state)
    common = (state.turn, state.last_turn, state.phase, rungs, dict(state.indicators), levers)
    if view.kind == ViewKind.ACTOR and view.actor is not None:
        actor = view.actor
        return TeamPicture(
            *common, actor=actor, variables=dict(state.variables[actor]),
            beliefs=dict(state.beliefs.get(actor, {})),
            objective_points=state.objective_points.get(actor, 0.0),
            channels={r.id: state.rivalries[r.id].channel for r in scenario.rivalries
                      if actor in r.sides})
    return Picture(*common)


def _hashed(value: float) -> float:
    """A float as the state's hashed form writes it (6 places, no -0.0)."""
    return round(value, 6) + 0.0
