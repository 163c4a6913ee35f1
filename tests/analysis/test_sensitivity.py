"""Sensitivity analysis: designs, statistics and the tornado chart."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from wargame.analysis import sensitivity as sens
from wargame.scenario.models import Scenario
from wargame.scenario.param_sources import RULE_PARAMS


def test_spearman_by_hand() -> None:
    assert sens.spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert sens.spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    # ranks x 0,1,2,3; y with a tie: 0, 1.5, 1.5, 3 -> r = 4.5 / sqrt(5 * 4.5) = 0.948683
    assert sens.spearman([1, 2, 3, 4], [1, 2, 2, 3]) == pytest.approx(0.948683, abs=1e-6)
    assert sens.spearman([1, 2, 3], [5, 5, 5]) == 0.0


def test_latin_hypercube_uses_every_stratum_once() -> None:
    names = ["war_cost", "mediation_turns", "loss_of_control_base"]
    draws = sens.latin_hypercube(names, 10, seed=3)
    assert len(draws) == 10
    for name in ("war_cost", "loss_of_control_base"):
        src = RULE_PARAMS[name]
        strata = sorted(int((d[name] - src.low) / (src.high - src.low) * 10) for d in draws)
        assert strata == list(range(10))
    assert all(float(d["mediation_turns"]).is_integer() for d in draws)
    assert draws == sens.latin_hypercube(names, 10, seed=3)


def test_with_rules_validates_and_leaves_the_rest(tutorial: Scenario) -> None:
    changed = sens.with_rules(tutorial, {"war_cost": 0.2})
    assert changed.rules.war_cost == 0.2
    assert changed.rules.pro_weight == tutorial.rules.pro_weight
    with pytest.raises(ValueError):
        sens.with_rules(tutorial, {"war_cost": 7.0})  # a probability


def test_swings_unsourced_and_tornado(tutorial: Scenario) -> None:
    swings = sens.one_at_a_time(tutorial, range(6), names=["war_cost", "spillover_tension"])
    assert [s.name for s in swings] == sorted([s.name for s in swings],
                                              key=lambda n: -abs(next(
                                                  x.swing for x in swings if x.name == n)))
    fake = [sens.Swing("spillover_tension", 5, 15, 0.1, 0.2, 0.15,
                       RULE_PARAMS["spillover_tension"]),
            sens.Swing("war_cost", 0.05, 0.2, 0.3, 0.1, 0.15, RULE_PARAMS["war_cost"])]
    assert fake[0].swing == pytest.approx(10.0) and fake[1].swing == pytest.approx(-20.0)
    assert [s.name for s in sens.unsourced_above(fake, 5)] == ["spillover_tension"]
    svg = sens.tornado_svg(fake, title="t")
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    assert "spillover_tension [5, 15] *" in svg and "#b8203a" in svg
