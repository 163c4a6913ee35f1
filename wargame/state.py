"""Game state: frozen values with a stable hash, and a mutable draft used inside one turn.

:class:`GameState` is what sessions, views and saves see: immutable, JSON-able
(:meth:`GameState.to_dict`) and hashed over its canonical JSON form
(:meth:`GameState.state_hash`). The rules work on a :class:`Draft`, a private deep
copy that is frozen again at the end of a phase, so the pure functions of
:mod:`wargame.engine` never mutate their inputs.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, TypeVar

from wargame.scenario.models import Scenario


@dataclass(frozen=True, slots=True)
class RivalryState:
    """Where one rivalry stands."""

    rung: int
    tension: Mapping[str, float]
    """Richardson hostility of each side toward the other (keyed by side actor id)."""
    pressure: float = 0.0
    """Spillover pressure waiting to act at the end of the turn."""
    grievance: float = 0.0
    """Extra per-turn tension from grievances added by events and levers."""
    channel: bool = False
    """A crisis channel (hotline, liaison office, back-channel) is open."""
    deescalation: Mapping[str, int] = field(default_factory=dict)
    """Turn of each side's last unreciprocated de-escalation move."""
    credit: int = 0
    """Reciprocated de-escalation rounds banked toward crossing a threshold downward."""
    history: tuple[int, ...] = ()
    """Rung at the end of every finished turn."""
    tension_history: tuple[float, ...] = ()
    peak: int = 0
    side_peak: int = 0
    """The highest rung of the sides' own hostile acts (their proxies' excluded), or the
    start rung: how the crisis literature codes a crisis's peak (ICB's violence by the
    crisis actors; the EM 8.1 anchors)."""
    terminal: bool = False
    public_history: tuple[int, ...] = ()
    """Publicly known rung at the end of every finished turn."""
    public_rung: int = 0
    """The rung as publicly known: escalation by covert moves does not show here until a
    public event (a public move, reciprocated de-escalation) reveals it."""
    crisis: Crisis | None = None
    """The crisis episode under way on this rivalry, if any (wargame.rules.crisis)."""

    @property
    def mean_tension(self) -> float:
        values = list(self.tension.values())
        return sum(values) / len(values) if values else 0.0


@dataclass(frozen=True, slots=True)
class Crisis:
    """One crisis episode on a rivalry, from its onset to its termination (ICB's unit)."""

    opened: int
    """Turn the crisis opened."""
    from_rung: int
    """Rung when it opened: the crisis ends once the rivalry is back at or below it."""
    peak: int
    last_escalation: int
    """Last turn either side escalated (or an incident happened) on the rivalry."""
    mediator: str | None = None
    """Third party mediating, if one accepted an appeal or brokers by a lever."""
    mediation_until: int = 0
    """Last turn of the current mediation."""
    trigger: str = ""
    side_peak: int = 0
    """The highest rung of the sides' own hostile acts during this episode (their proxies'
    excluded), or the rung it opened from: the crisis's peak as ICB codes it."""
    stood_down: tuple[tuple[str, int], ...] = ()
    """Proxies their patron has stood down in this crisis, with the turn it did (a
    de-escalation move that tightens its hold on them; docs/rules.md, section 7): their
    acts are a spoiler's, not the patron's, until the window passes or the patron itself
    climbs or loosens its hold."""

    def to_dict(self) -> dict[str, Any]:
        return {"opened": self.opened, "from_rung": self.from_rung, "peak": self.peak,
                "last_escalation": self.last_escalation, "mediator": self.mediator,
                "mediation_until": self.mediation_until, "trigger": self.trigger,
                "side_peak": self.side_peak,
                "stood_down": [list(p) for p in self.stood_down]}


@dataclass(frozen=True, slots=True)
class Incident:
    """An accident or provocation that puts a choice to the actors it hits.

    It changes no rung by itself: at the next orders phase each actor in
    ``deciders`` retaliates, absorbs, de-escalates or appeals to a broker, and
    the log says who decided what (docs/rules.md, section 6).
    """

    id: str
    turn: int
    rivalry: str
    cause: str
    """``loss_of_control``, ``blowback``, ``spoiler``, ``attack`` or ``event``."""
    severity: int
    """1 minor (a firefight, a downed drone), 2 major (mass casualties), 3 nuclear."""
    deciders: tuple[str, ...]
    against: Mapping[str, str]
    """decider -> the actor it holds responsible."""
    text: str
    due: int
    """The turn whose orders answer it: the same turn for an event or inject that comes
    before the orders, the next turn for anything that happens while orders resolve."""
    rung: int = 0
    """The rung of the act that caused it (the rivalry's rung for an accident or event)."""

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "turn": self.turn, "rivalry": self.rivalry,
                "cause": self.cause, "severity": self.severity,
                "deciders": list(self.deciders), "against": dict(self.against),
                "text": self.text, "due": self.due, "rung": self.rung}


@dataclass(frozen=True, slots=True)
class Ending:
    """How one crisis episode ended: the debrief's and the validation suite's record."""

    rivalry: str
    turn: int
    how: str
    """``settlement``, ``mediated``, ``restraint``, ``war`` or ``nuclear``."""
    opened: int
    peak: int
    mediator: str | None = None
    detail: str = ""
    side_peak: int = 0
    """The sides' own peak during the episode (:attr:`Crisis.side_peak`)."""

    def to_dict(self) -> dict[str, Any]:
        return {"rivalry": self.rivalry, "turn": self.turn, "how": self.how,
                "opened": self.opened, "peak": self.peak, "mediator": self.mediator,
                "detail": self.detail, "side_peak": self.side_peak}


@dataclass(frozen=True, slots=True)
class Proposal:
    """An agreement one side has proposed and the other may accept within the window."""

    agreement: str
    by: str
    turn: int


@dataclass(frozen=True, slots=True)
class ActiveEffect:
    """A move whose effects keep applying for more turns."""

    move: str
    actor: str
    target: str | None
    rivalry: str | None
    scale: float
    turns_left: int


@dataclass(frozen=True, slots=True)
class GameState:
    """The whole game at one moment. Build new states; never mutate one."""

    turn: int
    last_turn: int
    phase: str
    """``orders`` while a turn is open, ``ended`` after the last turn."""
    variables: Mapping[str, Mapping[str, float]]
    rivalries: Mapping[str, RivalryState]
    indicators: Mapping[str, float]
    beliefs: Mapping[str, Mapping[str, float]]
    """beliefs[observer][subject] = observer's P(subject is hostile)."""
    perceived: Mapping[str, Mapping[str, int]]
    """perceived[observer][rivalry] = rung the observer believes the rivalry is on."""
    signals: Mapping[str, Mapping[str, int]]
    """signals[sender][receiver] = the rung the sender last declared toward the receiver."""
    control: Mapping[str, float]
    """Patron control over each proxy, keyed ``patron>proxy``."""
    flags: frozenset[str]
    levers: Mapping[str, int]
    """Active policy levers and the turn each was pulled."""
    active_effects: tuple[ActiveEffect, ...]
    fired_events: frozenset[str]
    escalation_scores: Mapping[str, tuple[float, ...]]
    """Rivera et al. escalation score of each actor, one value per finished turn."""
    objective_points: Mapping[str, float]
    indicator_history: Mapping[str, tuple[float, ...]]
    incidents: tuple[Incident, ...] = ()
    """Incidents awaiting the decisions of the actors they hit."""
    endings: tuple[Ending, ...] = ()
    """Every crisis episode that ended, in order."""
    proposals: tuple[Proposal, ...] = ()
    agreements: Mapping[str, int] = field(default_factory=dict)
    """Agreements struck and the turn each was struck."""
    outcome: str = ""
    """Why the game ended early (``nuclear``), or empty."""

    # ------------------------------------------------------------------ queries

    def rung(self, rivalry_id: str) -> int:
        return self.rivalries[rivalry_id].rung

    def var(self, actor_id: str, var_id: str) -> float:
        return self.variables[actor_id][var_id]

    def belief(self, observer: str, subject: str) -> float:
        return self.beliefs.get(observer, {}).get(subject, 0.3)

    @property
    def ended(self) -> bool:
        return self.phase == "ended"

    # ------------------------------------------------------------------ serialisation

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able form with sorted keys and rounded floats (the hashed form)."""
        plain: dict[str, Any] = _plain(
            {
                "turn": self.turn,
                "last_turn": self.last_turn,
                "phase": self.phase,
                "variables": self.variables,
                "rivalries": {
                    rid: {
                        "rung": r.rung,
                        "tension": r.tension,
                        "pressure": r.pressure,
                        "grievance": r.grievance,
                        "channel": r.channel,
                        "deescalation": r.deescalation,
                        "credit": r.credit,
                        "history": r.history,
                        "tension_history": r.tension_history,
                        "peak": r.peak,
                        "side_peak": r.side_peak,
                        "public_rung": r.public_rung,
                        "public_history": r.public_history,
                        "terminal": r.terminal,
                        "crisis": r.crisis.to_dict() if r.crisis else None,
                    }
                    for rid, r in self.rivalries.items()
                },
                "indicators": self.indicators,
                "beliefs": self.beliefs,
                "perceived": self.perceived,
                "signals": self.signals,
                "control": self.control,
                "flags": sorted(self.flags),
                "levers": self.levers,
                "active_effects": [
                    {
                        "move": e.move,
                        "actor": e.actor,
                        "target": e.target,
                        "rivalry": e.rivalry,
                        "scale": e.scale,
                        "turns_left": e.turns_left,
                    }
                    for e in self.active_effects
                ],
                "fired_events": sorted(self.fired_events),
                "escalation_scores": self.escalation_scores,
                "objective_points": self.objective_points,
                "indicator_history": self.indicator_history,
                "incidents": [i.to_dict() for i in self.incidents],
                "endings": [e.to_dict() for e in self.endings],
                "proposals": [[p.agreement, p.by, p.turn] for p in self.proposals],
                "agreements": self.agreements,
                "outcome": self.outcome,
            }
        )
        return plain

    def canonical_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))

    def state_hash(self) -> str:
        """sha256 over the canonical JSON form (first 16 hex digits)."""
        return hashlib.sha256(self.canonical_json().encode()).hexdigest()[:16]

    def thaw(self) -> Draft:
        return Draft.from_state(self)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle by way of the draft (a read-only mapping cannot be pickled), so worker
        processes of batches and forecasts can be handed the state they continue."""
        return (_refrozen, (self.thaw(),))


def _refrozen(draft: Draft) -> GameState:
    return draft.freeze()


def _plain(value: Any) -> Any:
    """JSON-able copy: floats rounded to 6 places (and -0.0 made 0.0), mappings with sorted
    string keys, sequences and sets as lists. The common exact types take a fast path."""
    kind = type(value)
    if kind is float:
        return round(value, 6) + 0.0
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is dict or kind is MappingProxyType:
        if all(type(k) is str for k in value):
            return {k: _plain_leaf(value[k]) for k in sorted(value)}
    elif kind is list or kind is tuple:
        return [_plain_leaf(v) for v in value]
    return _plain_any(value)


def _plain_leaf(value: Any) -> Any:
    """:func:`_plain` with the commonest leaves (floats, ints) handled in place."""
    kind = type(value)
    if kind is float:
        return round(value, 6) + 0.0
    if kind is int or kind is str:
        return value
    return _plain(value)


def _plain_any(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 6) + 0.0
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, list | tuple | frozenset | set):
        return [_plain(v) for v in value]
    return value


_V = TypeVar("_V")


def _frozen_floats(values: dict[str, float]) -> Mapping[str, float]:
    """A read-only copy with every value a float (an int from a scenario becomes 5.0)."""
    return MappingProxyType({k: float(v) for k, v in values.items()})


def _frozen2(nested: dict[str, dict[str, _V]]) -> Mapping[str, Mapping[str, _V]]:
    """A read-only copy of a two-level mapping."""
    return MappingProxyType({k: MappingProxyType(dict(v)) for k, v in nested.items()})


@dataclass(slots=True)
class RivalryDraft:
    rung: int
    tension: dict[str, float]
    pressure: float
    grievance: float
    channel: bool
    deescalation: dict[str, int]
    credit: int
    history: list[int]
    tension_history: list[float]
    peak: int
    side_peak: int
    terminal: bool
    public_rung: int
    public_history: list[int]
    crisis: Crisis | None = None
    rung_set_this_turn: bool = False
    rose_by: int = 0
    jumped: bool = False

    @property
    def mean_tension(self) -> float:
        values = list(self.tension.values())
        return sum(values) / len(values) if values else 0.0

    def set_rung(self, new: int, *, public: bool, spreads: bool = True) -> int:
        """Move to rung ``new``; return the old rung.

        ``public``: the change is publicly known (the public rung follows the true one).
        ``spreads``: a rise counts toward spillover pressure this turn.
        """
        old = self.rung
        self.rung = new
        if spreads and new > old:
            self.rose_by += new - old
        self.peak = max(self.peak, new)
        self.rung_set_this_turn = True
        if public:
            self.public_rung = new
        return old


@dataclass(slots=True)
class Draft:
    """A mutable working copy of a :class:`GameState` for the rules of one turn."""

    turn: int
    last_turn: int
    phase: str
    variables: dict[str, dict[str, float]]
    rivalries: dict[str, RivalryDraft]
    indicators: dict[str, float]
    beliefs: dict[str, dict[str, float]]
    perceived: dict[str, dict[str, int]]
    signals: dict[str, dict[str, int]]
    control: dict[str, float]
    flags: set[str]
    levers: dict[str, int]
    active_effects: list[ActiveEffect]
    fired_events: set[str]
    escalation_scores: dict[str, list[float]]
    objective_points: dict[str, float]
    indicator_history: dict[str, list[float]]
    incidents: list[Incident] = field(default_factory=list)
    endings: list[Ending] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)
    agreements: dict[str, int] = field(default_factory=dict)
    outcome: str = ""

    @classmethod
    def from_state(cls, state: GameState) -> Draft:
        return cls(
            turn=state.turn,
            last_turn=state.last_turn,
            phase=state.phase,
            variables={a: dict(v) for a, v in state.variables.items()},
            rivalries={
                rid: RivalryDraft(
                    rung=r.rung,
                    tension=dict(r.tension),
                    pressure=r.pressure,
                    grievance=r.grievance,
                    channel=r.channel,
                    deescalation=dict(r.deescalation),
                    credit=r.credit,
                    history=list(r.history),
                    tension_history=list(r.tension_history),
                    peak=r.peak,
                    side_peak=r.side_peak,
                    terminal=r.terminal,
                    public_rung=r.public_rung,
                    public_history=list(r.public_history),
                    crisis=r.crisis,
                )
                for rid, r in state.rivalries.items()
            },
            indicators=dict(state.indicators),
            beliefs={o: dict(b) for o, b in state.beliefs.items()},
            perceived={o: dict(p) for o, p in state.perceived.items()},
            signals={s: dict(v) for s, v in state.signals.items()},
            control=dict(state.control),
            flags=set(state.flags),
            levers=dict(state.levers),
            active_effects=list(state.active_effects),
            fired_events=set(state.fired_events),
            escalation_scores={a: list(v) for a, v in state.escalation_scores.items()},
            objective_points=dict(state.objective_points),
            indicator_history={i: list(v) for i, v in state.indicator_history.items()},
            incidents=list(state.incidents),
            endings=list(state.endings),
            proposals=list(state.proposals),
            agreements=dict(state.agreements),
            outcome=state.outcome,
        )

    def freeze(self) -> GameState:
        return GameState(
            turn=self.turn,
            last_turn=self.last_turn,
            phase=self.phase,
            variables=MappingProxyType({a: _frozen_floats(vs) for a, vs in self.variables.items()}),
            rivalries=MappingProxyType(
                {
                    rid: RivalryState(
                        rung=r.rung,
                        tension=_frozen_floats(r.tension),
                        pressure=float(r.pressure),
                        grievance=float(r.grievance),
                        channel=r.channel,
                        deescalation=MappingProxyType(dict(r.deescalation)),
                        credit=r.credit,
                        history=tuple(r.history),
                        tension_history=tuple(r.tension_history),
                        peak=r.peak,
                        side_peak=r.side_peak,
                        terminal=r.terminal,
                        public_rung=r.public_rung,
                        public_history=tuple(r.public_history),
                        crisis=r.crisis,
                    )
                    for rid, r in self.rivalries.items()
                }
            ),
            indicators=_frozen_floats(self.indicators),
            beliefs=_frozen2(self.beliefs),
            perceived=_frozen2(self.perceived),
            signals=_frozen2(self.signals),
            control=MappingProxyType(dict(self.control)),
            flags=frozenset(self.flags),
            levers=MappingProxyType(dict(self.levers)),
            active_effects=tuple(self.active_effects),
            fired_events=frozenset(self.fired_events),
            escalation_scores=MappingProxyType(
                {a: tuple(v) for a, v in self.escalation_scores.items()}
            ),
            objective_points=MappingProxyType(dict(self.objective_points)),
            indicator_history=MappingProxyType(
                {i: tuple(v) for i, v in self.indicator_history.items()}
            ),
            incidents=tuple(self.incidents),
            endings=tuple(self.endings),
            proposals=tuple(self.proposals),
            agreements=MappingProxyType(dict(self.agreements)),
            outcome=self.outcome,
        )

    def refresh(self) -> None:
        """Make the draft what ``self.freeze().thaw()`` would be, in place and without the
        copies: numbers the frozen state keeps as floats become floats, sets are rebuilt
        as thawing rebuilds them, and the per-turn marks of each rivalry are cleared."""
        for values in self.variables.values():
            for k, v in values.items():
                values[k] = float(v)
        for r in self.rivalries.values():
            for k, v in r.tension.items():
                r.tension[k] = float(v)
            r.pressure = float(r.pressure)
            r.grievance = float(r.grievance)
            r.rung_set_this_turn = False
            r.rose_by = 0
            r.jumped = False
        for k, v in self.indicators.items():
            self.indicators[k] = float(v)
        self.flags = set(frozenset(self.flags))
        self.fired_events = set(frozenset(self.fired_events))

    # ------------------------------------------------------------------ mutation helpers

    def belief(self, observer: str, subject: str) -> float:
        return self.beliefs.get(observer, {}).get(subject, 0.3)


def initial_state(scenario: Scenario, turns: int | None = None) -> GameState:
    """The state before turn 1's events: every value straight from the scenario."""
    variables: dict[str, dict[str, float]] = {}
    for actor in scenario.actors:
        values = {v.id: v.default for v in scenario.variables}
        values.update(actor.variables)
        variables[actor.id] = values
    rivalries = {
        r.id: RivalryDraft(
            rung=r.start_rung,
            tension={side: r.start_tension for side in r.sides},
            pressure=0.0,
            grievance=0.0,
            channel=r.crisis_channel,
            deescalation={},
            credit=0,
            history=[],
            tension_history=[],
            peak=r.start_rung,
            side_peak=r.start_rung,
            terminal=False,
            public_rung=r.start_rung,
            public_history=[],
            crisis=None if r.crisis_from is None else Crisis(
                opened=1, from_rung=r.crisis_from, peak=r.start_rung, last_escalation=1,
                trigger="under way when the game opens", side_peak=r.start_rung),
        )
        for r in scenario.rivalries
    }
    beliefs = {a.id: default_beliefs(scenario, a.id) for a in scenario.actors}
    perceived = {
        a.id: {r.id: r.start_rung for r in scenario.rivalries} for a in scenario.actors
    }
    control = {
        f"{rel.patron}>{rel.proxy}": rel.control
        for rel in scenario.relationships
        if rel.kind == "patron_proxy"
    }
    draft = Draft(
        turn=1,
        last_turn=turns or scenario.metadata.default_turns,
        phase="orders",
        variables=variables,
        rivalries=rivalries,
        indicators={i.id: i.initial for i in scenario.indicators},
        beliefs=beliefs,
        perceived=perceived,
        signals={},
        control=control,
        flags=set(),
        levers={},
        active_effects=[],
        fired_events=set(),
        escalation_scores={a.id: [] for a in scenario.actors},
        objective_points={a.id: 0.0 for a in scenario.actors},
        indicator_history={i.id: [] for i in scenario.indicators},
    )
    return draft.freeze()


def default_beliefs(scenario: Scenario, observer: str) -> dict[str, float]:
    """Initial P(hostile): the scenario's value, else 0.5 for rivals, lower for allies."""
    actor = scenario.actor(observer)
    aligned = _alignment_priors(scenario)
    result: dict[str, float] = {}
    for other in scenario.actors:
        if other.id == observer:
            continue
        prior = 0.3
        if scenario.rivalry_between(observer, other.id) is not None:
            prior = 0.5
        prior = aligned.get((observer, other.id), prior)
        result[other.id] = actor.beliefs.get(other.id, prior)
    return result


def _alignment_priors(scenario: Scenario) -> dict[tuple[str, str], float]:
    """Prior suspicion between aligned actors, both ways round; the scenario's last
    alignment of a pair decides (computed once per scenario)."""
    def build() -> dict[tuple[str, str], float]:
        priors: dict[tuple[str, str], float] = {}
        for rel in scenario.relationships:
            if rel.kind == "alignment" and rel.a != rel.b:
                prior = max(0.05, min(0.95, 0.3 - 0.25 * rel.strength))
                priors[(rel.a, rel.b)] = priors[(rel.b, rel.a)] = prior
        return priors
    return scenario.derived("alignment_priors", build)
