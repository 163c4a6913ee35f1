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
