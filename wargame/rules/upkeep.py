"""End-of-turn rules: loss of control, Richardson drift, levers, upkeep and scoring.

* Loss of control (Schelling; Morgan et al. 2008), for every rivalry at rung >= 3:
  ``p = base * 2^(rung-3) * (1 + proxy autonomy) * (1 - 0.5 channel) * (1 + 0.5 contact)
  * (1 + spillover pressure)``, capped; a hit opens an incident that both sides must
  answer (it moves no rung); rolls below 2p that miss are logged as near misses.
* Drift (Richardson 1960): ``T_i <- T_i + k_i T_j - a_i T_i + g`` per side. Tension
  feeds the computer players' choices; it never raises a rung. When it falls well
  below the rung's band and nothing feeds the rivalry, the rung eases down one.
"""

from __future__ import annotations

from wargame.log import Change, Kind, Scope, Visibility, describe_changes
from wargame.payloads import (
    EffectApplied,
    HostilityBuilds,
    LeverInForce,
    NearMiss,
    ObjectiveMet,
    RungEased,
    TurnScores,
)
from wargame.rules import timescale
from wargame.rules.conditions import Context, apply_effect, objective_share
from wargame.rules.context import TurnContext
from wargame.rules.crisis import open_incident
from wargame.rules.legality import rivalry_for
from wargame.rules.rungs import fixed_rungs
from wargame.scenario import models as m
from wargame.state import ActiveEffect, default_beliefs


def proxy_autonomy(ctx: TurnContext, rivalry: m.Rivalry) -> float:
    """Largest (1 - control) over proxies a side sponsors that fight on this rivalry.

    A proxy fights on a rivalry when its attacks on the patron's opponent act on it
    (the TTP on Pakistan-Taliban, not on the Taliban's other fronts).
    """
    autonomy = 0.0
    for rel in ctx.scenario.relationships:
        if rel.kind != "patron_proxy" or rel.patron not in rivalry.sides:
            continue
        opponent = next(side for side in rivalry.sides if side != rel.patron)
        route = rivalry_for(ctx.scenario, rel.proxy, opponent)
        if route is not None and route.id == rivalry.id:
            control = ctx.draft.control.get(f"{rel.patron}>{rel.proxy}", rel.control)
            autonomy = max(autonomy, 1.0 - control)
    return autonomy


def loss_of_control_probability(ctx: TurnContext, rivalry: m.Rivalry) -> float:
    """Chance this turn that events outrun the leaders on a rivalry at rung 3 or above."""
    rules = ctx.scenario.rules
    riv = ctx.draft.rivalries[rivalry.id]
    if riv.rung < 3:
        return 0.0
    overt = fixed_rungs(ctx.scenario, rivalry).overt_force
    p = (rules.loss_of_control_base * 2 ** (riv.rung - 3)
         * (1 + proxy_autonomy(ctx, rivalry))
         * (1 - 0.5 * riv.channel)
         * (1 + 0.5 * (riv.rung >= overt))
         * (1 + min(1.0, riv.pressure)))
    p = timescale.probability(min(rules.loss_of_control_cap, p), timescale.factor(ctx.scenario))
    return float(p)


def loss_of_control_phase(ctx: TurnContext) -> None:
    """Accidents: a hit opens an incident (no rung moves: force stays a decision)."""
    ctx.phase = "loss_of_control"
    scenario, draft = ctx.scenario, ctx.draft
    for rivalry in scenario.rivalries:
        riv = draft.rivalries[rivalry.id]
        p = loss_of_control_probability(ctx, rivalry)
        if p <= 0 or riv.terminal:
            continue
        u = ctx.dice.roll("loss_of_control", rivalry.id)
        if u < p:
            a, b = rivalry.sides
            open_incident(ctx, rivalry, "loss_of_control", 1, (a, b), {a: b, b: a},
                          f"events outrun the leaders at "
                          f"{scenario.rung_name(rivalry.id, riv.rung).lower()} (loss of "
                          f"control, {p:.0%})")
        elif u < 2 * p:
            ctx.private(Kind.NEAR_MISS, f"Near miss on {rivalry.name}: loss-of-control roll "
                        f"{u:.3f} against {p:.3f}", rivalry=rivalry.id,
                        payload=NearMiss(round(p, 4), round(u, 4)))


def drift_phase(ctx: TurnContext) -> None:
    """Richardson drift of tension; rungs ease down when nothing feeds them, never up."""
    ctx.phase = "upkeep"
    scenario, draft = ctx.scenario, ctx.draft
    f = timescale.factor(scenario)
    for rivalry in scenario.rivalries:
        riv = draft.rivalries[rivalry.id]
        a, b = rivalry.sides
        da, db = scenario.actor(a).doctrine, scenario.actor(b).doctrine
        g = timescale.amount(rivalry.drift.grievance + riv.grievance, f)
        ka, kb = timescale.amount(da.reactivity, f), timescale.amount(db.reactivity, f)
        ra, rb = timescale.decay_share(da.restraint, f), timescale.decay_share(db.restraint, f)
        ta, tb = riv.tension[a], riv.tension[b]
        before = riv.mean_tension
        riv.tension[a] = max(0.0, ta + ka * tb - ra * ta + g)
        riv.tension[b] = max(0.0, tb + kb * ta - rb * tb + g)
        band = rivalry.drift.band
        if before <= band * (riv.rung + 1) < riv.mean_tension:
            ctx.private(Kind.DRIFT, f"Hostility builds on {rivalry.name} (tension "
                        f"{riv.mean_tension:.0f}): pressure on both governments to act; no one "
                        "has yet", rivalry=rivalry.id,
                        payload=HostilityBuilds(round(riv.mean_tension, 3)))
        elif (riv.rung > 0 and riv.mean_tension < band * (riv.rung - 1)
              and not riv.rung_set_this_turn and rivalry.id not in ctx.pressed
              and riv.crisis is None):
            # Tacit de-escalation (Richardson's fatigue term; ICB's tacit and faded
            # terminations). Back across a threshold only after a second quiet turn in a
            # row (Schelling salience; EM 8.1 rule 3).
            if riv.credit < 1 and any(t.below == riv.rung - 1
                                      for t in scenario.ladder(rivalry.ladder).thresholds):
                riv.credit += 1
                continue
            riv.credit = 0
            public_old = riv.public_rung
            old = riv.set_rung(riv.rung - 1, public=True)
            ctx.log(Kind.DRIFT, f"Tensions ease on {rivalry.name}: rung {old} -> {riv.rung} "
                    f"({scenario.rung_name(rivalry.id, riv.rung)})", rivalry=rivalry.id,
                    payload=RungEased(
                        old=old, new=riv.rung, tension=round(riv.mean_tension, 3),
                        public_old=public_old,
                        public_text=f"Tensions ease on {rivalry.name}: now rung {riv.rung} "
                        f"({scenario.rung_name(rivalry.id, riv.rung)})"))


def levers_phase(ctx: TurnContext) -> None:
    scenario, draft = ctx.scenario, ctx.draft
    for lever_id in sorted(draft.levers):
        lever = scenario.lever(lever_id)
        effect_ctx = Context(lever.actor)
        results = [apply_effect(e, scenario, draft, effect_ctx) for e in lever.per_turn]
        for rid in lever.crisis_channels:
            if not draft.rivalries[rid].channel:
                draft.rivalries[rid].channel = True
                results.append(Change(Scope.CHANNEL, rid, 0.0, 1.0,
                                      scenario.rivalry(rid).sides))
        if results:
            ctx.private(Kind.LEVER, f"{lever.name} in force: " + describe_changes(results),
                        actor=lever.actor, payload=LeverInForce(lever.id, tuple(results)))
    remaining: list[ActiveEffect] = []
    for active in draft.active_effects:
        move = scenario.move(active.move)
        effect_ctx = Context(active.actor, active.target, active.rivalry)
        results = [apply_effect(e, scenario, draft, effect_ctx, active.scale)
                   for e in move.effects]
        ctx.private(Kind.EFFECT, f"{move.name} (continuing): " + describe_changes(results),
                    actor=active.actor, rivalry=active.rivalry,
                    payload=EffectApplied(key=None, changes=tuple(results)))
        if active.turns_left > 1:
            remaining.append(ActiveEffect(active.move, active.actor, active.target,
                                          active.rivalry, active.scale, active.turns_left - 1))
    draft.active_effects = remaining


def belief_decay_phase(ctx: TurnContext) -> None:
    """Suspicion fades toward its starting value when nothing feeds it (design judgement)."""
    rate = timescale.decay_share(ctx.scenario.rules.belief_decay, timescale.factor(ctx.scenario))
    if rate <= 0:
        return
    scenario = ctx.scenario
    all_priors = scenario.derived("prior_beliefs", lambda: {
        a.id: default_beliefs(scenario, a.id) for a in scenario.actors})
    for observer, beliefs in ctx.draft.beliefs.items():
        priors = all_priors.get(observer, {})
        for subject, value in beliefs.items():
            prior = priors.get(subject, value)
            beliefs[subject] = value + rate * (prior - value)


def income_phase(ctx: TurnContext) -> None:
    scenario, draft = ctx.scenario, ctx.draft
    if not scenario.has("variable", "resources"):
        return
    top = scenario.variable("resources").max
    for values in draft.variables.values():
        values["resources"] = min(top, values["resources"] + timescale.amount(
            scenario.rules.resource_income, timescale.factor(scenario)))


def scoring_phase(ctx: TurnContext, final: bool) -> None:
    ctx.phase = "scoring"
    scenario, draft = ctx.scenario, ctx.draft
    for actor in scenario.actors:
        draft.escalation_scores.setdefault(actor.id, []).append(
            ctx.turn_scores.get(actor.id, 0.0))
    for objective in scenario.objectives:
        if not (objective.scoring == "each_turn" or final):
            continue
        share = objective_share(objective, scenario, draft)
        if share <= 0:
            continue
        points = round(objective.points * share, 6)
        draft.objective_points[objective.actor] = (
            draft.objective_points.get(objective.actor, 0.0) + points)
        met = "meets" if share >= 1 else f"partly meets ({share:.0%})"
        ctx.log(Kind.SCORE, f"{ctx.name(objective.actor)} {met}: {objective.description} "
                f"(+{points:g})", visibility=Visibility.RESTRICTED,
                audience=(objective.actor,), actor=objective.actor,
                payload=ObjectiveMet(objective.id, points, None if share >= 1 else share))
    for rivalry in scenario.rivalries:
        riv = draft.rivalries[rivalry.id]
        riv.history.append(riv.rung)
        riv.public_history.append(riv.public_rung)
        riv.tension_history.append(round(riv.mean_tension, 6))
        if riv.rung == 9:
            riv.terminal = True
    for indicator in scenario.indicators:
        draft.indicator_history.setdefault(indicator.id, []).append(
            draft.indicators[indicator.id])
    summary = ", ".join(f"{a}: {s:+g}" for a, s in sorted(ctx.turn_scores.items()) if s)
    ctx.private(Kind.SCORE, f"Escalation scores this turn: {summary or 'none'}",
                payload=TurnScores(dict(ctx.turn_scores)))
