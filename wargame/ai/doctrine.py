"""Computer-played seats that follow each actor's doctrine, on the actor's perceived picture.

The policy scores every legal order from what the actor *believes*: the rung it
perceives each rivalry to be on and its suspicion that each rival is hostile,
weighed by its doctrine (risk appetite, restraint) and objectives. Each choice
carries its reasons, which the log shows. A small keyed random term breaks ties
and keeps games varied; it comes from the dice streams, so replays are exact.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from wargame.orders import Order, OrderSheet, Signal
from wargame.rng import draw_key, draw_keyed
from wargame.rules import timescale
from wargame.rules.adjudication import capability_share, effective_resolve
from wargame.rules.conditions import Context, compiled, holds
from wargame.rules.crisis import MEDIATOR_TRUST, mediator, open_incidents_for
from wargame.rules.legality import legal_orders, rivalry_for
from wargame.rules.rungs import FixedRungs, fixed_rungs
from wargame.scenario import models as m
from wargame.state import GameState, Incident, default_beliefs

NOISE = 0.35
HOLD_FLOOR = 0.15
RECIPROCITY = 0.5
"""Extra worth of a de-escalation move that answers the rival's pending offer, times the
trust (1 - suspicion): conditional cooperation (Osgood's GRIT, Axelrod's tit-for-tat)."""


_Why = tuple[str, "str | None", int, "str | None", tuple[str, ...], "str | None", float, float]
"""What a :class:`Choice`'s reason says, unformatted: the move's name, the rivalry, the
rung the actor sees on it, the target whose offer to de-escalate the order answers (if
it does), notes, the target, suspicion and risk appetite."""


@dataclass(frozen=True, slots=True)
class Choice:
    """A scored order; its ``reason`` is written out only when asked for (most scored
    orders are never picked, and formatting is a large share of scoring)."""

    order: Order
    score: float
    why: _Why

    @property
    def reason(self) -> str:
        name, rivalry, perceived, answering, notes, target, hostility, risk = self.why
        where = f" on {rivalry} (seen at rung {perceived})" if rivalry else ""
        if answering is not None:
            where += f", answering {answering}'s offer to de-escalate"
        if notes:
            where += "; " + "; ".join(notes)
        return (f"{name}{where}: suspicion of {target or '-'} {hostility:.0%}, "
                f"risk appetite {risk:.1f}, score {self.score:.2f}")


class _Static(NamedTuple):
    """What the scenario alone says about one order (actor, move, target), worked out once
    per scenario."""

    move: m.Move
    doctrine: m.Doctrine
    rivalry: m.Rivalry | None
    fixed: FixedRungs | None
    noise_key: bytes
    """The key of the order's tie-breaking draw (:func:`wargame.rng.draw_key`)."""
    pull: float
    """:func:`_objective_pull` of the order."""
    hostile: bool
    """Neither a de-escalation nor a hold."""
    overt: int
    """The rivalry's first rung of overt force (5 without a rivalry)."""
    cost: float
    """What the order's resource cost takes off its score."""
    reluctance: float
    """The doctrine's reluctance to use force openly, before any provocation relief."""
    pickable: tuple[bool, bool]
    """:func:`_pickable` without and with levers allowed."""


def _statics(scenario: m.Scenario) -> dict[tuple[str, str, str | None], _Static]:
    """The scenario's memo of :func:`_static`, keyed by (actor, move, target)."""
    return scenario.derived("doctrine_static", dict)


def _static(scenario: m.Scenario, order: Order) -> _Static:
    memo = _statics(scenario)
    key = (order.actor, order.move, order.target)
    found = memo.get(key)
    if found is None:
        move = scenario.move(order.move)
        rivalry = rivalry_for(scenario, order.actor, order.target)
        doctrine = scenario.actor(order.actor).doctrine
        fixed = fixed_rungs(scenario, rivalry) if rivalry else None
        found = memo[key] = _Static(
            move, doctrine, rivalry, fixed,
            draw_key("ai", f"{order.actor}:{order.move}:{order.target}"),
            _objective_pull(scenario, order.actor, move, rivalry.id if rivalry else None),
            move.category not in (m.Category.DE_ESCALATION, m.Category.STATUS_QUO),
            fixed.overt_force if fixed else 5, 0.08 * move.cost.resources,
            0.35 * doctrine.restraint * 3,
            (_pickable(move, False), _pickable(move, True)))
    return found


class _RivalryTerms(NamedTuple):
    """What one rivalry says to one actor's decision, the same for all its orders there."""

    tension: float
    """The actor's own tension on the rivalry."""
    broker: str | None
    """The third party mediating on it, when the actor trusts it."""
    offer: bool
    """:func:`_pending_offer`."""


@dataclass(frozen=True, slots=True)
class _Outlook:
    """What an actor's situation says before any one order is scored: the same for every
    order of one decision, so it is worked out once per (scenario, state, actor)."""

    crossed: set[str]
    resolve: float
    risk: float
    """Risk appetite before any order-specific term."""
    incidents: tuple[Incident, ...]
    """Incidents the actor must answer with this turn's orders."""
    perceived: Mapping[str, int]
    signals: Mapping[str, int]
    beliefs: Mapping[str, float]
    """The actor's suspicion of each other actor (0.3 where it holds none)."""
    rivalry_terms: dict[str, _RivalryTerms]
    """:func:`_rivalry_terms` of the rivalries scored so far."""
    lever_pulls: dict[str, tuple[float, str]]
    """:func:`lever_pull` of the levers scored so far."""


_OUTLOOKS: dict[tuple[int, int, str], tuple[m.Scenario, GameState, _Outlook]] = {}


def _outlook(scenario: m.Scenario, state: GameState, actor: str,
             crossed: set[str] | None) -> _Outlook:
    key = (id(scenario), id(state), actor)
    found = _OUTLOOKS.get(key)
    if found is not None and found[0] is scenario and found[1] is state and (
            crossed is None or crossed == found[2].crossed):
        return found[2]
    doctrine = scenario.actor(actor).doctrine
    resolve = effective_resolve(scenario, state, actor)
    outlook = _Outlook(
        crossed=red_lines_crossed(scenario, state, actor) if crossed is None else crossed,
        resolve=resolve,
        risk=min(1.0, doctrine.risk_appetite + 0.5 * (resolve - doctrine.resolve)),
        incidents=tuple(open_incidents_for(state, actor)),
        perceived=state.perceived.get(actor, {}),
        signals=state.signals.get(actor, {}),
        beliefs=state.beliefs.get(actor, {}),
        rivalry_terms={}, lever_pulls={})
    if len(_OUTLOOKS) > 256:
        _OUTLOOKS.clear()
    _OUTLOOKS[key] = (scenario, state, outlook)
    return outlook


def _objective_pull(scenario: m.Scenario, actor: str, move: m.Move, rivalry: str | None) -> float:
    """How much an actor's objectives favour (+) or oppose (-) this move (scenario data only,
    so each (actor, move, rivalry) is worked out once per scenario)."""
    memo: dict[tuple[str, str, str | None], tuple[m.Move, float]] = scenario.derived(
        "objective_pull", dict)
    key = (actor, move.id, rivalry)
    found = memo.get(key)
    if found is None or found[0] is not move:
        found = memo[key] = (move, _objective_pull_of(scenario, actor, move, rivalry))
    return found[1]


def _objective_pull_of(scenario: m.Scenario, actor: str, move: m.Move,
                       rivalry: str | None) -> float:
    pull = 0.0
    for objective in scenario.objectives:
        if objective.actor != actor:
            continue
        cond = objective.condition
        if isinstance(cond, m.RungAtMost) and rivalry == cond.rung_at_most.rivalry and \
                move.rung > cond.rung_at_most.rung:
            pull -= 0.4 * objective.points / 3
        if isinstance(cond, m.RungAtLeast) and rivalry == cond.rung_at_least.rivalry and \
                move.rung >= cond.rung_at_least.rung:
            pull += 0.3 * objective.points / 3
        for effect in move.effects:
            if isinstance(cond, m.IndicatorAtLeast | m.IndicatorAtMost) and isinstance(
                    effect, m.AddIndicatorEffect):
                bound = cond.indicator_at_least if isinstance(cond, m.IndicatorAtLeast) \
                    else cond.indicator_at_most
                if effect.add_indicator.indicator == bound.indicator:
                    sign = 1 if isinstance(cond, m.IndicatorAtLeast) else -1
                    pull += 0.2 * sign * (1 if effect.add_indicator.value > 0 else -1)
            if isinstance(cond, m.VarAtLeast | m.VarAtMost) and isinstance(effect, m.AddEffect):
                bound_v = cond.var_at_least if isinstance(cond, m.VarAtLeast) else cond.var_at_most
                if effect.add.var == bound_v.var:
                    sign = 1 if isinstance(cond, m.VarAtLeast) else -1
                    pull += 0.15 * sign * (1 if effect.add.value > 0 else -1)
    return pull


def red_lines_crossed(scenario: m.Scenario, state: GameState, actor: str) -> set[str]:
    """Actors held responsible for a red line of ``actor`` that holds *as the actor sees
    it*: a rung condition reads its perceived rungs, as its order screen does (a covert
    climb it has not noticed crosses no line; one it misreads upward does)."""
    crossed: set[str] = set()
    for line in scenario.actor(actor).doctrine.red_lines:
        if isinstance(line, m.RedLine) and line.by is not None and (
                line.when is None
                or compiled(line.when, as_seen=True)(state, Context(actor, line.by))):
            crossed.add(line.by)
    return crossed


def _pending_offer(scenario: m.Scenario, state: GameState, rivalry: m.Rivalry,
                   actor: str) -> bool:
    """Whether the other side of ``rivalry`` offered to de-escalate and still awaits an answer."""
    if actor not in rivalry.sides:  # a proxy on its patron's rivalry: not its offer
        return False
    other = next(s for s in rivalry.sides if s != actor)
    offered = state.rivalries[rivalry.id].deescalation.get(other)
    window = timescale.turns(scenario.rules.deescalation_window, timescale.factor(scenario))
    return offered is not None and state.turn - offered <= window


INCIDENT_PULL = 0.45
"""Extra worth, per severity point and times resolve, of answering an incident in kind:
the demand at home to retaliate (Uri 2016 and Pulwama 2019 in India's case). Set so that
India answers a major attack blamed on Pakistan with overt force about as often as it
did since 2001: two of six (Parliament 2001, Kaluchak 2002, Mumbai 2008 and Pathankot
2016 without; Uri 2016 and Pulwama 2019 with); docs/rules.md, section 10."""
APPEAL_PULL = 0.3
"""Extra worth, per severity point, of appealing to a trusted broker after an incident."""
PROVOCATION_RELIEF = 0.4
"""Share of the reluctance to cross into overt force that each severity point of an
incident the actor must answer removes (Uri 2016, Pulwama 2019: punitive strikes
within two weeks of a mass-casualty attack)."""
LOSING_SHARE = 0.4
"""Capability share below which a state counts itself as losing a war."""
MEDIATION_PULL = 0.4
"""Extra worth of stepping back while a trusted third party mediates (Yusuf 2018)."""
MEDIATOR_LEAN = 0.4
"""Extra worth of stepping back for the side the mediator holds more responsible: the
broker's pressure falls hardest on it (the United States on Pakistan in 1999 and 2019:
withdrawal from Kargil, the pilot's return; Yusuf 2018, ch. 3 and 6)."""
SEIZURE_PULL = 0.4
"""Extra worth of an answer in proportion when the rival has seized ground: states
fight to undo a fait accompli of regular forces (Altman 2017; Kargil 1999)."""
MEDIATION_RESTRAINT = 0.3
"""Worth lost by climbing while a trusted third party mediates (Yusuf 2018)."""
TIED_HANDS = 0.15
"""Extra worth of carrying out a threat made in public (audience costs, Fearon 1994)."""


def lever_pull(scenario: m.Scenario, state: GameState, actor: str, lever: m.Lever
               ) -> tuple[float, str]:
    """How much the actor's doctrine wants a lever now, from what it is for (its
    mechanisms), not from the indicators it would be judged by."""
    pull, why = 0.0, []
    seen = state.perceived.get(actor, {})
    for rid in lever.broker:
        crisis = state.rivalries[rid].crisis is not None or any(
            i.rivalry == rid for i in state.incidents)
        gain = 0.2 * max(0, seen.get(rid, 0) - 2) + (0.3 if crisis else 0.0)
        if gain:
            pull += gain
            why.append(f"brokering {rid}")
    for rid in lever.crisis_channels:
        if not state.rivalries[rid].channel:
            gain = 0.15 * max(0, seen.get(rid, 0) - 1)
            if gain:
                pull += gain
                why.append(f"a channel on {rid}")
    for aim in lever.aims:
        for objective in scenario.objectives:
            if objective.actor == actor and _names_indicator(objective.condition,
                                                             aim.indicator) and \
                    not holds(objective.condition, scenario, state, Context(actor)):
                pull += 0.25
                why.append(f"objective {objective.id}")
    return pull, ", ".join(why)


def _names_indicator(cond: m.Condition, indicator: str) -> bool:
    if isinstance(cond, m.IndicatorAtLeast):
        return cond.indicator_at_least.indicator == indicator
    if isinstance(cond, m.IndicatorAtMost):
        return cond.indicator_at_most.indicator == indicator
    return False


def _initial_suspicion(scenario: m.Scenario, observer: str, subject: str) -> float:
    """The scenario's starting suspicion of ``observer`` toward ``subject`` (public data)."""
    memo: dict[str, dict[str, float]] = scenario.derived("doctrine_initial_beliefs", dict)
    found = memo.get(observer)
    if found is None:
        found = memo[observer] = default_beliefs(scenario, observer)
    return found.get(subject, 0.3)


def _trusted_broker(scenario: m.Scenario, state: GameState, rivalry: m.Rivalry,
                    actor: str) -> bool:
    """Whether ``actor`` expects a broker to be accepted by both sides: its own suspicion
    of the broker as it stands, the other side's as the scenario starts it (the other's
    current suspicion is hidden from ``actor``; levers and the brokers are public)."""
    brokers = list(rivalry.brokers) + [scenario.lever(lv).actor for lv in state.levers
                                        if rivalry.id in scenario.lever(lv).broker]
    others = [side for side in rivalry.sides if side != actor]
    return any(state.belief(actor, b) < MEDIATOR_TRUST and all(
        _initial_suspicion(scenario, side, b) < MEDIATOR_TRUST for side in others)
        for b in brokers if b not in rivalry.sides)


def score_order(scenario: m.Scenario, state: GameState, order: Order, seed: int,
                crossed: set[str] | None = None) -> Choice:
    """``crossed``: :func:`red_lines_crossed` for the order's actor, when already known."""
    scored = _score(scenario, state, order, seed,
                    _outlook(scenario, state, order.actor, crossed), _static(scenario, order))
    assert scored is not None
    return Choice(order, *scored)


def _rivalry_terms(scenario: m.Scenario, state: GameState, rivalry: m.Rivalry, actor: str,
                   outlook: _Outlook) -> _RivalryTerms:
    found = outlook.rivalry_terms.get(rivalry.id)
    if found is None:
        broker = mediator(state, rivalry.id)
        if broker is not None and not state.belief(actor, broker) < MEDIATOR_TRUST:
            broker = None
        found = outlook.rivalry_terms[rivalry.id] = _RivalryTerms(
            state.rivalries[rivalry.id].tension.get(actor, 0.0), broker,
            _pending_offer(scenario, state, rivalry, actor))
    return found


_BELOW_ANY_NOISE = HOLD_FLOOR - NOISE / 2 - 1e-9
"""A score before its tie-breaking noise below this ends below :data:`HOLD_FLOOR`
whatever the noise (it lies in [-NOISE/2, NOISE/2))."""


def _score(scenario: m.Scenario, state: GameState, order: Order, seed: int,
           outlook: _Outlook, static: _Static, *, pickable_only: bool = False
           ) -> tuple[float, _Why] | None:
    """The order's score and what its reason says (a :class:`Choice` unbuilt: most
    scored orders are never picked); with ``pickable_only``, None for one that ends below
    :data:`HOLD_FLOOR` whatever its noise (it is never picked: its draw is not made)."""
    move, doctrine, rivalry, fixed, noise_key, pull, hostile_move, overt, cost, \
        reluctance, _ = static
    category = move.category
    perceived = outlook.perceived.get(rivalry.id, 0) if rivalry else 0
    hostility = outlook.beliefs.get(order.target, 0.3) if order.target else 0.3
    resolve = outlook.resolve
    risk = outlook.risk
    crossed = outlook.crossed
    if order.target is not None and order.target in crossed:
        hostility = max(hostility, 0.9)
        risk = min(1.0, risk + 0.2)
    # Incidents this actor must answer on this rivalry.
    severity = 0
    seized = False
    if outlook.incidents and rivalry is not None:
        for incident in outlook.incidents:
            if incident.rivalry == rivalry.id and \
                    incident.against.get(order.actor) == order.target:
                severity = max(severity, incident.severity)
                seized = seized or incident.cause == "seizure"
    if severity >= 2 and order.target not in crossed:
        # A major incident (mass casualties, ground seized) acts as a red line crossed by
        # the actor held responsible, whether or not the scenario names it as one.
        hostility = max(hostility, 0.9)
        risk = min(1.0, risk + 0.2)
    if category is m.Category.DE_ESCALATION:
        base = (1 - hostility) * 0.9 + 0.12 * max(0, perceived - 2)
    elif category is m.Category.STATUS_QUO:
        base = 0.25
    elif category is m.Category.POSTURING:
        base = 0.3 + 0.6 * hostility
    elif category is m.Category.NON_VIOLENT:
        base = 0.2 + 0.8 * hostility
    elif category is m.Category.VIOLENT:
        base = 1.5 * hostility * risk
    else:
        base = 0.2 * risk * hostility
    notes: list[str] = []
    terms = None if rivalry is None else (
        outlook.rivalry_terms.get(rivalry.id) or
        _rivalry_terms(scenario, state, rivalry, order.actor, outlook))
    # Pressure of hostility (Richardson tension) on the leaders' choices.
    if terms is not None and rivalry is not None and hostile_move:
        press = min(1.0, max(0.0, terms.tension / (rivalry.drift.band * (perceived + 1)) - 1.0))
        base += (0.3 * risk if category is m.Category.VIOLENT else 0.2) * press
    if severity:
        if hostile_move and move.rung >= perceived - 1:
            # The answer expected at home is in proportion to the blow: in kind for a
            # minor incident, one rung above what the actor sees for a major one.
            in_proportion = move.rung >= perceived + severity - 1
            base += INCIDENT_PULL * severity * resolve * (1.0 if in_proportion else 0.5)
            if in_proportion and seized:
                base += SEIZURE_PULL
                notes.append("to take back the ground seized")
            notes.append(f"answering an incident (severity {severity})")
        elif move.requests_mediation and rivalry is not None and \
                _trusted_broker(scenario, state, rivalry, order.actor):
            base += APPEAL_PULL * severity
            notes.append("appealing to a broker after an incident")
    step = move.rung - perceived
    penalty = 0.0
    if step > 1:
        penalty += 0.55 * (step - 1)
    if fixed is not None and move.rung == fixed.nuclear_signalling:
        # Nuclear signalling: weighed once the actor sees overt force against it, most
        # of all after a red line is crossed (Pakistan's full-spectrum deterrence).
        if perceived >= overt:
            base = 1.2 * hostility * risk + (0.3 if order.target in crossed else 0.0)
            penalty += 0.5
        else:
            penalty += 2.0
    if fixed is not None and move.rung >= fixed.nuclear_use:
        # Nuclear use: a taboo that only a crossed red line in a nuclear crisis may break.
        # Only a state that is also losing weighs it (Pakistan's stated thresholds: loss of
        # territory or of much of its forces; Kidwai, in Cotta-Ramusino & Martellini 2002).
        # The balance is read only between sides already at war (the actor sees rung 7 or
        # more), where fighting reveals it to both (Wagner 2000; Slantchev 2003).
        desperate = perceived >= fixed.nuclear_signalling and hostility >= 0.85 and \
            order.target in crossed and order.target is not None and \
            capability_share(scenario, state, order.actor, order.target) < LOSING_SHARE
        base = 3.0 * risk + 0.5 if desperate else base
        penalty += 0.6 if desperate else 3.0
    broker = terms.broker if terms is not None else None
    if broker is not None:
        # A broker both sides depend on presses them not to climb into force and offers
        # cover and incentives for stepping back (Yusuf 2018: the US in 1999, 2001-02 and
        # 2019). It does not hold back a show of force below that line: the aggrieved
        # side's mobilisation is how it brings the broker's pressure to bear on its rival
        # (brokered bargaining; Operation Parakram, 2001-02: Yusuf 2018, ch. 4).
        if hostile_move and step > 0 and move.rung >= overt:
            penalty += MEDIATION_RESTRAINT
            notes.append(f"{broker} is mediating")
        elif category is m.Category.DE_ESCALATION:
            base += MEDIATION_PULL
            # The broker makes plain to the sides (not to a proxy) whom it presses hardest.
            side = rivalry is not None and order.actor in rivalry.sides
            if order.target is not None and side and \
                    state.belief(broker, order.actor) > state.belief(broker, order.target):
                base += MEDIATOR_LEAN
                notes.append(f"{broker} is mediating and presses {order.actor} hardest")
            else:
                notes.append(f"{broker} is mediating")
    if move.rung >= overt and hostile_move and (step > 0 or not severity):
        # Reluctance to use force openly: to be the first to cross into it, or to go on
        # striking with no fresh blow to answer (a reprisal answers a provocation; it is
        # not a campaign). A provocation the actor must answer lowers it (the audience
        # cost of restraint: Fearon 1994).
        provoked = max(0.0, 1.0 - PROVOCATION_RELIEF * severity)
        penalty += reluctance * provoked
    if hostile_move and perceived < move.rung and \
            outlook.signals.get(order.target or "", -1) == move.rung:
        base += TIED_HANDS
        notes.append("carrying out a public threat")
    answering = terms is not None and category is m.Category.DE_ESCALATION and terms.offer
    if answering:
        base += RECIPROCITY * (1 - hostility) + 0.3 * doctrine.restraint
    if move.lever is not None:
        found = outlook.lever_pulls.get(move.lever)
        if found is None:
            found = outlook.lever_pulls[move.lever] = lever_pull(
                scenario, state, order.actor, scenario.lever(move.lever))
        gain, why = found
        base += gain
        if why:
            notes.append(f"lever for {why}")
    before_noise = base - penalty + pull - cost
    if pickable_only and before_noise < _BELOW_ANY_NOISE:
        return None
    score = before_noise + NOISE * (draw_keyed(seed, state.turn, noise_key) - 0.5)
    return score, (move.name, rivalry.id if rivalry else None, perceived,
                   order.target if answering else None, tuple(notes), order.target,
                   hostility, risk)


def _pickable(move: m.Move, allow_levers: bool) -> bool:
    """Whether :func:`choose_orders` may put an order of ``move`` on the sheet: never a
    hold (an empty sheet holds), a lever only when levers are allowed."""
    return move.category != m.Category.STATUS_QUO and not (move.lever and not allow_levers)


def choose_orders(scenario: m.Scenario, state: GameState, actor: str, seed: int, *,
                  allow_levers: bool = True,
                  legal: Sequence[Order] | None = None) -> OrderSheet:
    """The order sheet a computer-played actor submits this turn, with its reasons.

    ``allow_levers=False`` keeps policy levers for human players and experiments.
    ``legal``: the orders open to the actor, when already known. Which orders are open
    is the umpire's ruling (the rules read the whole state, as a team's order screen
    does); the choice among them reads only what the actor can know (docs/rules.md,
    "What computer players know").
    """
    limit = scenario.metadata.orders_per_turn
    outlook = _outlook(scenario, state, actor, None)
    # Orders that are never picked are not scored: holds, levers when not allowed, and
    # orders that end below the hold floor whatever their noise. Leaving them out of the
    # ranking changes neither the order of the rest nor where the picking below stops.
    open_orders = legal_orders(scenario, state, actor) if legal is None else legal
    ranked: list[tuple[float, str, str, Order, _Why, _Static]] = []
    statics = _statics(scenario)
    for order in open_orders:
        static = statics.get((order.actor, order.move, order.target)) or \
            _static(scenario, order)
        if not static.pickable[allow_levers]:
            continue
        scored = _score(scenario, state, order, seed, outlook, static, pickable_only=True)
        if scored is not None:
            ranked.append((-scored[0], order.move, order.target or "", order, scored[1],
                           static))
    ranked.sort(key=lambda r: r[:3])
    budget = state.variables[actor].get("resources", float("inf"))
    picked: list[tuple[Choice, _Static]] = []
    used_rivalries: set[str | None] = set()
    for minus_score, _, _, order, why, static in ranked:
        if len(picked) >= limit or -minus_score < HOLD_FLOOR:
            break
        move = static.move
        key = static.rivalry.id if static.rivalry else f"lever:{move.id}"
        if key in used_rivalries or move.cost.resources > budget + 1e-9:
            continue
        budget -= move.cost.resources
        used_rivalries.add(key)
        picked.append((Choice(order, -minus_score, why), static))
    signals = []
    for choice, static in picked:
        if static.move.category == m.Category.DE_ESCALATION and choice.order.target:
            riv = static.rivalry
            seen = state.perceived.get(actor, {}).get(riv.id, 0) if riv else 0
            signals.append(Signal(actor, choice.order.target, max(0, seen - 1), True, 0.0,
                                  "we seek to lower tensions"))
    reasons = tuple(c.reason for c, _ in picked) or ("nothing worth the risk this turn: holds",)
    return OrderSheet(actor, tuple(c.order for c, _ in picked), tuple(signals[:1]), reasons)
