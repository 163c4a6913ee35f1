"""Richardson drift, loss of control and spillover against hand-computed numbers."""

from __future__ import annotations

import math

import pytest

from tests.engine.conftest import make_ctx
from wargame.rules.spillover import linkage_graph, spill_probability, spread
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


def test_drift_raises_the_rung_when_tension_tops_the_band(tutorial: Scenario,
                                                          start: GameState) -> None:
    ctx = make_ctx(tutorial, start)
    ctx.draft.rivalries["IND-PAK"].tension = {"IND": 30.0, "PAK": 30.0}
    drift_phase(ctx)
    assert ctx.draft.rivalries["IND-PAK"].rung == 2


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
    assert spill_probability(1.0) == pytest.approx(1 - math.exp(-1))


def test_spread_stops_after_two_hops() -> None:
    import networkx as nx

    chain = nx.Graph()
    chain.add_edge("A", "B", weight=0.5)
    chain.add_edge("B", "C", weight=0.5)
    chain.add_edge("C", "D", weight=0.5)
    reached = spread(chain, "A", 1.0, hops=2)
    assert reached == {"B": 0.5, "C": 0.25}


def test_tensions_ease_within_a_band_but_not_across_a_threshold(tutorial: Scenario,
                                                                start: GameState) -> None:
    ctx = make_ctx(tutorial, start)
    riv = ctx.draft.rivalries["IND-PAK"]
    riv.rung, riv.tension = 4, {"IND": 5.0, "PAK": 5.0}
    drift_phase(ctx)  # mean ~6.6 < 10 * (4 - 1): one rung down, 3 -> no threshold between
    assert riv.rung == 3
    ctx = make_ctx(tutorial, start)
    riv = ctx.draft.rivalries["IND-PAK"]
    riv.rung, riv.tension = 2, {"IND": 0.0, "PAK": 0.0}
    drift_phase(ctx)  # crisis onset sits between 1 and 2: drift cannot cross it
    assert riv.rung == 2


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
