"""Signals, sealed orders and their resolution: costs, effects, ladder moves, de-escalation.

Ladder rules (escalation-modeling.md 8.1): a successful move sets the rung to
max(current, move rung); a climb of more than one rung is a *jump*; coming back
down needs reciprocated de-escalation (both sides within a window of turns), and
across a sticky threshold two reciprocated rounds.
"""

from __future__ import annotations

from dataclasses import replace

from wargame.log import Kind, Visibility, describe_changes
from wargame.orders import Order, Outcome, order_key
from wargame.payloads import (
    Adjudicated,
    DecisionTaken,
    EffectApplied,
    LeadershipCheck,
    LeverOff,
    LeverOn,
    MoveResolved,
    OffRampOffered,
    OrdersSealed,
    RulingApplied,
    RungMoved,
    RungStepped,
    SignalSent,
)
from wargame.rules import timescale
from wargame.rules.adjudication import Adjudication, _adjudicate_one
from wargame.rules.conditions import Context, apply_effect
from wargame.rules.context import Sighting, TurnContext
from wargame.rules.crisis import (
    CRISIS_RUNG,
    answer_incidents,
    mediator,
    nuclear_use,
    open_incident,
    propose_or_strike,
    request_mediation,
    stand_downs,
    stood_down,
    touch_crisis,
)
from wargame.rules.legality import backers, legal_orders, max_rung
from wargame.rules.rungs import fixed_rungs
from wargame.scenario import models as m
from wargame.state import ActiveEffect


def signals_phase(ctx: TurnContext) -> None:
    ctx.phase = "signals"
    for actor in sorted(ctx.sheets):
        for signal in ctx.sheets[actor].signals:
            ctx.draft.signals.setdefault(actor, {})[signal.toward] = signal.rung
            if signal.stake:
                prestige = ctx.draft.variables[actor].get("prestige")
                if prestige is not None:
                    ctx.draft.variables[actor]["prestige"] = max(0.0, prestige - signal.stake)
            words = f" \u2014 \u201c{signal.text}\u201d" if signal.text else ""
            text = (f"{ctx.name(actor)} signals rung {signal.rung} toward "
                    f"{ctx.name(signal.toward)}{words}")
            ctx.log(Kind.SIGNAL, text, actor=actor, target=signal.toward,
                    visibility=Visibility.PUBLIC if signal.public else Visibility.RESTRICTED,
                    audience=() if signal.public else (actor, signal.toward),
                    payload=SignalSent(signal.rung, signal.stake, signal.public))


def orders_phase(ctx: TurnContext) -> None:
    ctx.phase = "orders"
    total = sum(len(s.orders) for s in ctx.sheets.values())
    ctx.log(Kind.ORDER, f"{total} sealed orders from {len(ctx.sheets)} actors opened",
            payload=OrdersSealed(total))


def _visibility(move: m.Move, actor: str, target: str | None
                ) -> tuple[Visibility, tuple[str, ...]]:
    if move.visibility == m.Visibility.PUBLIC:
        return Visibility.PUBLIC, ()
    if move.visibility == m.Visibility.PRIVATE:
        return Visibility.RESTRICTED, tuple(a for a in (actor, target) if a)
    return Visibility.RESTRICTED, (actor,)


def resolution_phase(ctx: TurnContext) -> None:
    ctx.phase = "adjudication"
    stand_downs(ctx)
    for adj in ctx.adjudications:
        resolve_move(ctx, adj)
    spoilers(ctx)
    ctx.phase = "ladder"
    answer_incidents(ctx)
    reciprocity(ctx)


def resolve_move(ctx: TurnContext, adj: Adjudication, autonomous: bool = False) -> None:
    scenario, draft = ctx.scenario, ctx.draft
    order = adj.order
    move = scenario.move(adj.move)
    actor, target = order.actor, order.target
    vis, audience = _visibility(move, actor, target)
    for var, cost in (("resources", move.cost.resources), ("prestige", move.cost.prestige)):
        if cost and var in draft.variables[actor]:
            draft.variables[actor][var] = max(0.0, draft.variables[actor][var] - cost)
    ctx.turn_scores[actor] = ctx.turn_scores.get(actor, 0.0) + m.ES_WEIGHTS[move.category]
    if move.category == m.Category.STATUS_QUO:
        if ctx.record:
            ctx.log(Kind.ORDER, f"{ctx.name(actor)} holds its position",
                    visibility=Visibility.RESTRICTED, audience=(actor,), actor=actor,
                    payload=MoveResolved(adj.key, move.id, autonomous, move.category,
                                         move.rung, notes=tuple(adj.notes)))
        return
    if ctx.record:
        # The entries below are only written and formatted for a game that keeps its log.
        hostile = adj.rivalry is not None and move.category not in (
            m.Category.DE_ESCALATION, m.Category.STATUS_QUO)
        against = f" {'against' if hostile else 'toward'} {ctx.name(target)}" if target else ""
        ctx.log(Kind.ORDER, f"{ctx.name(actor)}: {move.name}{against}", visibility=vis,
                audience=audience, actor=actor, target=target, rivalry=adj.rivalry,
                payload=MoveResolved(adj.key, move.id, autonomous, move.category, move.rung))
        if adj.decision is not None:
            verdict = "approved" if adj.decision.passed else "refused"
            ctx.log(Kind.DECISION,
                    f"Leadership decision check ({adj.decision.reason}) for {ctx.name(actor)}: "
                    f"{verdict} ({adj.decision.probability:.0%}, rolled {adj.decision.roll:.2f})",
                    visibility=Visibility.RESTRICTED, audience=(actor,), actor=actor,
                    rivalry=adj.rivalry,
                    payload=DecisionTaken(adj.key, LeadershipCheck.of(adj.decision)))
        odds = (f"{adj.probability:.0%} (2d6: {adj.target_2d6}+), rolled {adj.roll_2d6} "
                f"-> {adj.outcome.value}")
        # The order's rationale and the leadership check stay with the team (see the sealed
        # orders and the decision entry); the adjudication itself is as visible as the move.
        ctx.log(Kind.ADJUDICATION, f"{move.name}: {odds}", visibility=vis, audience=audience,
                actor=actor, target=target, rivalry=adj.rivalry, payload=Adjudicated.of(adj))
        if adj.ruling is not None and adj.ruling.kind.value != "accept":
            ctx.log(Kind.OVERRIDE, f"White Cell {adj.ruling.kind.value.replace('_', ' ')} on "
                    f"{move.name}: {adj.ruling.reason}", visibility=vis, audience=audience,
                    actor=actor, rivalry=adj.rivalry,
                    payload=RulingApplied(adj.key, adj.proposed, adj.outcome, adj.ruling))
    rivalry = scenario.rivalry(adj.rivalry) if adj.rivalry else None
    if adj.war_gate and rivalry is not None:
        ctx.log(Kind.OFF_RAMP, f"War gate on {rivalry.name}: {ctx.name(actor)}'s move to "
                "major operations is held at limited strikes; mediation is offered to both "
                "sides", rivalry=rivalry.id, actor=actor, payload=OffRampOffered(adj.key))
        draft.flags.add(f"offramp:{rivalry.id}")
    effect_ctx = Context(actor, target, rivalry.id if rivalry else None)
    scale = adj.outcome.scale
    if scale > 0:
        results = [apply_effect(e, scenario, draft, effect_ctx, scale) for e in move.effects]
        if results and ctx.record:
            ctx.log(Kind.EFFECT, describe_changes(results), visibility=vis, audience=audience,
                    actor=actor, rivalry=adj.rivalry,
                    payload=EffectApplied(key=adj.key, changes=tuple(results)))
        if move.duration > 1 and move.effects:
            draft.active_effects.append(ActiveEffect(move.id, actor, target, effect_ctx.rivalry,
                                                     scale, move.duration - 1))
        if move.lever is not None:
            draft.levers[move.lever] = draft.turn
            lever = scenario.lever(move.lever)
            ctx.log(Kind.LEVER, f"Policy lever on: {lever.name}", actor=actor,
                    payload=LeverOn(lever.id))
        if move.ends_lever is not None and move.ends_lever in draft.levers:
            del draft.levers[move.ends_lever]
            lever = scenario.lever(move.ends_lever)
            ctx.log(Kind.LEVER, f"Policy lever off: {lever.name}", actor=actor,
                    payload=LeverOff(lever.id))
    if rivalry is not None:
        _move_ladder(ctx, adj, move, rivalry)
        if move.requests_mediation and adj.outcome.succeeded:
            request_mediation(ctx, adj, rivalry)
    if move.agreement is not None and scale > 0:
        agreement = scenario.agreement(move.agreement)
        propose_or_strike(ctx, adj, move.agreement,
                          _side(scenario, scenario.rivalry(agreement.rivalry), actor))
    ctx.sightings.append(Sighting(adj, actor, target, adj.rivalry, move, autonomous))


def _side(scenario: m.Scenario, rivalry: m.Rivalry, actor: str) -> str:
    """The side of a rivalry an actor acts for (its backer's side for an armed group)."""
    if actor in rivalry.sides:
        return actor
    for backer in backers(scenario, actor):
        if backer in rivalry.sides:
            return backer
    return rivalry.sides[0]


def _move_ladder(ctx: TurnContext, adj: Adjudication, move: m.Move, rivalry: m.Rivalry) -> None:
    scenario, draft = ctx.scenario, ctx.draft
    riv = draft.rivalries[rivalry.id]
    side = _side(scenario, rivalry, adj.order.actor)
    weight = m.ES_WEIGHTS[move.category]
    if weight != 0:
        covert = move.visibility == m.Visibility.COVERT
        factor = scenario.rules.covert_tension_weight if covert else 1.0
        added = factor * weight * max(adj.outcome.scale, 0.5)
        riv.tension[side] = max(0.0, riv.tension[side] + added)
    if move.category == m.Category.DE_ESCALATION:
        if adj.outcome in (Outcome.CRITICAL, Outcome.SUCCESS, Outcome.PARTIAL):
            ctx.deescalators.setdefault(rivalry.id, set()).add(side)
        return
    if weight > 0 and adj.order.actor not in rivalry.sides and \
            stood_down(draft, rivalry.id, adj.order.actor):
        # A stood-down group's act is a spoiler's: it presses the rivalry (the rung does
        # not ease) but neither keeps the crisis alive nor counts as its patron's climb.
        ctx.pressed.add(rivalry.id)
    elif weight > 0:
        ctx.hostile_top[rivalry.id] = max(move.rung, ctx.hostile_top.get(rivalry.id, -1))
        if move.rung >= riv.rung:
            # Acting at or above the current rung keeps the rivalry where it is or higher:
            # it spoils a reciprocated de-escalation; a lesser hostile act (a demarche
            # during a war) does not.
            ctx.escalators.setdefault(rivalry.id, set()).add(side)
            ctx.pressed.add(rivalry.id)
    top = max_rung(scenario, rivalry)
    fixed = fixed_rungs(scenario, rivalry)
    old = riv.rung
    new = old
    # The rung follows the attempt: a failed strike is still a strike; the roll decides
    # only its effects (docs/rules.md, section 4).
    attempt = min(move.rung, top, fixed.overt_force if adj.war_gate else top)
    if weight > 0 and adj.order.actor in rivalry.sides:
        riv.side_peak = max(riv.side_peak, attempt)
    if move.rung > old:
        new = attempt
    if new > old:
        public = move.visibility == m.Visibility.PUBLIC or adj.outcome == Outcome.BLOWBACK
        public_old = riv.public_rung
        riv.set_rung(new, public=public)
        riv.jumped = riv.jumped or new - old > 1
        riv.credit = 0
        name = scenario.rung_name(rivalry.id, new)
        vis = Visibility.PUBLIC if public else Visibility.FACILITATOR
        ctx.log(Kind.LADDER, f"{ctx.name(adj.order.actor)}'s {move.name} takes "
                f"{rivalry.name} from rung {old} to {new} ({name}), decided by "
                f"{ctx.name(adj.order.actor)}", visibility=vis, rivalry=rivalry.id,
                actor=adj.order.actor,
                payload=RungMoved(old=old, new=new, jump=new - old > 1, key=adj.key,
                                  outcome=adj.outcome, public_old=public_old,
                                  public_text=f"{ctx.name(adj.order.actor)}'s {move.name} "
                                  f"takes {rivalry.name} to rung {new} ({name})"))
        if new >= CRISIS_RUNG:
            touch_crisis(draft, rivalry.id, old, f"{move.name} by {ctx.name(adj.order.actor)}")
    if weight > 0 and adj.order.actor in rivalry.sides and riv.crisis is not None:
        riv.crisis = replace(riv.crisis, side_peak=max(riv.crisis.side_peak, attempt))
    if new > old and new >= fixed.nuclear_use:
        nuclear_use(ctx, adj, rivalry)
    target = adj.order.target
    if adj.outcome == Outcome.BLOWBACK and target is not None and target in rivalry.sides \
            and move.category in (m.Category.VIOLENT, m.Category.NUCLEAR):
        open_incident(ctx, rivalry, "blowback", 1, (target,), {target: adj.order.actor},
                      f"{ctx.name(adj.order.actor)}'s {move.name} goes wrong", rung=move.rung)


def reciprocity(ctx: TurnContext) -> None:
    """Reciprocated de-escalation lowers the rung (GRIT; EM 8.1 rule 4)."""
    scenario, draft = ctx.scenario, ctx.draft
    window = timescale.turns(scenario.rules.deescalation_window, timescale.factor(scenario))
    for rivalry in scenario.rivalries:
        riv = draft.rivalries[rivalry.id]
        now = ctx.deescalators.get(rivalry.id, set())
        escalated = bool(ctx.escalators.get(rivalry.id))
        if escalated:
            riv.credit = 0
        _expire(riv.deescalation, draft.turn, window)
        # A mediator carries each side's offer: under mediation an offer is answered
        # when the other side does not escalate this turn (a brokered ceasefire).
        brokered = mediator(draft, rivalry.id) is not None
        answered = any(
            (other := next(s for s in rivalry.sides if s != side)) in now
            or other in riv.deescalation
            or (brokered and other not in ctx.escalators.get(rivalry.id, set()))
            for side in now
        )
        if not answered or escalated or riv.rung == 0:
            for side in sorted(now):
                riv.deescalation[side] = draft.turn
                riv.tension[side] = max(0.0, riv.tension[side] - 4)
                ctx.log(Kind.LADDER, f"{ctx.name(side)} offers de-escalation on {rivalry.name}; "
                        "awaiting reciprocation", rivalry=rivalry.id, actor=side)
            continue
        riv.deescalation.clear()
        ladder = scenario.ladder(rivalry.ladder)
        sticky = any(t.below == riv.rung - 1 for t in ladder.thresholds)
        riv.credit += 1
        if sticky and riv.credit < 2:
            ctx.log(Kind.LADDER, f"Reciprocated de-escalation on {rivalry.name}: one more round "
                    "is needed to step back across the threshold", rivalry=rivalry.id)
            continue
        public_old = riv.public_rung
        old = riv.set_rung(riv.rung - 1, public=True)
        riv.credit = 0
        for side in riv.tension:
            riv.tension[side] *= 0.8
        ctx.log(Kind.LADDER, f"Reciprocated de-escalation: {rivalry.name} steps down from rung "
                f"{old} to {riv.rung} ({scenario.rung_name(rivalry.id, riv.rung)})",
                rivalry=rivalry.id,
                payload=RungStepped(old=old, new=riv.rung, public_old=public_old,
                                    public_text="Reciprocated de-escalation: "
                                    f"{rivalry.name} steps down to rung {riv.rung} "
                                    f"({scenario.rung_name(rivalry.id, riv.rung)})"))


def _expire(pending: dict[str, int], turn: int, window: int) -> None:
    for side in [s for s, t in pending.items() if turn - t > window]:
        del pending[side]


def spoilers(ctx: TurnContext) -> None:
    """Proxies act on their own with probability (1 - control) when a patron de-escalates."""
    scenario, draft = ctx.scenario, ctx.draft
    calming = {side for sides in ctx.deescalators.values() for side in sides}
    for rel in scenario.relationships:
        if rel.kind != "patron_proxy" or rel.patron not in calming:
            continue
        control = draft.control.get(f"{rel.patron}>{rel.proxy}", rel.control)
        sheet = ctx.sheets.get(rel.proxy)
        if sheet is not None and any(
                scenario.move(o.move).category == m.Category.VIOLENT for o in sheet.orders):
            continue
        if not ctx.dice.chance(1.0 - control, "proxy", rel.proxy):
            continue
        now = draft.freeze()  # one frozen copy for both look-ups (the draft does not change)
        options = [o for o in legal_orders(scenario, now, rel.proxy)
                   if scenario.move(o.move).category == m.Category.VIOLENT]
        if not options:
            continue
        choice = max(options, key=lambda o: (scenario.move(o.move).rung, o.move, o.target or ""))
        order = Order(rel.proxy, choice.move, choice.target, "acts on its own (spoiler)")
        key = order_key(rel.proxy, 9)
        adj = _adjudicate_one(scenario, now, order, key, ctx.sheets, (), ctx.dice.seed)
        if scenario.move(adj.move).category == m.Category.STATUS_QUO:
            continue  # the group's leaders held back after all
        ctx.private(Kind.PROXY, f"{ctx.name(rel.proxy)} defies {ctx.name(rel.patron)}'s "
                    f"de-escalation (control {control:.0%})", actor=rel.proxy,
                    rivalry=adj.rivalry)
        resolve_move(ctx, adj, autonomous=True)

