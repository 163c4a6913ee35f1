"""A patron standing its proxy down in a crisis (docs/rules.md, section 7), by hand."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.engine.conftest import make_ctx
from wargame.orders import Order, OrderSheet, Outcome
from wargame.rules import crisis
from wargame.rules.adjudication import Adjudication, adjudicate
from wargame.rules.resolution import resolve_move
from wargame.scenario import models as m
from wargame.scenario.models import Scenario
from wargame.state import GameState


@pytest.fixture(scope="module")
def reined(tutorial: Scenario) -> Scenario:
    """The tutorial with a Taliban move that orders the TTP to stand down (+0.1 control)."""
    rein = m.Move.model_validate({
        "id": "rein_in_ttp", "name": "Rein in the TTP", "actors": ["TAL"],
        "targets": ["PAK"], "rung": 0, "category": "de_escalation", "odds": "even",
        "effects": [{"add_control": {"patron": "self", "proxy": "TTP", "value": 0.1}}]})
    loosen = rein.model_copy(update={"id": "free_ttp", "name": "Free the TTP", "effects": (
        m.ControlEffect.model_validate(
            {"add_control": {"patron": "self", "proxy": "TTP", "value": -0.1}}),)})
    return tutorial.model_copy(update={"moves": (*tutorial.moves, rein, loosen)})


def _adj(scenario: Scenario, state: GameState, actor: str, move: str, target: str,
         outcome: Outcome = Outcome.SUCCESS) -> Adjudication:
    (adj,) = adjudicate(scenario, state, {actor: OrderSheet(actor, (Order(actor, move, target),))},
                        {}, seed=3)
    return replace(adj, outcome=outcome, proposed=outcome, war_gate=False)


def _in_crisis(scenario: Scenario, state: GameState, *adjs: Adjudication):  # type: ignore[no-untyped-def]
    ctx = make_ctx(scenario, state)
    riv = ctx.draft.rivalries["PAK-TAL"]
    crisis.touch_crisis(ctx.draft, "PAK-TAL", riv.rung, "a climb")
    ctx.adjudications = adjs
    return ctx


def test_a_reined_in_proxy_is_a_spoiler_and_the_brokered_ceasefire_holds(
        reined: Scenario, start: GameState) -> None:
    rein = _adj(reined, start, "TAL", "rein_in_ttp", "PAK")
    raid = _adj(reined, start, "TTP", "ttp_offensive", "PAK")
    ctx = _in_crisis(reined, start, rein, raid)
    crisis.stand_downs(ctx)
    riv = ctx.draft.rivalries["PAK-TAL"]
    assert riv.crisis is not None and riv.crisis.stood_down == (("TTP", start.turn),)
    for adj in (rein, raid):
        resolve_move(ctx, adj)
    # The offensive (rung 4) still lifts the ladder from 2 and presses it ...
    assert riv.rung == 4 and "PAK-TAL" in ctx.pressed
    # ... but it is not the Taliban's climb and does not keep the crisis alive.
    assert "TAL" not in ctx.escalators.get("PAK-TAL", set())
    assert "PAK-TAL" not in ctx.hostile_top
    crisis.add_mediation(reined, ctx.draft, reined.rivalry("PAK-TAL"), "IND", 3, "envoy")
    crisis.crisis_phase(ctx)
    (ending,) = ctx.draft.endings
    assert ending.how == "mediated" and riv.rung == 2  # the status quo ante (rung 2)


def test_without_a_stand_down_the_groups_raid_is_its_patrons_climb(
        reined: Scenario, start: GameState) -> None:
    raid = _adj(reined, start, "TTP", "ttp_offensive", "PAK")
    ctx = _in_crisis(reined, start, raid)
    crisis.stand_downs(ctx)
    resolve_move(ctx, raid)
    assert ctx.escalators["PAK-TAL"] == {"TAL"} and ctx.hostile_top["PAK-TAL"] == 4
    crisis.add_mediation(reined, ctx.draft, reined.rivalry("PAK-TAL"), "IND", 3, "envoy")
    ctx.deescalators["PAK-TAL"] = {"PAK"}
    crisis.crisis_phase(ctx)
    assert ctx.draft.endings == [] and ctx.draft.rivalries["PAK-TAL"].rung == 4


@pytest.mark.parametrize("outcome", [Outcome.FAILURE, Outcome.BLOWBACK])
def test_a_failed_order_stands_nobody_down(reined: Scenario, start: GameState,
                                           outcome: Outcome) -> None:
    ctx = _in_crisis(reined, start, _adj(reined, start, "TAL", "rein_in_ttp", "PAK", outcome))
    crisis.stand_downs(ctx)
    crisis_now = ctx.draft.rivalries["PAK-TAL"].crisis
    assert crisis_now is not None and crisis_now.stood_down == ()


def test_a_stand_down_lapses(reined: Scenario, start: GameState) -> None:
    ctx = _in_crisis(reined, start, _adj(reined, start, "TAL", "rein_in_ttp", "PAK"))
    crisis.stand_downs(ctx)
    riv = ctx.draft.rivalries["PAK-TAL"]
    stood = riv.crisis
    assert stood is not None and crisis.stood_down(ctx.draft, "PAK-TAL", "TTP")
    # 14-day turns: the de-escalation window of 2 turns, unscaled. Two turns on it holds ...
    ctx.adjudications = ()
    ctx.draft.turn = start.turn + 2
    crisis.stand_downs(ctx)
    assert crisis.stood_down(ctx.draft, "PAK-TAL", "TTP")
    # ... three turns on it has lapsed.
    ctx.draft.turn = start.turn + 3
    crisis.stand_downs(ctx)
    assert not crisis.stood_down(ctx.draft, "PAK-TAL", "TTP")
    # The patron loosening its hold, or climbing itself, ends it at once.
    for move in ("free_ttp", "ttp_offensive"):
        riv.crisis = stood
        ctx.draft.turn = start.turn
        actor = "TTP" if move == "ttp_offensive" else "TAL"
        ctx.adjudications = (_adj(reined, start, actor, move, "PAK"),)
        crisis.stand_downs(ctx)
        assert crisis.stood_down(ctx.draft, "PAK-TAL", "TTP") is (actor == "TTP")


def test_a_minor_spoiler_blow_need_not_be_answered_before_the_ceasefire(
        reined: Scenario, start: GameState) -> None:
    for severity, ends in ((1, True), (2, False)):
        ctx = _in_crisis(reined, start)
        rivalry = reined.rivalry("PAK-TAL")
        crisis.add_incident(reined, ctx.draft, rivalry, "spoiler", severity, ("PAK",),
                            {"PAK": "TAL"}, "a raid by the stood-down group")
        crisis.add_mediation(reined, ctx.draft, rivalry, "IND", 3, "envoy")
        ctx.deescalators["PAK-TAL"] = {"TAL"}
        crisis.crisis_phase(ctx)
        assert bool(ctx.draft.endings) is ends


def test_the_crisis_records_the_sides_own_peak_and_history_scores_it(
        tutorial: Scenario, start: GameState) -> None:
    from wargame.analysis.history import case_run
    from wargame.state import Ending

    ctx = make_ctx(tutorial, start)
    riv = ctx.draft.rivalries["PAK-TAL"]
    crisis.touch_crisis(ctx.draft, "PAK-TAL", riv.rung, "a climb")
    resolve_move(ctx, _adj(tutorial, start, "TTP", "ttp_offensive", "PAK"))
    assert riv.crisis is not None and riv.crisis.side_peak == 2  # the proxy's 4 not counted
    resolve_move(ctx, _adj(tutorial, start, "PAK", "cross_border_strike", "TAL",
                           Outcome.FAILURE))
    assert riv.crisis.side_peak == 5  # the attempt counts, failed or not
    crisis.end_crisis(ctx, tutorial.rivalry("PAK-TAL"), "restraint", "")
    ctx.draft.endings.append(Ending("PAK-TAL", 9, "war", 8, 7, side_peak=7))
    riv.side_peak = 7
    # The case's crisis is the first episode: peak 5, ended in restraint; not the later war.
    run = case_run(ctx.draft.freeze(), "PAK-TAL", seed=0)
    assert (run.peak, run.ending) == (5, "restraint")
