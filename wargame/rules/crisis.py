"""Incidents, crisis episodes, mediation, agreements and how crises end (docs/rules.md 6).

Force is a decision. Accidents (loss of control, blowback, a proxy acting on its
own) and provocations (an attack the victim blames on a rival) change no rung by
themselves: they open an :class:`~wargame.state.Incident` that puts a choice to
the actors it hits at the next orders phase (retaliate, absorb, de-escalate,
appeal to a broker), and the log says who decided what.

A *crisis* on a rivalry (the unit of the International Crisis Behavior project)
opens with an incident or a climb to a show of force, and ends in one of four ways:

* ``settlement``: the sides strike an agreement (scenario ``agreements``);
* ``mediated``: the rivalry is back where the crisis started, or quiet for
  ``crisis_quiet_turns`` turns, while a third party mediated;
* ``restraint``: the same without a mediator (tacit or unilateral termination);
* ``nuclear``: nuclear use ends the crisis and, after one forced turn, the game.

A crisis still open when the game ends is recorded as ``war`` (at major war or
above) or ``unresolved``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from wargame.log import Kind, Visibility
from wargame.orders import Outcome
from wargame.payloads import (
    AgreementDeal,
    AgreementRevealed,
    AgreementSecretTerms,
    CrisisEnded,
    IncidentAnswered,
    IncidentOccurred,
    MediationStarted,
)
from wargame.rules import timescale
from wargame.rules.adjudication import Adjudication
from wargame.rules.conditions import Context, apply_effect, holds
from wargame.rules.context import TurnContext
from wargame.rules.rungs import fixed_rungs
from wargame.scenario import models as m
from wargame.state import Crisis, Draft, Ending, GameState, Incident, Proposal

CRISIS_RUNG = 3
"""A climb by a move to this rung or above (a show of force) opens a crisis."""
MEDIATOR_TRUST = 0.6
"""A broker mediates only if neither side's suspicion of it reaches this."""
LEVER_BROKER_TRUST = 0.5
"""A lever's broker steps in on its own only if both sides trust it this much (Yusuf)."""
RESTRAINT_COST = 0.5
"""Prestige lost per severity point by a government that absorbs an incident, times the
scenario's ``audience_cost`` (the domestic price of restraint)."""
NUCLEAR_CAPABILITY_LOSS = 3.0
NUCLEAR_STABILITY_LOSS = 4.0


# --------------------------------------------------------------------------- crises


def touch_crisis(draft: Draft, rivalry_id: str, from_rung: int, trigger: str) -> None:
    """Open a crisis on the rivalry (from ``from_rung``) or note fresh escalation in it."""
    riv = draft.rivalries[rivalry_id]
    if riv.crisis is None:
        riv.crisis = Crisis(opened=draft.turn, from_rung=from_rung, peak=riv.rung,
                            last_escalation=draft.turn, trigger=trigger, side_peak=from_rung)
    else:
        riv.crisis = replace(riv.crisis, peak=max(riv.crisis.peak, riv.rung),
                             last_escalation=draft.turn)


def _proxies_of(scenario: m.Scenario, patron: str) -> frozenset[str]:
    return frozenset(r.proxy for r in scenario.relationships
                     if r.kind == "patron_proxy" and r.patron == patron)


def _control_changes(move: m.Move, patron: str, proxies: frozenset[str]) -> dict[str, float]:
    """The patron's ``proxies`` whose control ``move``'s effects change, with the change."""
    changes: dict[str, float] = {}
    for effect in move.effects:
        if isinstance(effect, m.ControlEffect):
            spec = effect.add_control
            if spec.proxy in proxies and spec.patron in ("self", patron):
                changes[spec.proxy] = changes.get(spec.proxy, 0.0) + spec.value
    return changes


def stand_downs(ctx: TurnContext) -> None:
    """Patrons standing their proxies down in a crisis (docs/rules.md, section 7).

    A side that plays a de-escalation move on a rivalry in crisis whose effects tighten
    its hold on a proxy (``add_control`` > 0), and does not fail, stands that proxy down:
    for the de-escalation window the group's acts on the rivalry are a spoiler's, not
    the patron's. A patron that climbs on the rivalry itself, or loosens its hold on the
    group, takes the group's acts back as its own (Stedman 1997; Kydd & Walter 2002:
    extremist violence derails a peace process only while the victim doubts the other
    side's will to restrain it; Musharraf's ban on the groups, January 2002).
    """
    scenario, draft = ctx.scenario, ctx.draft
    window = timescale.turns(scenario.rules.deescalation_window, timescale.factor(scenario))
    for rivalry in scenario.rivalries:
        riv = draft.rivalries[rivalry.id]
        if riv.crisis is None:
            continue
        kept = {p: t for p, t in riv.crisis.stood_down if draft.turn - t <= window}
        lapsed: set[str] = set()
        for adj in ctx.adjudications:
            patron = adj.order.actor
            if adj.rivalry != rivalry.id or patron not in rivalry.sides:
                continue
            move = scenario.move(adj.move)
            proxies = _proxies_of(scenario, patron)
            changes = _control_changes(move, patron, proxies)
            if move.category == m.Category.DE_ESCALATION and adj.outcome.scale > 0:
                kept.update({p: draft.turn for p, v in changes.items() if v > 0})
            if m.ES_WEIGHTS[move.category] > 0 and move.rung >= riv.rung:
                lapsed |= proxies
            lapsed |= {p for p, v in changes.items() if v < 0}
        stood = tuple(sorted((p, t) for p, t in kept.items() if p not in lapsed))
        if stood != riv.crisis.stood_down:
            riv.crisis = replace(riv.crisis, stood_down=stood)


def stood_down(state: GameState | Draft, rivalry_id: str, actor: str) -> bool:
    """Whether ``actor`` is a proxy its patron has stood down on the rivalry's crisis."""
    crisis = state.rivalries[rivalry_id].crisis
    return crisis is not None and any(p == actor for p, _ in crisis.stood_down)


def spoiler_raid(incident: Incident) -> bool:
    """A minor blow by a spoiler: it raises tension but need not be answered before a
    crisis ends (the states' bargain stands over the spoilers' heads)."""
    return incident.cause == "spoiler" and incident.severity < 2


def mediator(state: GameState | Draft, rivalry_id: str) -> str | None:
    """The third party mediating on a rivalry this turn, if any."""
    crisis = state.rivalries[rivalry_id].crisis
    if crisis is None or crisis.mediator is None or crisis.mediation_until < state.turn:
        return None
    return crisis.mediator


def end_crisis(ctx: TurnContext, rivalry: m.Rivalry, how: str, detail: str) -> None:
    riv = ctx.draft.rivalries[rivalry.id]
    crisis = riv.crisis
    if crisis is None:
        return
    ending = Ending(rivalry.id, ctx.draft.turn, how, crisis.opened, max(crisis.peak, riv.rung),
                    crisis.mediator, detail, crisis.side_peak)
    ctx.draft.endings.append(ending)
    riv.crisis = None
    by = f" (mediator: {ctx.name(crisis.mediator)})" if crisis.mediator else ""
    ctx.log(Kind.TERMINATION, f"The crisis on {rivalry.name} (since turn {crisis.opened}) "
            f"ends: {how}{by}. {detail}", rivalry=rivalry.id,
            payload=CrisisEnded(how, crisis.opened, ending.peak, crisis.mediator))


# --------------------------------------------------------------------------- incidents


def add_incident(scenario: m.Scenario, draft: Draft, rivalry: m.Rivalry, cause: str,
                 severity: int, deciders: tuple[str, ...], against: Mapping[str, str],
                 text: str, rung: int | None = None) -> Incident:
    """Record an incident on the draft: tension on its rivalry, a crisis, a decision due.
    ``rung``: that of the act that caused it (default: the rivalry's rung)."""
    riv = draft.rivalries[rivalry.id]
    number = sum(1 for i in draft.incidents if i.turn == draft.turn) + 1
    incident = Incident(f"{draft.turn}-{number}", draft.turn, rivalry.id, cause, severity,
                        deciders, dict(against), text, due=draft.turn + 1,
                        rung=riv.rung if rung is None else rung)
    draft.incidents.append(incident)
    for side in deciders:
        if side in riv.tension:
            riv.tension[side] += scenario.rules.incident_tension * severity
    if sustains(incident):
        touch_crisis(draft, rivalry.id, riv.rung, text)
    return incident


def open_incident(ctx: TurnContext, rivalry: m.Rivalry, cause: str, severity: int,
                  deciders: tuple[str, ...], against: Mapping[str, str], text: str,
                  rung: int | None = None) -> None:
    """:func:`add_incident`, logged for everyone."""
    incident = add_incident(ctx.scenario, ctx.draft, rivalry, cause, severity, deciders,
                            against, text, rung)
    ctx.pressed.add(rivalry.id)
    who = " and ".join(ctx.name(d) for d in deciders)
    ctx.log(Kind.INCIDENT, f"Incident on {rivalry.name}: {text}. {who} must decide how to "
            "answer: retaliate, absorb, de-escalate or appeal to a broker.",
            rivalry=rivalry.id,
            payload=IncidentOccurred(incident.id, cause, severity, tuple(deciders)))


def open_incidents_for(state: GameState, actor: str) -> list[Incident]:
    """Incidents that ``actor`` must answer with this turn's orders."""
    return [i for i in state.incidents if actor in i.deciders and i.due <= state.turn]


def due_before_orders(draft: Draft, since: int) -> None:
    """Incidents added from index ``since`` on (by events or injects, which come before
    the orders) are answered by this turn's orders."""
    draft.incidents[since:] = [replace(i, due=draft.turn) for i in draft.incidents[since:]]


def answer_incidents(ctx: TurnContext) -> None:
    """Read each decider's orders this turn as its answer to the incidents it faces."""
    scenario, draft = ctx.scenario, ctx.draft
    due = [i for i in draft.incidents if i.due <= draft.turn]
    if not due:
        return
    for incident in due:
        rivalry = scenario.rivalry(incident.rivalry)
        for decider in incident.deciders:
            mine = [a for a in ctx.adjudications if a.order.actor == decider
                    and a.rivalry == incident.rivalry]
            moves = [scenario.move(a.move) for a in mine]
            hostile = [mv for mv in moves if mv.category not in (
                m.Category.DE_ESCALATION, m.Category.STATUS_QUO)]
            if hostile:
                answer = "retaliate"
                how = "retaliates: " + ", ".join(mv.name for mv in hostile)
            elif any(mv.requests_mediation for mv in moves):
                answer, how = "appeal", "appeals to a broker"
            elif any(mv.category == m.Category.DE_ESCALATION for mv in moves):
                answer, how = "de-escalate", "answers with de-escalation"
            else:
                answer, how = "absorb", "absorbs the blow and does not retaliate"
                cost = scenario.rules.audience_cost * RESTRAINT_COST * incident.severity
                prestige = draft.variables[decider].get("prestige")
                if prestige is not None and cost:
                    draft.variables[decider]["prestige"] = max(0.0, prestige - cost)
                    how += f" (prestige -{cost:g}: the domestic price of restraint)"
            public = all(mv.visibility == m.Visibility.PUBLIC for mv in hostile)
            ctx.log(Kind.RESPONSE, f"{ctx.name(decider)} decides on the incident of turn "
                    f"{incident.turn} on {rivalry.name}: {how}",
                    visibility=Visibility.PUBLIC if public else Visibility.RESTRICTED,
                    audience=() if public else (decider,), actor=decider,
                    target=incident.against.get(decider), rivalry=rivalry.id,
                    payload=IncidentAnswered(incident.id, answer))
    draft.incidents = [i for i in draft.incidents if i.due > draft.turn]


def nuclear_use(ctx: TurnContext, adj: Adjudication, rivalry: m.Rivalry) -> None:
    """Catastrophe: costs on both sides, the world's suspicion, a forced last turn."""
    draft, scenario = ctx.draft, ctx.scenario
    actor, target = adj.order.actor, adj.order.target
    riv = draft.rivalries[rivalry.id]
    for side in rivalry.sides:
        values = draft.variables[side]
        if "capability" in values:
            values["capability"] = max(0.0, values["capability"] - NUCLEAR_CAPABILITY_LOSS)
        if "stability" in values:
            values["stability"] = max(0.0, values["stability"] - NUCLEAR_STABILITY_LOSS)
    for observer in draft.beliefs:
        if observer != actor:
            draft.beliefs[observer][actor] = 0.99
    central = riv.rung >= fixed_rungs(scenario, rivalry).central_war
    if central:
        riv.terminal = True
        draft.last_turn = draft.turn
    elif not draft.outcome:
        draft.last_turn = min(draft.last_turn, draft.turn + 1)
    draft.outcome = "nuclear"
    touch_crisis(draft, rivalry.id, riv.rung, "nuclear use")
    if target is not None and not central:
        open_incident(ctx, rivalry, "nuclear", 3, (target,), {target: actor},
                      f"{ctx.name(actor)} has used nuclear weapons")
    end_crisis(ctx, rivalry, "nuclear", "general nuclear war: the game ends this turn"
               if central else "the exercise ends after one more turn of decisions")


# --------------------------------------------------------------------------- mediation


def _brokers(scenario: m.Scenario, state: Draft, rivalry: m.Rivalry) -> list[str]:
    found = list(rivalry.brokers)
    for lever_id in sorted(state.levers):
        lever = scenario.lever(lever_id)
        if rivalry.id in lever.broker and lever.actor not in found:
            found.append(lever.actor)
    return [b for b in found if b not in rivalry.sides]


def _trusted(state: Draft, rivalry: m.Rivalry, broker: str, limit: float) -> bool:
    return all(state.belief(side, broker) < limit for side in rivalry.sides)


def add_mediation(scenario: m.Scenario, draft: Draft, rivalry: m.Rivalry, broker: str,
                  turns: int | None, why: str) -> int:
    """Put ``broker`` to work on the rivalry's crisis (opening one if needed) for ``turns``
    turns (default ``rules.mediation_turns``, rescaled to the turn length); returns the
    last turn of the mediation."""
    riv = draft.rivalries[rivalry.id]
    f = timescale.factor(scenario)
    span = turns if turns is not None else timescale.turns(scenario.rules.mediation_turns, f)
    until = draft.turn + span - 1
    if riv.crisis is None:
        touch_crisis(draft, rivalry.id, riv.rung, why)
    assert riv.crisis is not None
    riv.crisis = replace(riv.crisis, mediator=broker, mediation_until=until)
    return until


def start_mediation(ctx: TurnContext, rivalry: m.Rivalry, broker: str, why: str) -> None:
    until = add_mediation(ctx.scenario, ctx.draft, rivalry, broker, None, why)
    ctx.log(Kind.MEDIATION, f"{ctx.name(broker)} mediates between "
            f"{' and '.join(ctx.name(s) for s in rivalry.sides)} ({why}) until turn {until}",
            rivalry=rivalry.id, actor=broker, payload=MediationStarted(until))


def request_mediation(ctx: TurnContext, adj: Adjudication, rivalry: m.Rivalry) -> None:
    """A successful appeal: the broker both sides trust most mediates, if any will."""
    draft = ctx.draft
    best = _most_trusted(draft, rivalry, _brokers(ctx.scenario, draft, rivalry), MEDIATOR_TRUST)
    if best is None:
        ctx.log(Kind.MEDIATION, f"{ctx.name(adj.order.actor)} appeals for mediation on "
                f"{rivalry.name}, but no third party both sides trust will step in",
                rivalry=rivalry.id, actor=adj.order.actor)
        return
    start_mediation(ctx, rivalry, best, f"at {ctx.name(adj.order.actor)}'s request")


def brokers_step_in(ctx: TurnContext) -> None:
    """Third parties step into an open crisis on their own.

    * A lever's broker mediates when both sides trust it (``LEVER_BROKER_TRUST``).
    * Brokered bargaining (Yusuf 2018): when force has been used in a crisis between
      two nuclear-armed sides and an answer is still pending, the rivalry's most trusted
      broker steps in unasked, fearing the exchange (the United States in Kargil 1999
      and after Balakot in 2019; not in 2016, when Pakistan denied that India's strikes
      had happened and so owed no answer). Scenario switch: ``rules.broker_initiative``.
    """
    scenario, draft = ctx.scenario, ctx.draft
    for rivalry in scenario.rivalries:
        riv = draft.rivalries[rivalry.id]
        if riv.crisis is None or mediator(draft, rivalry.id) is not None:
            continue
        brokering = (scenario.lever(lv) for lv in sorted(draft.levers))
        lever = next((lv for lv in brokering if rivalry.id in lv.broker
                      and _trusted(draft, rivalry, lv.actor, LEVER_BROKER_TRUST)), None)
        if lever is not None:
            start_mediation(ctx, rivalry, lever.actor, lever.name)
        elif scenario.rules.broker_initiative and _nuclear_exchange(ctx, rivalry):
            broker = _most_trusted(draft, rivalry, rivalry.brokers, MEDIATOR_TRUST)
            if broker is not None:
                start_mediation(ctx, rivalry, broker, "unasked, fearing an exchange of "
                                "blows between nuclear-armed states")


def _nuclear_exchange(ctx: TurnContext, rivalry: m.Rivalry) -> bool:
    """Force has been used on a nuclear dyad and a side still owes its answer to a blow
    at overt force or to a major incident (not to a routine raid)."""
    scenario, draft = ctx.scenario, ctx.draft
    if not all(scenario.actor(side).nuclear for side in rivalry.sides):
        return False
    overt = fixed_rungs(scenario, rivalry).overt_force
    return draft.rivalries[rivalry.id].rung >= overt and any(
        i.rivalry == rivalry.id and (i.rung >= overt or i.severity >= 2)
        for i in draft.incidents)


def _most_trusted(state: Draft, rivalry: m.Rivalry, brokers: Sequence[str],
                  limit: float) -> str | None:
    """Of ``brokers``, the one both sides suspect least, if both trust it enough."""
    candidates = [b for b in brokers if b not in rivalry.sides
                  and _trusted(state, rivalry, b, limit)]
    return min(candidates, key=lambda b: (max(state.belief(s, b) for s in rivalry.sides), b),
               default=None)


# --------------------------------------------------------------------------- agreements


def propose_or_strike(ctx: TurnContext, adj: Adjudication, agreement_id: str, side: str) -> None:
    """A move with ``agreement``: a proposal, or the acceptance that strikes the deal."""
    scenario, draft = ctx.scenario, ctx.draft
    agreement = scenario.agreement(agreement_id)
    rivalry = scenario.rivalry(agreement.rivalry)
    if agreement_id in draft.agreements:
        return
    window = timescale.turns(scenario.rules.deescalation_window, timescale.factor(scenario))
    draft.proposals = [p for p in draft.proposals if draft.turn - p.turn <= window]
    other = next(s for s in rivalry.sides if s != side)
    offered = [p for p in draft.proposals if p.agreement == agreement_id and p.by == other]
    ok = holds(agreement.requires, scenario, draft, Context(side, other, rivalry.id))
    if not offered or not ok:
        if not any(p.agreement == agreement_id and p.by == side for p in draft.proposals):
            draft.proposals.append(Proposal(agreement_id, side, draft.turn))
        ctx.log(Kind.AGREEMENT, f"{ctx.name(side)} proposes {agreement.name} to "
                f"{ctx.name(other)}", visibility=Visibility.RESTRICTED,
                audience=rivalry.sides, actor=side, target=other, rivalry=rivalry.id,
                payload=AgreementDeal(agreement_id, struck=False))
        return
    draft.proposals = [p for p in draft.proposals if p.agreement != agreement_id]
    draft.agreements[agreement_id] = draft.turn
    effect_ctx = Context(side, other, rivalry.id)
    terms = [apply_effect(e, scenario, draft, effect_ctx) for e in agreement.terms]
    riv = draft.rivalries[rivalry.id]
    old = riv.rung
    if agreement.steps_down:
        riv.set_rung(max(0, riv.rung - agreement.steps_down), public=True)
        riv.credit = 0
        riv.deescalation.clear()
    ctx.log(Kind.AGREEMENT, f"{ctx.name(side)} and {ctx.name(other)} strike {agreement.name}"
            + (f"; {rivalry.name} steps down from rung {old} to {riv.rung}"
               if riv.rung != old else "")
            + (f" ({'; '.join(str(t) for t in terms)})" if terms else ""),
            rivalry=rivalry.id, actor=side, target=other,
            payload=AgreementDeal(agreement_id, struck=True))
    if agreement.secret_terms:
        secret = [apply_effect(e, scenario, draft, effect_ctx) for e in agreement.secret_terms]
        ctx.log(Kind.AGREEMENT, f"Secret terms of {agreement.name}: "
                + "; ".join(str(t) for t in secret), visibility=Visibility.RESTRICTED,
                audience=rivalry.sides, rivalry=rivalry.id,
                payload=AgreementSecretTerms(agreement_id))
    if agreement.ends_crisis and riv.crisis is not None:
        end_crisis(ctx, rivalry, "settlement", f"{agreement.name} is struck")


def reveal_secret_terms(ctx: TurnContext) -> None:
    for agreement_id, struck in sorted(ctx.draft.agreements.items()):
        agreement = ctx.scenario.agreement(agreement_id)
        if agreement.secret_terms and agreement.reveal_after is not None and \
                ctx.draft.turn - struck == agreement.reveal_after:
            ctx.log(Kind.AGREEMENT, f"The secret terms of {agreement.name} (struck on turn "
                    f"{struck}) come to light", rivalry=agreement.rivalry,
                    payload=AgreementRevealed(agreement_id))


# --------------------------------------------------------------------------- termination


def crisis_phase(ctx: TurnContext) -> None:
    """End-of-turn bookkeeping of crises: escalation, mediators, terminations."""
    ctx.phase = "crisis"
    scenario, draft = ctx.scenario, ctx.draft
    brokers_step_in(ctx)
    quiet = timescale.turns(scenario.rules.crisis_quiet_turns, timescale.factor(scenario))
    for rivalry in scenario.rivalries:
        riv = draft.rivalries[rivalry.id]
        if riv.crisis is None:
            continue
        # A crisis is kept alive by hostile acts above the rung it began from, or by a
        # fresh major incident or accident; acts at that rung (and the routine raids and
        # firefights they bring) are the relationship's old normal.
        fresh = any(i.rivalry == rivalry.id and i.turn == draft.turn and sustains(i)
                    for i in draft.incidents)
        if ctx.hostile_top.get(rivalry.id, -1) > riv.crisis.from_rung or fresh:
            riv.crisis = replace(riv.crisis, last_escalation=draft.turn)
        riv.crisis = replace(riv.crisis, peak=max(riv.crisis.peak, riv.rung))
        crisis = riv.crisis
        how = "mediated" if crisis.mediator else "restraint"
        pending = any(i.rivalry == rivalry.id and not spoiler_raid(i) for i in draft.incidents)
        if mediator(draft, rivalry.id) is not None and ctx.deescalators.get(rivalry.id) and \
                not ctx.escalators.get(rivalry.id) and not pending:
            # A brokered ceasefire: one side steps back, the other holds its fire, the
            # mediator carries the terms; the status quo ante returns (Kargil, July 1999;
            # Pulwama-Balakot, March 2019).
            old = riv.set_rung(min(riv.rung, crisis.from_rung), public=True)
            riv.credit = 0
            end_crisis(ctx, rivalry, "mediated", f"A ceasefire brokered by "
                       f"{ctx.name(crisis.mediator or '')}: {rivalry.name} steps back from "
                       f"rung {old} to {riv.rung}.")
            continue
        # Back where it started, once it had climbed; a crisis that never climbed (an
        # incident answered without escalation) ends only after the quiet turns.
        if riv.rung <= crisis.from_rung < crisis.peak and not pending:
            end_crisis(ctx, rivalry, how, f"{rivalry.name} is back at rung {riv.rung}.")
        elif draft.turn - crisis.last_escalation >= quiet and not pending:
            old = riv.set_rung(crisis.from_rung, public=True) if riv.rung > crisis.from_rung \
                else riv.rung
            riv.credit = 0
            end_crisis(ctx, rivalry, how, f"Neither side has escalated for {quiet} turns; "
                       f"{rivalry.name} settles back from rung {old} to {riv.rung} "
                       f"({scenario.rung_name(rivalry.id, riv.rung)}).")


def sustains(incident: Incident) -> bool:
    """Whether an incident keeps a crisis alive: a major one (mass casualties, ground
    seized), loss of control or nuclear use; not a routine raid or firefight (severity 1),
    which still has to be answered before the crisis can end."""
    return incident.severity >= 2 or incident.cause in ("loss_of_control", "nuclear")


def close_open_crises(ctx: TurnContext) -> None:
    """At the end of the game: a crisis still open is a war or unresolved."""
    for rivalry in ctx.scenario.rivalries:
        riv = ctx.draft.rivalries[rivalry.id]
        if riv.crisis is None:
            continue
        war = riv.rung >= fixed_rungs(ctx.scenario, rivalry).major_war
        end_crisis(ctx, rivalry, "war" if war else "unresolved",
                   f"Still at rung {riv.rung} when the exercise ends.")


def incident_from_attack(ctx: TurnContext, adj: Adjudication, move: m.Move, victim: str,
                         blamed: str | None, autonomous: bool) -> None:
    """A successful attack with an ``incident`` severity (or a spoiler's) hits the victim."""
    if blamed is None or not (move.incident or autonomous):
        return
    # A raid or bombing that fails is foiled; a state's open strike on the rival's soil
    # is an affront whatever it hit (Balakot, February 2019: the damage was disputed,
    # Pakistan answered the next day).
    affront = not autonomous and move.visibility == m.Visibility.PUBLIC and \
        adj.order.actor == blamed
    if adj.outcome not in (Outcome.SUCCESS, Outcome.CRITICAL) and not affront:
        return
    rivalry = ctx.scenario.rivalry_between(victim, blamed)
    if rivalry is None:
        return
    # A critical success is a worse blow than planned (Uri 2016, Pulwama 2019: attacks on
    # forces that killed far more than the usual raid).
    severity = min(3, (move.incident or 1) + (1 if adj.outcome == Outcome.CRITICAL else 0))
    spoiler = autonomous or stood_down(ctx.draft, rivalry.id, adj.order.actor)
    open_incident(ctx, rivalry, "spoiler" if spoiler else "attack", severity, (victim,),
                  {victim: blamed}, f"{move.name}; {ctx.name(victim)} holds "
                  f"{ctx.name(blamed)} responsible", rung=move.rung)
