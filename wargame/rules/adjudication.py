"""Adjudication of one move: odds, PROs and CONs, dice, outcome band, decision check, war gate.

The engine *proposes*; the facilitator may accept, re-roll with a reason, add a
strong-argument PRO or CON, or override the outcome with a reason
(semi-rigid adjudication; escalation-modeling.md section 8.3):

``logit P = logit(base) + w_pro * (PROs - CONs) + w_cap * ln(capability ratio) + 0.3 * resources``

Bands on a uniform roll u: critical u < 0.05 P; success u < P; partial u < P + 0.10;
blowback u >= 0.97; otherwise failure. The equivalent 2d6 target and roll are shown.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from wargame.orders import Order, OrderSheet, Outcome, Ruling, RulingKind, order_key
from wargame.rng import Dice, draw, two_d6_roll, two_d6_target
from wargame.rules.conditions import Context, describe, holds, inv_logit, logit
from wargame.rules.legality import rivalry_for, targets_for, why_illegal
from wargame.rules.rungs import fixed_rungs
from wargame.scenario import models as m
from wargame.state import GameState

CRITICAL_SHARE = 0.05
PARTIAL_MARGIN = 0.10
BLOWBACK_FROM = 0.97
RESOURCE_WEIGHT = 0.3


@dataclass(frozen=True, slots=True)
class Factor:
    """One PRO (positive) or CON (negative) and where it came from."""

    label: str
    pros: float
    source: str = "rule"

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "pros": self.pros, "source": self.source}


@dataclass(frozen=True, slots=True)
class DecisionCheck:
    """Leadership decision check for a jump or a threshold crossing."""

    reason: str
    probability: float
    roll: float
    passed: bool
    substitute: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"reason": self.reason, "probability": round(self.probability, 4),
                "roll": round(self.roll, 4), "passed": self.passed, "substitute": self.substitute}


@dataclass(frozen=True, slots=True)
class Adjudication:
    """The proposed (or ruled) result of one order, with everything that produced it."""

    key: str
    order: Order
    move: str
    rivalry: str | None
    from_rung: int
    jump: bool
    thresholds: tuple[str, ...]
    base: float
    factors: tuple[Factor, ...]
    capability_term: float
    probability: float
    roll: float
    outcome: Outcome
    proposed: Outcome
    decision: DecisionCheck | None = None
    war_gate: bool = False
    """The move was held at the war gate (rung 5) and off-ramps offered."""
    rerolls: int = 0
    ruling: Ruling | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def target_2d6(self) -> int:
        return two_d6_target(self.probability)

    @property
    def roll_2d6(self) -> int:
        return two_d6_roll(self.roll)

    @property
    def overridden(self) -> bool:
        return self.ruling is not None and self.ruling.kind == RulingKind.OVERRIDE

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key, "order": self.order.to_dict(), "move": self.move,
            "rivalry": self.rivalry, "from_rung": self.from_rung, "jump": self.jump,
            "thresholds": list(self.thresholds), "base": self.base,
            "factors": [f.to_dict() for f in self.factors],
            "capability_term": round(self.capability_term, 4),
            "probability": round(self.probability, 4), "roll": round(self.roll, 4),
            "two_d6": {"target": self.target_2d6, "roll": self.roll_2d6},
            "outcome": self.outcome.value, "proposed": self.proposed.value,
            "decision": self.decision.to_dict() if self.decision else None,
            "war_gate": self.war_gate, "rerolls": self.rerolls,
            "ruling": self.ruling.to_dict() if self.ruling else None,
            "notes": list(self.notes),
        }


def band(probability: float, roll: float) -> Outcome:
    """Outcome band of a uniform ``roll`` against success ``probability``."""
    if roll < CRITICAL_SHARE * probability:
        return Outcome.CRITICAL
    if roll < probability:
        return Outcome.SUCCESS
    if roll >= BLOWBACK_FROM:
        return Outcome.BLOWBACK
    if roll < probability + PARTIAL_MARGIN:
        return Outcome.PARTIAL
    return Outcome.FAILURE


def success_probability(base: float, pros: float, capability_term: float,
                        resources: float, params: m.RuleParams) -> float:
    """The logit-space odds formula of section 8.3."""
    x = logit(base) + params.pro_weight * pros + capability_term + RESOURCE_WEIGHT * resources
    return inv_logit(x)


def base_odds(move: m.Move) -> float:
    return m.ODDS_VALUES[move.odds] if isinstance(move.odds, m.Odds) else float(move.odds)


def capability_term(scenario: m.Scenario, state: GameState, move: m.Move, actor: str,
                    target: str | None) -> float:
    """w_cap * ln(capability ratio) for forceful moves (posturing and above), else 0."""
    forceful = move.category in (m.Category.POSTURING, m.Category.VIOLENT, m.Category.NUCLEAR)
    if not forceful or target is None or "capability" not in state.variables[actor]:
        return 0.0
    own = max(0.5, state.variables[actor]["capability"])
    other = max(0.5, state.variables[target]["capability"])
    return scenario.rules.capability_weight * math.log(own / other)


def crossed_thresholds(scenario: m.Scenario, rivalry: m.Rivalry, low: int, high: int
                       ) -> tuple[str, ...]:
    """Ids of thresholds between rung ``low`` and rung ``high`` (going up)."""
    ladder = scenario.ladder(rivalry.ladder)
    return tuple(t.id for t in ladder.thresholds if low <= t.below < high)


def rule_factors(scenario: m.Scenario, state: GameState, order: Order, move: m.Move,
                 rivalry: m.Rivalry | None, sheets: Mapping[str, OrderSheet]) -> list[Factor]:
    """PROs and CONs from the move's data and from the generic rules."""
    ctx = Context(order.actor, order.target, rivalry.id if rivalry else None)
    factors = [Factor(mod.reason, mod.pros, "scenario")
               for mod in move.modifiers if holds(mod.when, scenario, state, ctx)]
    if rivalry is None or order.target is None:
        return factors
    forceful = move.category in (m.Category.VIOLENT, m.Category.NUCLEAR)
    # Counter-moves: the target postures or strikes on the same rivalry this turn.
    target_sheet = sheets.get(order.target)
    if forceful and target_sheet is not None:
        for other in target_sheet.orders:
            other_move = scenario.move(other.move)
            other_riv = rivalry_for(scenario, other.actor, other.target)
            if other_riv is not None and other_riv.id == rivalry.id and \
                    other_move.category == m.Category.POSTURING:
                factors.append(Factor(f"{order.target} is on guard ({other_move.name})", -1))
                break
    # Opportunism and overstretch (Colaresi & Thompson; resource competition).
    for front in scenario.rivalries_of(order.target):
        if front.id != rivalry.id and state.rivalries[front.id].rung >= 5 and \
                2 <= move.rung <= 5:
            factors.append(Factor(f"{order.target} is heavily engaged on {front.name}", 1))
            break
    for front in scenario.rivalries_of(order.actor):
        if front.id != rivalry.id and state.rivalries[front.id].rung >= 5:
            if scenario.actor(order.actor).nuclear and move.rung == 7:
                factors.append(Factor("conventional overstretch: leans on nuclear signals", 1))
            elif forceful:
                factors.append(Factor(f"overstretched by {front.name}", -1))
            break
    # A mediator at work (Yusuf 2018): pressure against climbing, help for stepping down.
    crisis = state.rivalries[rivalry.id].crisis
    if crisis is not None and crisis.mediator is not None and \
            crisis.mediation_until >= state.turn:
        if move.rung > 4 and move.rung > state.rivalries[rivalry.id].rung:
            factors.append(Factor(f"{crisis.mediator} mediates: pressure to stop", -1))
        if move.category == m.Category.DE_ESCALATION:
            factors.append(Factor(f"{crisis.mediator} mediates: carries the offer", 1))
        return factors
    # Third-party broker and its moral hazard (Yusuf 2011).
    for lever_id in state.levers:
        lever = scenario.lever(lever_id)
        if rivalry.id not in lever.broker:
            continue
        trusted = all(state.belief(side, lever.actor) < 0.5 for side in rivalry.sides)
        if not trusted:
            continue
        if move.rung > 4 and move.rung > state.rivalries[rivalry.id].rung:
            factors.append(Factor(f"{lever.actor} brokers: pressure to stop", -1))
        if 3 <= move.rung <= 5:
            factors.append(Factor("moral hazard: expects to be rescued",
                                  scenario.rules.broker_moral_hazard))
    return factors


def effective_resolve(scenario: m.Scenario, state: GameState, actor: str) -> float:
    """Doctrine resolve, raised by domestic weakness (diversion and outbidding under
    domestic pressure: Levy 1989; the army's standing in Pakistan) by
    ``domestic_resolve_weight`` per point of stability below the variable's default."""
    resolve = scenario.actor(actor).doctrine.resolve
    if not scenario.has("variable", "stability"):
        return resolve
    default = scenario.variable("stability").default
    stability = state.variables[actor].get("stability", default)
    weakness = max(0.0, default - stability)
    return min(0.98, resolve + scenario.rules.domestic_resolve_weight * weakness)


def decision_probability(scenario: m.Scenario, state: GameState, order: Order,
                         rivalry: m.Rivalry, jump_size: int, thresholds: Sequence[str]) -> float:
    """P(leadership approves) for a jump or a threshold crossing (section 8.3 step 3)."""
    p = effective_resolve(scenario, state, order.actor) - 0.1 * max(0, jump_size - 1)
    if "no_nuclear_use" in thresholds or "central_war" in thresholds:
        # Nuclear use needs a second, independent confirmation (EM 8.3 step 3): both
        # approvals at the lowered level.
        p = max(0.0, p - 0.3) ** 2
    elif "nuclear_threshold" in thresholds:
        p -= 0.1
    declared = state.signals.get(order.actor, {}).get(order.target or "", -1)
    if declared >= scenario.move(order.move).rung:
        p += 0.1  # audience costs of a prior public commitment
    # A leadership answering an incident it blames on the target is pressed at home to
    # act (audience costs of restraint, Fearon 1994): +PROVOKED_APPROVAL per severity
    # point, never for nuclear use.
    if "no_nuclear_use" not in thresholds and "central_war" not in thresholds:
        severity = max((i.severity for i in state.incidents
                        if i.rivalry == rivalry.id and order.actor in i.deciders
                        and i.against.get(order.actor) == order.target
                        and i.due <= state.turn), default=0)
        p += PROVOKED_APPROVAL * severity
    return max(0.02, min(0.98, p))


PROVOKED_APPROVAL = 0.1
"""Approval added per severity point of an incident the mover is answering."""


def substitute_move(scenario: m.Scenario, state: GameState, order: Order, below: int
                    ) -> Order | None:
    """The highest legal move one rung lower against the same target."""
    best: tuple[int, str] | None = None
    for move in scenario.moves:
        if order.actor not in move.actors or move.rung >= below or move.lever:
            continue
        if order.target not in targets_for(scenario, move, order.actor):
            continue
        candidate = Order(order.actor, move.id, order.target, order.rationale)
        if why_illegal(scenario, state, candidate) is not None:
            continue
        key = (move.rung, move.id)
        if best is None or key[0] > best[0] or (key[0] == best[0] and key[1] < best[1]):
            best = key
    return None if best is None else Order(order.actor, best[1], order.target, order.rationale)


COMMITMENT_SUSPICION = 0.9
"""Suspicion at which the mover fears being struck first (pre-emption, Fearon 1995)."""
PREEMPTION_BONUS = 0.1
"""Commitment term added when the mover fears a first strike (Fearon 1995, section 4)."""


@dataclass(frozen=True, slots=True)
class BargainingTest:
    """The war-onset test of one move to major war (Fearon 1995; Powell 2006; EM 6.2).

    Each side holds a private estimate of its chance of winning: its capability
    share, shifted in logit space by its risk appetite (optimism) and by keyed
    noise (private information; a crisis channel or a mediator halves the noise).
    War passes only when the estimates leave no bargain both prefer:
    ``(p̂_a - c_a) + (p̂_b - c_b) + commitment > 1``. The commitment term is the
    mover's preventive motive when its share has declined (a power shift) plus a
    pre-emptive motive when it is nearly sure the other side is hostile.
    """

    estimates: tuple[tuple[str, float], ...]
    costs: tuple[tuple[str, float], ...]
    commitment: float
    surplus: float
    """Left side of the test minus 1: war passes when it is positive."""

    @property
    def war(self) -> bool:
        return self.surplus > 0

    def describe(self) -> str:
        parts = [f"{a} expects {p:.0%} (cost {c:.2f})"
                 for (a, p), (_, c) in zip(self.estimates, self.costs, strict=True)]
        verdict = "no bargain both prefer: war" if self.war else "a bargain both prefer exists"
        return (f"bargaining test: {'; '.join(parts)}; commitment {self.commitment:+.2f}; "
                f"surplus {self.surplus:+.2f}: {verdict}")


def capability_share(scenario: m.Scenario, state: GameState, side: str, other: str,
                     initial: bool = False) -> float:
    """``side``'s share of the dyad's military capability (now, or at the start)."""
    def cap(actor: str) -> float:
        if initial:
            default = scenario.variable("capability").default if scenario.has(
                "variable", "capability") else 5.0
            value = scenario.actor(actor).variables.get("capability", default)
        else:
            value = state.variables[actor].get("capability", 5.0)
        return max(0.5, value)
    own, theirs = cap(side), cap(other)
    return own / (own + theirs)


def bargaining_test(scenario: m.Scenario, state: GameState, rivalry: m.Rivalry,
                    mover: str | None, seed: int) -> BargainingTest:
    """Run the war-onset test for a move to major war on ``rivalry`` (see the class)."""
    rules = scenario.rules
    a, b = rivalry.sides
    riv = state.rivalries[rivalry.id]
    informed = riv.channel or (riv.crisis is not None and riv.crisis.mediator is not None
                               and riv.crisis.mediation_until >= state.turn)
    noise = rules.war_estimate_noise * (0.5 if informed else 1.0)
    nuclear_pair = scenario.actor(a).nuclear and scenario.actor(b).nuclear
    estimates: list[tuple[str, float]] = []
    costs: list[tuple[str, float]] = []
    for side, other in ((a, b), (b, a)):
        share = capability_share(scenario, state, side, other)
        u = draw(seed, state.turn, "war_estimate", f"{rivalry.id}:{side}")
        u = min(max(u, 1e-6), 1 - 1e-6)
        # Logistic noise with standard deviation ``noise`` (sd of the logistic is s*pi/sqrt 3).
        eps = noise * math.sqrt(3) / math.pi * math.log(u / (1 - u))
        optimism = scenario.actor(side).doctrine.risk_appetite - 0.5
        estimates.append((side, inv_logit(logit(share) + optimism + eps)))
        costs.append((side, rules.war_cost + (rules.nuclear_war_cost if nuclear_pair else 0.0)))
    commitment = 0.0
    if mover in rivalry.sides:
        other = b if mover == a else a
        decline = capability_share(scenario, state, mover, other, initial=True) - \
            capability_share(scenario, state, mover, other)
        commitment += rules.power_shift_weight * max(0.0, decline)
        if state.belief(mover, other) >= COMMITMENT_SUSPICION:
            commitment += PREEMPTION_BONUS
        if any(i.cause == "seizure" and i.rivalry == rivalry.id and mover in i.deciders
               for i in state.incidents):
            commitment += rules.fait_accompli_weight
    surplus = sum(p for _, p in estimates) - sum(c for _, c in costs) + commitment - 1.0
    return BargainingTest(tuple(estimates), tuple(costs), commitment, surplus)


def adjudicate(scenario: m.Scenario, state: GameState, sheets: Mapping[str, OrderSheet],
               rulings: Mapping[str, Sequence[Ruling]], seed: int) -> tuple[Adjudication, ...]:
    """Propose (and apply rulings to) the adjudication of every order this turn."""
    results: list[Adjudication] = []
    for actor in sorted(sheets):
        for index, order in enumerate(sheets[actor].orders):
            key = order_key(actor, index)
            results.append(_adjudicate_one(scenario, state, order, key, sheets,
                                           tuple(rulings.get(key, ())), seed))
    return tuple(results)


def _adjudicate_one(scenario: m.Scenario, state: GameState, order: Order, key: str,
                    sheets: Mapping[str, OrderSheet], rulings: tuple[Ruling, ...],
                    seed: int) -> Adjudication:
    dice = Dice(seed, state.turn, keep=False)  # the adjudication records its own rolls
    move = scenario.move(order.move)
    rivalry = rivalry_for(scenario, order.actor, order.target)
    from_rung = state.rivalries[rivalry.id].rung if rivalry else 0
    notes: list[str] = []
    decision: DecisionCheck | None = None
    jump = False
    thresholds: tuple[str, ...] = ()
    war_gate = False
    passes_gate = any(r.kind == RulingKind.WAR_GATE for r in rulings)
    if rivalry is not None and move.rung > from_rung:
        jump = move.rung > from_rung + 1
        thresholds = crossed_thresholds(scenario, rivalry, from_rung, move.rung)
        if jump or thresholds:
            reason = "jump" if jump else "threshold " + ", ".join(thresholds)
            p_go = decision_probability(scenario, state, order, rivalry,
                                        move.rung - from_rung, thresholds)
            u = dice.roll("decision", key)
            substitute: Order | None = None
            if u >= p_go:
                substitute = substitute_move(scenario, state, order, move.rung)
            decision = DecisionCheck(reason, p_go, u, u < p_go,
                                     substitute.move if substitute else None)
            if substitute is not None:
                notes.append(f"leadership balked; {scenario.move(substitute.move).name} instead")
                order = substitute
                move = scenario.move(order.move)
                jump = move.rung > from_rung + 1
                thresholds = crossed_thresholds(scenario, rivalry, from_rung, move.rung)
        war_rung = fixed_rungs(scenario, rivalry).major_war
        if move.rung >= war_rung > from_rung and move.category == m.Category.VIOLENT:
            test = bargaining_test(scenario, state, rivalry, order.actor, seed)
            notes.append(test.describe())
            if not test.war and not passes_gate:
                war_gate = True
                notes.append(f"war gate: held at rung {war_rung - 1}; mediation offered")
    base = base_odds(move)
    factors = rule_factors(scenario, state, order, move, rivalry, sheets)
    rerolls = 0
    for ruling in rulings:
        if ruling.kind == RulingKind.STRONG_ARGUMENT:
            factors.append(Factor(ruling.reason or "strong and credible argument",
                                  ruling.pros, "facilitator"))
        elif ruling.kind == RulingKind.REROLL:
            rerolls += 1
    cap_term = capability_term(scenario, state, move, order.actor, order.target)
    pros = sum(f.pros for f in factors)
    probability = success_probability(base, pros, cap_term, move.cost.resources, scenario.rules)
    roll = dice.roll("adjudication", key, rerolls)
    proposed = band(probability, roll)
    ctx = Context(order.actor, order.target, rivalry.id if rivalry else None)
    if not holds(move.requires, scenario, state, ctx):
        # Ordered on the actor's (mis)perceived picture; reality does not allow it.
        probability, proposed = 0.0, Outcome.FAILURE
        notes.append(f"the situation was not as {order.actor} believed "
                     f"({describe(move.requires)}): the move cannot succeed")
    outcome = proposed
    final_ruling: Ruling | None = rulings[-1] if rulings else None
    for ruling in rulings:
        if ruling.kind == RulingKind.OVERRIDE and ruling.outcome is not None:
            outcome = ruling.outcome
            final_ruling = ruling
    return Adjudication(
        key=key, order=order, move=move.id, rivalry=rivalry.id if rivalry else None,
        from_rung=from_rung, jump=jump, thresholds=thresholds, base=base,
        factors=tuple(factors), capability_term=cap_term, probability=probability,
        roll=roll, outcome=outcome, proposed=proposed, decision=decision,
        war_gate=war_gate, rerolls=rerolls, ruling=final_ruling, notes=tuple(notes),
    )

