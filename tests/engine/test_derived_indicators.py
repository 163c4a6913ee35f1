"""Derived indicators: computed from the state after every phase, never added to
(docs/rules.md, section 8a). Expected values are worked by hand from the formulas in
scenarios/afghanistan-2022.yaml."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.engine.conftest import ROOT
from wargame.errors import CommandError, ScenarioError
from wargame.orders import Inject
from wargame.rules.indicators import derive
from wargame.runner import run_game
from wargame.scenario import models as m
from wargame.scenario.loader import load_scenario, parse_scenario
from wargame.session import Session
from wargame.state import GameState, initial_state

DEFAULT = ROOT / "scenarios" / "afghanistan-2022.yaml"


@pytest.fixture(scope="module")
def theatre() -> m.Scenario:
    return load_scenario(DEFAULT)


def _text() -> str:
    return DEFAULT.read_text(encoding="utf-8")


def _parse(text: str) -> m.Scenario:
    return parse_scenario(text, filename="theatre.yaml", base_dir=DEFAULT.parent)


@pytest.mark.parametrize(("quantity", "expected"), [
    (-1, 0.5), (0, 0.5), (1, 1.0), (2, 1.5), (3, 2.0), (4.5, 3.75), (8, 10.0), (9, 10.0)])
def test_a_curve_is_piecewise_linear_and_flat_beyond_its_ends(quantity: float,
                                                               expected: float) -> None:
    term = m.IndicatorTerm(rung="IND-PAK", curve=((0, 0.5), (1, 1), (3, 2), (4, 3), (5, 4.5),
                                                  (6, 6.5), (7, 8.5), (8, 10)))
    assert term.mapped(quantity) == pytest.approx(expected)


def test_a_term_reads_exactly_one_quantity_and_a_curve_increases() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        m.IndicatorTerm(rung="A", flag="b")
    with pytest.raises(ValueError, match="exactly one"):
        m.IndicatorTerm()
    with pytest.raises(ValueError, match="increasing"):
        m.IndicatorTerm(rung="A", curve=((1, 0), (1, 2)))


def test_start_values_come_from_the_formulas(theatre: m.Scenario) -> None:
    start = initial_state(theatre, 12)
    # 0.5 + curve(IND-PAK rung 1) = 1 + curve(CHN-IND rung 2) = 0.5
    assert theatre.indicator("nuclear_risk").initial == 2.0
    # 2.25 + 0.5 x 3.5 (ISIS-K) + 0.4 x 4 (TTP) + 0.2 x 2 (ETIM)
    assert theatre.indicator("terrorism_threat").initial == pytest.approx(6.0)
    assert theatre.indicator("great_power_rivalry").initial == 5.0  # 3 + 1 + 1
    assert theatre.indicator("pakistan_crisis").initial == 6.5      # 10 - 3.5
    assert start.indicators["nuclear_risk"] == 2.0


def test_derive_reads_public_rungs_variables_and_clamps(theatre: m.Scenario) -> None:
    draft = initial_state(theatre, 12).thaw()
    draft.rivalries["IND-PAK"].public_rung = 5
    draft.rivalries["IND-PAK"].rung = 7          # a covert climb the world has not seen
    draft.rivalries["CHN-IND"].public_rung = 6
    draft.variables["ISK"]["capability"] = 1.0
    draft.variables["PAK"]["stability"] = 2.0
    derive(theatre, draft)
    assert draft.indicators["nuclear_risk"] == pytest.approx(0.5 + 4.5 + 2.5)
    assert draft.indicators["terrorism_threat"] == pytest.approx(2.25 + 0.5 + 1.6 + 0.4)
    assert draft.indicators["pakistan_crisis"] == pytest.approx(8.0)
    draft.rivalries["IND-PAK"].public_rung = 9
    draft.rivalries["CHN-IND"].public_rung = 9
    derive(theatre, draft)
    assert draft.indicators["nuclear_risk"] == 10.0  # 0.5 + 10 + 8, clamped to the max


def test_derive_reads_mean_tension_and_flags() -> None:
    term = "        - {var: {actor: PAK, var: stability}, curve: [[0, 10], [10, 0]]}\n"
    assert term in _text()
    scenario = _parse(_text().replace(term, "        - {tension: IND-PAK, weight: 0.5}\n"
                                            "        - {flag: pak_licence, weight: 2}\n"))
    draft = initial_state(scenario, 12).thaw()
    draft.rivalries["IND-PAK"].tension = {"IND": 3.0, "PAK": 6.0}
    derive(scenario, draft)
    assert draft.indicators["pakistan_crisis"] == 2.25      # 0.5 * (3 + 6) / 2
    draft.flags.add("pak_licence")
    derive(scenario, draft)
    assert draft.indicators["pakistan_crisis"] == 4.25      # + 2 * 1


def _formula(indicator: m.Indicator, state: GameState) -> float:
    draft = state.thaw()
    derive_one = indicator.derived
    assert derive_one is not None
    return derive_one.value(
        lambda t: (float(draft.rivalries[t.rung].public_rung) if t.rung
                   else draft.variables[t.var.actor][t.var.var] if t.var else 0.0),
        indicator.min, indicator.max)


@settings(max_examples=8, deadline=None)
@given(seed=st.integers(0, 2**31 - 1))
def test_in_any_game_every_recorded_value_is_the_formula_of_its_state(seed: int) -> None:
    theatre = load_scenario(DEFAULT)
    game = run_game(theatre, seed, turns=4)
    for ind in theatre.indicators:
        if ind.derived is not None:
            assert game.final.indicators[ind.id] == _formula(ind, game.final)
            assert len(game.final.indicator_history[ind.id]) == 4


def test_the_loader_rejects_an_effect_on_a_derived_indicator() -> None:
    text = _text().replace(
        "      - {add: {actor: self, var: stability, value: -0.1}}   # the strikes benefit",
        "      - {add_indicator: {indicator: pakistan_crisis, value: 1}}   #")
    with pytest.raises(ScenarioError) as err:
        _parse(text)
    problem = next(p for p in err.value.problems if "derived" in p.message)
    assert problem.line > 1000 and "add_indicator" in problem.path
    assert "change what it is derived from" in problem.message


def test_a_derived_indicator_with_a_wrong_initial_is_an_error() -> None:
    text = _text().replace("  - id: great_power_rivalry\n",
                           "  - id: great_power_rivalry\n    initial: 4\n")
    with pytest.raises(ScenarioError, match=r"great_power_rivalry.*differs.*remove initial"):
        _parse(text)
    same = _text().replace("  - id: great_power_rivalry\n",
                           "  - id: great_power_rivalry\n    initial: 5\n")
    assert _parse(same).indicator("great_power_rivalry").initial == 5.0


def test_a_stock_indicator_still_needs_an_initial_value() -> None:
    text = _text().replace("    initial: 2.5\n    better: higher\n    source: \"essay: Afghan",
                           "    better: higher\n    source: \"essay: Afghan")
    with pytest.raises(ScenarioError, match="stock indicator needs an initial"):
        _parse(text)


def test_an_inject_cannot_add_to_a_derived_indicator(theatre: m.Scenario) -> None:
    session = Session.create(theatre, seed=3, turns=2)
    before = session.state.indicators["nuclear_risk"]
    with pytest.raises(CommandError, match="derived from the state"):
        session.inject(Inject(title="Alarm", effects=(
            {"add_indicator": {"indicator": "nuclear_risk", "value": 3}},)))
    assert session.state.indicators["nuclear_risk"] == before
    session.inject(Inject(title="Aid", effects=(
        {"add_indicator": {"indicator": "humanitarian", "value": 1}},)))
    assert session.state.indicators["humanitarian"] == pytest.approx(
        theatre.indicator("humanitarian").initial + 1)
