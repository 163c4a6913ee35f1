"""Incidents, their answers, crisis endings and nuclear use, with hand-computed numbers."""

from __future__ import annotations

import pytest

from tests.engine.conftest import make_ctx
from wargame.log import Kind
from wargame.orders import Order
from wargame.payloads import IncidentAnswered
from wargame.rules import crisis
from wargame.rules.conditions import NO_CONTEXT, apply_effect
from wargame.scenario import models as m
from wargame.scenario.models import Scenario
from wargame.state import GameState


def _incident(scenario: Scenario, ctx, severity: int = 2) -> None:  # type: ignore[no-untyped-def]
    crisis.add_incident(scenario, ctx.draft, scenario.rivalry("IND-PAK"), "attack", severity,
                        ("IND",), {"IND": "PAK"}, "an attack")


def test_an_incident_adds_tension_opens_a_crisis_and_moves_no_rung(tutorial: Scenario,
                                                                    start: GameState) -> None:
    ctx = make_ctx(tutorial, start)
    before = ctx.draft.rivalries["IND-PAK"].tension["IND"]
    _incident(tutorial, ctx, severity=2)
    riv = ctx.draft.rivalries["IND-PAK"]
    # incident_tension 8 x severity 2 on the decider only
    assert riv.tension["IND"] == pytest.approx(before + 16)
    assert riv.rung == start.rivalries["IND-PAK"].rung
    assert riv.crisis is not None and riv.crisis.from_rung == riv.rung
    (inc,) = ctx.draft.incidents
    assert inc.due == start.turn + 1


def test_absorbing_an_incident_costs_prestige(tutorial: Scenario, start: GameState) -> None:
    ctx = make_ctx(tutorial, start)
    _incident(tutorial, ctx, severity=2)
    later = ctx.draft.freeze()
    draft = later.thaw()
    draft.turn += 1
    ctx2 = make_ctx(tutorial, draft.freeze())
    prestige = ctx2.draft.variables["IND"]["prestige"]
    crisis.answer_incidents(ctx2)  # India played nothing on IND-PAK: it absorbs
    # audience_cost 1 x RESTRAINT_COST 0.5 x severity 2 = 1 prestige
    assert ctx2.draft.variables["IND"]["prestige"] == pytest.approx(prestige - 1.0)
    (resp,) = [e for e in ctx2.entries if e.kind == Kind.RESPONSE]
    assert isinstance(resp.payload, IncidentAnswered) and resp.payload.answer == "absorb"
    assert resp.actor == "IND"
    assert ctx2.draft.incidents == []


def test_a_quiet_crisis_ends_in_restraint_and_settles_back(tutorial: Scenario,
                                                            start: GameState) -> None:
    ctx = make_ctx(tutorial, start)
    riv = ctx.draft.rivalries["IND-PAK"]
    crisis.touch_crisis(ctx.draft, "IND-PAK", riv.rung, "test")
    riv.set_rung(riv.rung + 2, public=True)
    crisis.touch_crisis(ctx.draft, "IND-PAK", 0, "climb")
    opened = riv.crisis.opened if riv.crisis else 0
    ctx.draft.turn = opened + tutorial.rules.crisis_quiet_turns  # two turns of quiet
    crisis.crisis_phase(ctx)
    assert riv.crisis is None and riv.rung == start.rivalries["IND-PAK"].rung
    (ending,) = ctx.draft.endings
    assert ending.how == "restraint" and ending.peak == start.rivalries["IND-PAK"].rung + 2


def test_a_brokered_ceasefire_ends_the_crisis_as_mediated(tutorial: Scenario,
                                                           start: GameState) -> None:
    ctx = make_ctx(tutorial, start)
    riv = ctx.draft.rivalries["IND-PAK"]
    from_rung = riv.rung
    crisis.touch_crisis(ctx.draft, "IND-PAK", from_rung, "a climb")
    riv.set_rung(from_rung + 3, public=True)
    crisis.add_mediation(tutorial, ctx.draft, tutorial.rivalry("IND-PAK"), "TAL", 3, "envoy")
    assert riv.crisis is not None and riv.crisis.mediation_until == start.turn + 2
    ctx.deescalators["IND-PAK"] = {"PAK"}
    crisis.crisis_phase(ctx)
    assert riv.crisis is None
    (ending,) = ctx.draft.endings
    assert (ending.how, ending.mediator) == ("mediated", "TAL")
    assert riv.rung == from_rung  # the status quo ante returns


def test_move_rung_effects_stop_below_overt_force(tutorial: Scenario, start: GameState) -> None:
    ctx = make_ctx(tutorial, start)
    effect = m.MoveRungEffect.model_validate({"move_rung": {"rivalry": "IND-PAK", "by": 9}})
    change = apply_effect(effect, tutorial, ctx.draft, NO_CONTEXT)
    assert ctx.draft.rivalries["IND-PAK"].rung == 4  # overt force is rung 5
    assert change.new == 4
    down = m.MoveRungEffect.model_validate({"move_rung": {"rivalry": "IND-PAK", "by": -2}})
    apply_effect(down, tutorial, ctx.draft, NO_CONTEXT, scale=0.5)  # partial: no move
    assert ctx.draft.rivalries["IND-PAK"].rung == 4
    apply_effect(down, tutorial, ctx.draft, NO_CONTEXT, scale=2.0)  # critical: exactly by
    assert ctx.draft.rivalries["IND-PAK"].rung == 2


def test_nuclear_use_needs_two_confirmations(tutorial: Scenario, start: GameState) -> None:
    from wargame.rules.adjudication import decision_probability

    ind_pak = tutorial.rivalry("IND-PAK")
    p = decision_probability(tutorial, start, Order("PAK", "hold", "IND"), ind_pak, 1,
                             ("no_nuclear_use",))
    # Pakistan's resolve 0.6 + 0.05 weakness = 0.65; (0.65 - 0.3)^2 = 0.1225
    assert p == pytest.approx(0.1225)


# --------------------------------------------------------------- third parties and the peak


def _variant(tutorial: Scenario, *, initiative: bool = True, incident: int | None = 1,
             pak_nuclear: bool = True) -> Scenario:
    """The tutorial with Kabul as a broker of India-Pakistan and an incident on air strikes."""
    rivalries = [r.model_copy(update={"brokers": ("TAL",)}) if r.id == "IND-PAK" else r
                 for r in tutorial.rivalries]
    moves = [mv.model_copy(update={"incident": incident}) if mv.id == "punitive_strike" else mv
             for mv in tutorial.moves]
    actors = [a.model_copy(update={"nuclear": pak_nuclear}) if a.id == "PAK" else a
              for a in tutorial.actors]
    rules = tutorial.rules.model_copy(update={"broker_initiative": initiative})
    return tutorial.model_copy(update={"rivalries": rivalries, "moves": moves,
                                       "actors": actors, "rules": rules})


def _strike_under_way(scenario: Scenario, state: GameState, *, incident_rung: int,
                      severity: int = 1):  # type: ignore[no-untyped-def]
    """India-Pakistan at rung 5, in crisis, with Pakistan owing an answer."""
    ctx = make_ctx(scenario, state)
    for side in ("IND", "PAK"):
        ctx.draft.beliefs[side]["TAL"] = 0.3
    riv = ctx.draft.rivalries["IND-PAK"]
    crisis.touch_crisis(ctx.draft, "IND-PAK", riv.rung, "a climb")
    riv.set_rung(5, public=True)
    crisis.add_incident(scenario, ctx.draft, scenario.rivalry("IND-PAK"), "attack", severity,
                        ("PAK",), {"PAK": "IND"}, "a strike", rung=incident_rung)
    return ctx


def test_a_broker_steps_in_unasked_when_nuclear_states_trade_blows(tutorial: Scenario,
                                                                   start: GameState) -> None:
    scenario = _variant(tutorial)
    ctx = _strike_under_way(scenario, start, incident_rung=5)
    crisis.crisis_phase(ctx)
    assert crisis.mediator(ctx.draft, "IND-PAK") == "TAL"
    (entry,) = [e for e in ctx.entries if e.kind == Kind.MEDIATION]
    assert "unasked" in entry.text
    # mediation_turns 3 from this turn
    assert ctx.draft.rivalries["IND-PAK"].crisis.mediation_until == start.turn + 2  # type: ignore[union-attr]


@pytest.mark.parametrize("case", ["routine raid", "switched off", "not a nuclear dyad",
                                  "broker distrusted"])
def test_no_broker_steps_in_unasked_otherwise(tutorial: Scenario, start: GameState,
                                              case: str) -> None:
    scenario = _variant(tutorial, initiative=case != "switched off",
                        pak_nuclear=case != "not a nuclear dyad")
    # A routine raid (rung 4, severity 1) owed no answer at the level of force.
    ctx = _strike_under_way(scenario, start, incident_rung=4 if case == "routine raid" else 5)
    if case == "broker distrusted":
        ctx.draft.beliefs["PAK"]["TAL"] = crisis.MEDIATOR_TRUST
    crisis.crisis_phase(ctx)
    assert crisis.mediator(ctx.draft, "IND-PAK") is None
    assert not [e for e in ctx.entries if e.kind == Kind.MEDIATION]


def test_a_major_incident_at_overt_force_also_draws_the_broker(tutorial: Scenario,
                                                               start: GameState) -> None:
    ctx = _strike_under_way(_variant(tutorial), start, incident_rung=4, severity=2)
    crisis.crisis_phase(ctx)
    assert crisis.mediator(ctx.draft, "IND-PAK") == "TAL"


def test_routine_incidents_neither_open_nor_prolong_a_crisis(tutorial: Scenario,
                                                            start: GameState) -> None:
    ctx = make_ctx(tutorial, start)
    riv = ctx.draft.rivalries["IND-PAK"]
    _incident(tutorial, ctx, severity=1)
    assert riv.crisis is None
    crisis.add_incident(tutorial, ctx.draft, tutorial.rivalry("IND-PAK"), "loss_of_control",
                        1, ("IND", "PAK"), {"IND": "PAK", "PAK": "IND"}, "an accident")
    assert riv.crisis is not None and riv.crisis.last_escalation == start.turn
    # Quiet turns later a routine raid is still pending: it blocks the end this turn but
    # does not refresh the crisis, which ends on the next turn without it.
    ctx.draft.incidents.clear()
    ctx.draft.turn = start.turn + tutorial.rules.crisis_quiet_turns
    _incident(tutorial, ctx, severity=1)
    crisis.crisis_phase(ctx)
    assert riv.crisis is not None and riv.crisis.last_escalation == start.turn
    ctx.draft.incidents.clear()
    ctx.draft.turn += 1
    crisis.crisis_phase(ctx)
    assert riv.crisis is None and ctx.draft.endings[-1].how == "restraint"


def _strike(scenario: Scenario, state: GameState, actor: str, target: str, outcome):  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from wargame.orders import OrderSheet
    from wargame.rules.adjudication import adjudicate

    order = Order(actor, "punitive_strike", target)
    (adj,) = adjudicate(scenario, state, {actor: OrderSheet(actor, (order,))}, {}, seed=3)
    return replace(adj, outcome=outcome, proposed=outcome)


@pytest.mark.parametrize(("visibility", "opens"), [(m.Visibility.PUBLIC, True),
                                                   (m.Visibility.COVERT, False)])
def test_a_failed_open_strike_is_still_an_affront(tutorial: Scenario, start: GameState,
                                                  visibility: m.Visibility, opens: bool) -> None:
    from wargame.orders import Outcome

    scenario = _variant(tutorial)
    move = scenario.move("punitive_strike").model_copy(update={"visibility": visibility})
    adj = _strike(scenario, start, "IND", "PAK", Outcome.FAILURE)
    ctx = make_ctx(scenario, start)
    crisis.incident_from_attack(ctx, adj, move, "PAK", "IND", autonomous=False)
    incidents = ctx.draft.incidents
    assert bool(incidents) is opens
    if opens:
        (inc,) = incidents
        assert inc.deciders == ("PAK",) and inc.rung == 5 and inc.severity == 1
    # A spoiler's failed attack is foiled, whatever its visibility.
    ctx2 = make_ctx(scenario, start)
    crisis.incident_from_attack(ctx2, adj, scenario.move("punitive_strike"), "PAK", "IND",
                                autonomous=True)
    assert ctx2.draft.incidents == []


def test_the_side_peak_counts_the_sides_own_acts_only(tutorial: Scenario,
                                                      start: GameState) -> None:
    from wargame.orders import Outcome
    from wargame.rules.resolution import resolve_move

    ctx = make_ctx(tutorial, start)
    riv = ctx.draft.rivalries["PAK-TAL"]
    assert riv.side_peak == tutorial.rivalry("PAK-TAL").start_rung == 2
    ttp = Order("TTP", "ttp_offensive", "PAK")
    from wargame.orders import OrderSheet
    from wargame.rules.adjudication import adjudicate

    (adj,) = adjudicate(tutorial, start, {"TTP": OrderSheet("TTP", (ttp,))}, {}, seed=3)
    resolve_move(ctx, adj)
    # The TTP's offensive (rung 4) lifts the ladder, not the states' own peak.
    assert riv.rung == 4 and riv.peak == 4 and riv.side_peak == 2
    (strike,) = adjudicate(tutorial, start, {"PAK": OrderSheet("PAK", (
        Order("PAK", "cross_border_strike", "TAL"),))}, {}, seed=3)
    from dataclasses import replace
    resolve_move(ctx, replace(strike, outcome=Outcome.FAILURE, proposed=Outcome.FAILURE,
                              war_gate=False))
    assert riv.side_peak == 5
