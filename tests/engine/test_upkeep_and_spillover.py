"""Richardson drift, loss of control and spillover against hand-computed numbers."""

from __future__ import annotations

import pytest

from tests.engine.conftest import make_ctx
from wargame.rules.spillover import linkage_graph, spillover_phase, spread
from wargame.rules.upkeep import drift_phase, loss_of_control_probability
from wargame.scenario.models import Scenario
from wargame.state import GameState


def test_richardson_drift(tutorial: Scenario, start: GameState) -> None:
    ctx = make_ctx(tutorial, start)
    drift_phase(ctx)
    riv = ctx.draft.rivalries["IND-PAK"]
    # T_IND = 12 + 0.10 * 12 - 0.30 * 12 + 0.5 = 10.1
    # T_PAK = 12 + 0.12 * 12 - 0.25 * 12 + 0.5 = 10.94
    assert riv.tension["IND"] == pytest.approx(10.1)
    assert riv.tension["PAK"] == pytest.approx(10.94)
    assert riv.rung == 1  # mean 10.52 is below the band 10 * (1 + 1) = 20


def test_drift_above_the_band_raises_no_rung_but_is_logged(tutorial: Scenario,
                                                          start: GameState) -> None:
    # Force is a decision: hostility above the band presses the governments (the
    # doctrine weighs it) but moves no rung by itself.
    ctx = make_ctx(tutorial, start)
    ctx.draft.rivalries["IND-PAK"].tension = {"IND": 30.0, "PAK": 30.0}
    drift_phase(ctx)
    assert ctx.draft.rivalries["IND-PAK"].rung == 1


def test_loss_of_control_opens_an_incident_not_a_climb(tutorial: Scenario,
                                                      start: GameState) -> None:
    from wargame.rules.upkeep import loss_of_control_phase

    ctx = make_ctx(tutorial, start)
    riv = ctx.draft.rivalries["PAK-TAL"]
    riv.rung = 6  # capped at 0.25: some seed rolls under it
    for seed in range(40):
        ctx = make_ctx(tutorial, start, seed=seed)
        ctx.draft.rivalries["PAK-TAL"].rung = 6
        loss_of_control_phase(ctx)
        if ctx.draft.incidents:
            break
    (incident,) = ctx.draft.incidents
    assert incident.cause == "loss_of_control" and set(incident.deciders) == {"PAK", "TAL"}
    assert incident.due == ctx.draft.turn + 1  # answered by next turn's orders
    assert ctx.draft.rivalries["PAK-TAL"].rung == 6  # no rung moved


def test_loss_of_control_probability(tutorial: Scenario, start: GameState) -> None:
    ctx = make_ctx(tutorial, start)
    ind_pak, pak_tal = tutorial.rivalry("IND-PAK"), tutorial.rivalry("PAK-TAL")
    assert loss_of_control_probability(ctx, ind_pak) == 0.0  # below rung 3
    ctx.draft.rivalries["IND-PAK"].rung = 4
    # 0.02 * 2^(4-3) * (1 + 0) * (1 - 0) * (1 + 0) = 0.04 (neither side sponsors a proxy)
    assert loss_of_control_probability(ctx, ind_pak) == pytest.approx(0.04)
    ctx.draft.rivalries["PAK-TAL"].rung = 5
    # TAL sponsors the TTP with control 0.3: autonomy 0.7; forces in contact at rung 5:
    # 0.02 * 4 * 1.7 * 1 * 1.5 = 0.204
    assert loss_of_control_probability(ctx, pak_tal) == pytest.approx(0.204)
    ctx.draft.rivalries["PAK-TAL"].channel = True
    assert loss_of_control_probability(ctx, pak_tal) == pytest.approx(0.102)
    ctx.draft.rivalries["PAK-TAL"].rung = 6
    ctx.draft.rivalries["PAK-TAL"].channel = False
    assert loss_of_control_probability(ctx, pak_tal) == pytest.approx(0.25)  # capped


def test_linkage_graph_and_spread(tutorial: Scenario) -> None:
    graph = linkage_graph(tutorial)
    # The explicit linkage sets the weight (0.25) between the two rivalries sharing Pakistan.
    assert graph["PAK-TAL"]["IND-PAK"]["weight"] == 0.25
    # A two-rung jump doubles: 2 * 2 * 0.25 = 1.0 pressure on IND-PAK.
    assert spread(graph, "PAK-TAL", 4, hops=2) == {"IND-PAK": pytest.approx(1.0)}


def test_spillover_adds_pressure_and_tension_never_a_rung(tutorial: Scenario,
                                                         start: GameState) -> None:
    ctx = make_ctx(tutorial, start)
    pak_tal = ctx.draft.rivalries["PAK-TAL"]
    pak_tal.set_rung(4, public=True)  # a two-rung rise from 2 (rose_by 2, not a jump)
    before = dict(ctx.draft.rivalries["IND-PAK"].tension)
    spillover_phase(ctx)
    ind_pak = ctx.draft.rivalries["IND-PAK"]
    # 2 rungs * weight 0.25 = 0.5 pressure; tension +spillover_tension (10) * 0.5 = +5 each;
    # then pressure decays by spillover_decay 0.5 -> 0.25
    assert ind_pak.rung == 1
    assert ind_pak.tension["IND"] == pytest.approx(before["IND"] + 5.0)
    assert ind_pak.pressure == pytest.approx(0.25)


def test_spread_stops_after_two_hops() -> None:
    import networkx as nx

    chain = nx.Graph()
    chain.add_edge("A", "B", weight=0.5)
    chain.add_edge("B", "C", weight=0.5)
    chain.add_edge("C", "D", weight=0.5)
    reached = spread(chain, "A", 1.0, hops=2)
    assert reached == {"B": 0.5, "C": 0.25}


def test_tensions_ease_within_a_band_and_across_a_threshold_after_two_quiet_turns(
        tutorial: Scenario, start: GameState) -> None:
    ctx = make_ctx(tutorial, start)
    riv = ctx.draft.rivalries["IND-PAK"]
    riv.rung, riv.tension = 4, {"IND": 5.0, "PAK": 5.0}
    drift_phase(ctx)  # mean ~6.6 < 10 * (4 - 1): one rung down, 3 -> no threshold between
    assert riv.rung == 3
    ctx = make_ctx(tutorial, start)
    riv = ctx.draft.rivalries["IND-PAK"]
    riv.rung, riv.tension = 2, {"IND": 0.0, "PAK": 0.0}
    drift_phase(ctx)  # crisis onset sits between 1 and 2: the first quiet turn banks credit
    assert riv.rung == 2 and riv.credit == 1
    drift_phase(ctx)  # the second quiet turn in a row crosses it (EM 8.1 rule 3)
    assert riv.rung == 1 and riv.credit == 0


def test_belief_decay_returns_toward_the_prior(tutorial: Scenario, start: GameState) -> None:
    from wargame.rules.upkeep import belief_decay_phase

    ctx = make_ctx(tutorial, start)
    ctx.draft.beliefs["PAK"]["IND"] = 0.9  # prior 0.5 (rivals)
    belief_decay_phase(ctx)
    assert ctx.draft.beliefs["PAK"]["IND"] == pytest.approx(0.9 + 0.1 * (0.5 - 0.9))


def test_proxy_autonomy_counts_only_proxies_fighting_on_the_rivalry(tutorial: Scenario,
                                                                   start: GameState) -> None:
    from wargame.rules.upkeep import proxy_autonomy

    ctx = make_ctx(tutorial, start)
    # The TTP (control 0.3) fights Pakistan through Pakistan-Taliban, not India-Pakistan.
    assert proxy_autonomy(ctx, tutorial.rivalry("PAK-TAL")) == pytest.approx(0.7)
    assert proxy_autonomy(ctx, tutorial.rivalry("IND-PAK")) == 0.0
