"""What one actor may know of a game, and whole game states sampled to agree with it.

A lookahead player must plan on its *information set*, never on the true state.
:func:`information_set` is the one place that reads a :class:`~wargame.state.GameState`
for it, and it reads only what :mod:`wargame.views` lets the actor's view know:

* the turn, the phase, indicators (and their history) and active levers: public;
* each rivalry's publicly known rung, its public history and whether it has ended
  in general war (the end of a rivalry is public);
* the actor's own variables, beliefs, objective points and perceived rungs (its own
  misreading, exactly as its order screen judges preconditions), the crisis channel
  and pending de-escalation offers of its own rivalries;
* events that fired publicly or for its eyes, and signals it sent or received.

Everything else is hidden and is *resampled* by :func:`sample_world`: true rungs
(around the perceived or public rung), Richardson tension (inside the drift band of
that rung, where a rung is at rest), spillover pressure, grievance, other actors'
variables (their starting values, blurred as turns pass), beliefs and perceptions,
patron control, flags and lasting effects. A sampled world is an ordinary
:class:`GameState`, so the engine and doctrine can play it forward unchanged.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from wargame.rules.legality import max_rung
from wargame.scenario import models as m
from wargame.state import Draft, GameState, RivalryDraft, default_beliefs, initial_state


@dataclass(frozen=True, slots=True)
class RivalryInfo:
    """What everyone knows of a rivalry, and what its sides know besides."""

    public_rung: int
    public_history: tuple[int, ...]
    terminal: bool
    channel: bool | None = None
    """The crisis channel, known to the sides only (``None`` for an outsider)."""
    deescalation: Mapping[str, int] | None = None
    """Pending de-escalation offers, known to the sides only."""


@dataclass(frozen=True, slots=True)
class Information:
    """One actor's information set at the moment it decides."""

    actor: str
    turn: int
    last_turn: int
    phase: str
    variables: Mapping[str, float]
    beliefs: Mapping[str, float]
    perceived: Mapping[str, int]
    """The actor's own reading of each rivalry's rung (its misread included)."""
    objective_points: float
    rivalries: Mapping[str, RivalryInfo]
    indicators: Mapping[str, float]
    indicator_history: Mapping[str, tuple[float, ...]]
    levers: Mapping[str, int]
    fired_events: frozenset[str]
    """Events it saw fire (public ones and those addressed to it)."""
    signals_sent: Mapping[str, int]
    signals_received: Mapping[str, int]

    def seen_rung(self, rivalry: str) -> int:
        """The rung the actor's view shows (:func:`wargame.views.rung_seen`)."""
        info = self.rivalries[rivalry]
        return max(info.public_rung, self.perceived.get(rivalry, info.public_rung))


def _visible_events(scenario: m.Scenario, actor: str) -> tuple[str, ...]:
    return tuple(e.id for e in scenario.events
                 if e.audience == "public" or actor in e.audience)


def information_set(scenario: m.Scenario, state: GameState, actor: str) -> Information:
    """The actor's information set: only the fields its view may know (module docstring).

    Keyed reads only (never iterating a hidden collection), so a state whose hidden
    fields refuse to be read still gives an answer: tests build such a state.
    """
    own = {r.id for r in scenario.rivalries_of(actor)}
    rivalries: dict[str, RivalryInfo] = {}
    for rivalry in scenario.rivalries:
        riv = state.rivalries[rivalry.id]
        mine = rivalry.id in own
        rivalries[rivalry.id] = RivalryInfo(
            public_rung=riv.public_rung, public_history=tuple(riv.public_history),
            terminal=riv.terminal, channel=riv.channel if mine else None,
            deescalation=MappingProxyType(dict(riv.deescalation)) if mine else None)
    fired = state.fired_events
    sent = state.signals.get(actor, {})
    received: dict[str, int] = {}
    for other in scenario.actors:
        if other.id != actor:
            toward = state.signals.get(other.id, {}).get(actor)
            if toward is not None:
                received[other.id] = toward
    return Information(
        actor=actor, turn=state.turn, last_turn=state.last_turn, phase=state.phase,
        variables=MappingProxyType(dict(state.variables[actor])),
        beliefs=MappingProxyType(dict(state.beliefs.get(actor, {}))),
        perceived=MappingProxyType(dict(state.perceived.get(actor, {}))),
        objective_points=state.objective_points.get(actor, 0.0),
        rivalries=MappingProxyType(rivalries),
        indicators=MappingProxyType(dict(state.indicators)),
        indicator_history=MappingProxyType(
            {i.id: tuple(state.indicator_history.get(i.id, ())) for i in scenario.indicators}),
        levers=MappingProxyType(dict(state.levers)),
        fired_events=frozenset(e for e in _visible_events(scenario, actor) if e in fired),
        signals_sent=MappingProxyType(dict(sent)),
        signals_received=MappingProxyType(received))


# --------------------------------------------------------------------------- sampled worlds

RUNG_MISREAD = 0.15
"""Chance that a true rung of the actor's own rivalry is one above (and one below) what
it perceives, in a sampled world; elsewhere the chance that it is one above the public
rung (a covert escalation nobody has revealed)."""
TENSION_SPREAD = 0.8
"""Sampled tension lies within this many drift bands of the sampled rung."""
VARIABLE_BLUR = 0.15
"""Standard deviation, per square root of turns played, of another actor's variables."""


def _start(scenario: m.Scenario) -> GameState:
    return scenario.derived("lookahead_start", lambda: initial_state(scenario))


def sample_world(scenario: m.Scenario, info: Information,
                 rng: random.Random | None = None) -> GameState:
    """A whole game state that agrees with ``info``; hidden quantities drawn from ``rng``.

    Without ``rng`` the most likely world: true rungs as seen, tension at the middle
    of its band, other actors at their starting values.
    """
    start = _start(scenario)
    actor = info.actor
    own = {r.id for r in scenario.rivalries_of(actor)}
    blur = VARIABLE_BLUR * math.sqrt(max(0, info.turn - 1))
    true_rungs: dict[str, int] = {}
    rivalries: dict[str, RivalryDraft] = {}
    for rivalry in scenario.rivalries:
        known = info.rivalries[rivalry.id]
        rung = _sample_rung(scenario, rivalry, info, rivalry.id in own, rng)
        true_rungs[rivalry.id] = rung
        band = rivalry.drift.band
        tension = {side: band * max(0.0, rung + (rng.uniform(-TENSION_SPREAD, TENSION_SPREAD)
                                                if rng else 0.0))
                   for side in rivalry.sides}
        mean = sum(tension.values()) / len(tension)
        history = list(known.public_history)
        rivalries[rivalry.id] = RivalryDraft(
            rung=rung, tension=tension, pressure=0.0, grievance=0.0,
            channel=rivalry.crisis_channel if known.channel is None else known.channel,
            deescalation=dict(known.deescalation or {}), credit=0, history=history,
            tension_history=[mean] * len(history),
            peak=max([rivalry.start_rung, rung, *history]),
            side_peak=max([rivalry.start_rung, rung, *history]), terminal=known.terminal,
            public_rung=known.public_rung, public_history=list(known.public_history))
    variables: dict[str, dict[str, float]] = {}
    bounds = {v.id: (v.min, v.max) for v in scenario.variables}
    for owner, values in start.variables.items():
        if owner == actor:
            variables[owner] = dict(info.variables)
            continue
        variables[owner] = {
            var: min(bounds.get(var, (-math.inf, math.inf))[1],
                     max(bounds.get(var, (-math.inf, math.inf))[0],
                         value + (rng.gauss(0.0, blur) if rng and blur else 0.0)))
            for var, value in values.items()}
    beliefs: dict[str, dict[str, float]] = {}
    perceived: dict[str, dict[str, int]] = {}
    for other in scenario.actors:
        if other.id == actor:
            beliefs[actor] = dict(info.beliefs)
            perceived[actor] = dict(info.perceived)
            continue
        guess = default_beliefs(scenario, other.id)
        if actor in guess:  # they are taken to be as wary of us as we are of them
            guess[actor] = info.beliefs.get(other.id, guess[actor])
        beliefs[other.id] = guess
        theirs = {r.id for r in scenario.rivalries_of(other.id)}
        perceived[other.id] = {rid: rung if rid in theirs else info.rivalries[rid].public_rung
                               for rid, rung in true_rungs.items()}
    signals: dict[str, dict[str, int]] = {actor: dict(info.signals_sent)}
    for sender, rung in info.signals_received.items():
        signals.setdefault(sender, {})[actor] = rung
    draft = Draft(
        turn=info.turn, last_turn=info.last_turn, phase=info.phase, variables=variables,
        rivalries=rivalries, indicators=dict(info.indicators), beliefs=beliefs,
        perceived=perceived, signals=signals, control=dict(start.control), flags=set(),
        levers=dict(info.levers), active_effects=[], fired_events=set(info.fired_events),
        escalation_scores={a.id: [] for a in scenario.actors},
        objective_points={a.id: (info.objective_points if a.id == actor else 0.0)
                          for a in scenario.actors},
        indicator_history={i: list(v) for i, v in info.indicator_history.items()})
    return draft.freeze()


def _sample_rung(scenario: m.Scenario, rivalry: m.Rivalry, info: Information, own: bool,
                 rng: random.Random | None) -> int:
    known = info.rivalries[rivalry.id]
    if known.terminal:
        return 9
    if own:
        rung = info.seen_rung(rivalry.id)
        if rng is not None:
            roll = rng.random()
            rung += 1 if roll < RUNG_MISREAD else -1 if roll < 2 * RUNG_MISREAD else 0
    else:
        rung = known.public_rung
        if rng is not None and rng.random() < RUNG_MISREAD:
            rung += 1
    return max(known.public_rung, min(rung, max_rung(scenario, rivalry), 8))
