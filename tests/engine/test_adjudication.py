"""Adjudication odds, bands, decision checks and the war gate, against hand-computed numbers."""

from __future__ import annotations

import math

import pytest

from wargame.orders import Order, OrderSheet, Outcome, Ruling, RulingKind
from wargame.rules import adjudication as adj
from wargame.scenario import models as m
from wargame.scenario.models import Scenario
from wargame.state import GameState


def test_success_probability_logit_formula() -> None:
    params = m.RuleParams()
    # Even odds and one PRO: logit 0 + 0.65 -> 1 / (1 + e^-0.65) = 0.65701
    assert adj.success_probability(0.5, 1, 0.0, 0, params) == pytest.approx(0.657010, abs=1e-6)
    # Likely (75 %) with two CONs: logit(0.75) = 1.098612; -1.3 -> -0.201388 -> 0.449822
    assert adj.success_probability(0.75, -2, 0.0, 0, params) == pytest.approx(0.449822, abs=1e-6)
    # Resource commitment 1 adds 0.3 in logit space: 0.5 -> 0.574443
    assert adj.success_probability(0.5, 0, 0.0, 1, params) == pytest.approx(0.574443, abs=1e-6)


@pytest.mark.parametrize(
    ("p", "roll", "expected"),
    [
        (0.6, 0.029, Outcome.CRITICAL),  # < 0.05 * 0.6 = 0.03
        (0.6, 0.031, Outcome.SUCCESS),
        (0.6, 0.599, Outcome.SUCCESS),
        (0.6, 0.600, Outcome.PARTIAL),  # within 10 points above the line
        (0.6, 0.699, Outcome.PARTIAL),
        (0.6, 0.700, Outcome.FAILURE),
        (0.6, 0.969, Outcome.FAILURE),
        (0.6, 0.970, Outcome.BLOWBACK),  # bottom 3 %
        (0.95, 0.96, Outcome.PARTIAL),
        (0.95, 0.975, Outcome.BLOWBACK),
    ],
)
def test_outcome_bands(p: float, roll: float, expected: Outcome) -> None:
    assert adj.band(p, roll) == expected


def test_capability_term(tutorial: Scenario, start: GameState) -> None:
    strike = tutorial.move("punitive_strike")
    # IND capability 8 against PAK 7: 0.5 * ln(8/7) = 0.066765
    term = adj.capability_term(tutorial, start, strike, "IND", "PAK")
    assert term == pytest.approx(0.5 * math.log(8 / 7))
    # Non-forceful moves ignore capabilities.
    assert adj.capability_term(tutorial, start, tutorial.move("demarche"), "IND", "PAK") == 0.0


def test_thresholds_crossed(tutorial: Scenario) -> None:
    ind_pak = tutorial.rivalry("IND-PAK")
    assert adj.crossed_thresholds(tutorial, ind_pak, 1, 2) == ("crisis_onset",)
    assert adj.crossed_thresholds(tutorial, ind_pak, 2, 3) == ()
    assert adj.crossed_thresholds(tutorial, ind_pak, 3, 5) == ("overt_force",)
    assert adj.crossed_thresholds(tutorial, ind_pak, 6, 8) == (
        "nuclear_threshold", "no_nuclear_use")


def test_proposal_for_a_jump_has_a_decision_check(tutorial: Scenario, start: GameState) -> None:
    sheets = {"PAK": OrderSheet("PAK", (Order("PAK", "cross_border_strike", "TAL"),))}
    (proposal,) = adj.adjudicate(tutorial, start, sheets, {}, seed=42)
    # PAK-TAL starts at rung 2; the strike is rung 5: a jump across overt force.
    assert proposal.jump and proposal.thresholds == ("overt_force",)
    assert proposal.decision is not None
    # resolve 0.6, plus domestic weakness 0.05 * (default stability 5 - Pakistan's 4)
    # = 0.65, minus 0.1 * (jump of 3 - 1) = 0.45
    assert proposal.decision.probability == pytest.approx(0.45)
    assert proposal.probability == pytest.approx(
        adj.success_probability(0.75, 0, proposal.capability_term, 1, tutorial.rules))


def test_rulings_override_reroll_and_strong_argument(tutorial: Scenario, start: GameState) -> None:
    sheets = {"IND": OrderSheet("IND", (Order("IND", "demarche", "PAK"),))}
    (plain,) = adj.adjudicate(tutorial, start, sheets, {}, seed=3)
    assert plain.probability == pytest.approx(0.93)
    rulings = {"IND#0": (Ruling("IND#0", RulingKind.STRONG_ARGUMENT, "well argued", pros=-1),
                         Ruling("IND#0", RulingKind.REROLL, "dice fell off the table"),
                         Ruling("IND#0", RulingKind.OVERRIDE, "White Cell judgement",
                                Outcome.FAILURE))}
    (ruled,) = adj.adjudicate(tutorial, start, sheets, rulings, seed=3)
    assert ruled.rerolls == 1 and ruled.roll != plain.roll
    expected = adj.success_probability(0.93, -1, 0, 0, tutorial.rules)
    assert ruled.probability == pytest.approx(expected)
    assert ruled.outcome == Outcome.FAILURE and ruled.overridden
    assert ruled.proposed == adj.band(ruled.probability, ruled.roll)


def _without_noise(scenario: Scenario) -> Scenario:
    rules = scenario.rules.model_copy(update={"war_estimate_noise": 0.0})
    return scenario.model_copy(update={"rules": rules})


def test_war_gate_bargaining_test(tutorial: Scenario, start: GameState) -> None:
    # Fearon 1995 with private estimates (noise switched off to compute by hand):
    # IND capability 8 vs PAK 7; optimism = risk appetite - 0.5 in logit space.
    # p_IND = inv_logit(ln(8/7) - 0.1) = inv_logit(0.033531) = 0.508382
    # p_PAK = inv_logit(ln(7/8) + 0.0) = 7/15 = 0.466667
    # costs: war 0.1 + nuclear pair 0.15 = 0.25 each; no commitment problem
    # surplus = 0.508382 + 0.466667 - 0.5 - 1 = -0.524951 < 0: a bargain exists
    calm = _without_noise(tutorial)
    test = adj.bargaining_test(calm, start, calm.rivalry("IND-PAK"), "IND", seed=1)
    assert dict(test.estimates) == pytest.approx({"IND": 0.508382, "PAK": 0.466667}, abs=1e-6)
    assert dict(test.costs) == pytest.approx({"IND": 0.25, "PAK": 0.25})
    assert test.commitment == 0.0
    assert test.surplus == pytest.approx(-0.524951, abs=1e-6)
    assert not test.war
    assert "a bargain both prefer exists" in test.describe()


def test_war_gate_opens_for_a_fait_accompli(tutorial: Scenario, start: GameState) -> None:
    from wargame.rules.crisis import add_incident

    calm = _without_noise(tutorial)
    ind_pak = calm.rivalry("IND-PAK")
    draft = start.thaw()
    add_incident(calm, draft, ind_pak, "seizure", 2, ("IND",), {"IND": "PAK"}, "posts seized")
    seized = draft.freeze()
    # India's commitment term: fait_accompli_weight 0.6 -> surplus -0.524951 + 0.6 > 0
    test = adj.bargaining_test(calm, seized, ind_pak, "IND", seed=1)
    assert test.commitment == pytest.approx(0.6)
    assert test.surplus == pytest.approx(0.075049, abs=1e-6)
    assert test.war
    # Pakistan, which seized the ground, has no such motive.
    assert not adj.bargaining_test(calm, seized, ind_pak, "PAK", seed=1).war


def test_war_gate_commitment_from_fear_and_power_shift(tutorial: Scenario,
                                                      start: GameState) -> None:
    calm = _without_noise(tutorial)
    ind_pak = calm.rivalry("IND-PAK")
    draft = start.thaw()
    draft.beliefs["PAK"]["IND"] = 0.95  # Pakistan fears being struck first: +0.1
    draft.variables["PAK"]["capability"] = 5.0  # share 7/15 -> 5/13: decline 0.082051
    shifted = draft.freeze()
    test = adj.bargaining_test(calm, shifted, ind_pak, "PAK", seed=1)
    assert test.commitment == pytest.approx(0.1 + 1.0 * (7 / 15 - 5 / 13))
    assert adj.bargaining_test(calm, shifted, ind_pak, "IND", seed=1).commitment == 0.0


def test_war_gate_noise_is_keyed_and_bounded(tutorial: Scenario, start: GameState) -> None:
    ind_pak = tutorial.rivalry("IND-PAK")
    tests = [adj.bargaining_test(tutorial, start, ind_pak, "IND", seed=s) for s in range(200)]
    again = [adj.bargaining_test(tutorial, start, ind_pak, "IND", seed=s) for s in range(200)]
    assert tests == again  # the same seed draws the same private estimates
    assert len({t.estimates for t in tests}) == 200
    # With noise 0.6 a nuclear pair still settles in most draws (surplus ~ -0.5 on average).
    assert sum(t.war for t in tests) < 20


def test_moves_naming_their_rivalry_need_one(tutorial: Scenario, start: GameState) -> None:
    from wargame.rules.legality import uses_this, why_illegal

    assert uses_this(tutorial, tutorial.move("talks"))
    assert not uses_this(tutorial, tutorial.move("demarche"))
    # IND and TAL have no rivalry: talks (which lower 'this' rivalry's tension) are illegal.
    problem = why_illegal(tutorial, start, Order("IND", "talks", "TAL"))
    assert problem is not None and problem[0] in ("bad_target", "no_rivalry")
