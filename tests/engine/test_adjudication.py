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
    # resolve 0.6 - 0.1 * (3 - 1) = 0.4
    assert proposal.decision.probability == pytest.approx(0.4)
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


def test_war_gate_bargaining_test(tutorial: Scenario, start: GameState) -> None:
    # IND 8 vs PAK 7 capability, risk 0.4 and 0.5, both nuclear:
    # p_IND = 8/15 - 0.03 = 0.50333, p_PAK = 7/15 + 0 = 0.46667; sum - 1 = -0.03 <= 0.3
    assert adj.war_gate_holds(tutorial, start, tutorial.rivalry("IND-PAK"))


def test_war_gate_opens_for_a_commitment_problem(tutorial: Scenario, start: GameState) -> None:
    ind_pak = tutorial.rivalry("IND-PAK")
    draft = start.thaw()
    draft.beliefs["PAK"]["IND"] = 0.95  # Pakistan fears being struck first
    feared = draft.freeze()
    assert adj.war_gate_holds(tutorial, feared, ind_pak, "IND")  # India is not afraid
    assert not adj.war_gate_holds(tutorial, feared, ind_pak, "PAK")


def test_moves_naming_their_rivalry_need_one(tutorial: Scenario, start: GameState) -> None:
    from wargame.rules.legality import uses_this, why_illegal

    assert uses_this(tutorial, tutorial.move("talks"))
    assert not uses_this(tutorial, tutorial.move("demarche"))
    # IND and TAL have no rivalry: talks (which lower 'this' rivalry's tension) are illegal.
    problem = why_illegal(tutorial, start, Order("IND", "talks", "TAL"))
    assert problem is not None and problem[0] in ("bad_target", "no_rivalry")
