"""Built-in and emergent effects of levers: the verdict is not the author's own number."""

from __future__ import annotations

import pytest

from wargame.analysis.experiment import arms_for, run_experiment
from wargame.analysis.mechanisms import direct_effect_count, without_direct_effects
from wargame.runner import LeverPull
from wargame.scenario import models as m
from wargame.scenario.models import Scenario


def _with_direct_effect(scenario: Scenario) -> Scenario:
    """The inert quiet channel, now written to raise the humanitarian indicator by 0.2 a
    turn and aimed at it, plus a one-off +0.5 on its move: all built in, no mechanism."""
    bump = m.AddIndicatorEffect.model_validate(
        {"add_indicator": {"indicator": "humanitarian", "value": 0.2}})
    once = m.AddIndicatorEffect.model_validate(
        {"add_indicator": {"indicator": "humanitarian", "value": 0.5}})
    aim = m.IndicatorAim(indicator="humanitarian", direction="up")
    levers = [lv.model_copy(update={"per_turn": (bump,), "aims": (aim,)})
              if lv.id == "quiet_channel" else lv for lv in scenario.levers]
    moves = [mv.model_copy(update={"effects": (*mv.effects, once)})
             if mv.lever == "quiet_channel" else mv for mv in scenario.moves]
    return scenario.model_copy(update={"levers": levers, "moves": moves})


def test_direct_effects_are_found_and_removed_and_nothing_else(levers_scenario: Scenario) -> None:
    scenario = _with_direct_effect(levers_scenario)
    assert direct_effect_count(levers_scenario, ["quiet_channel"]) == 0
    assert direct_effect_count(scenario, ["quiet_channel"]) == 2
    stripped = without_direct_effects(scenario, ["quiet_channel"])
    assert direct_effect_count(stripped, ["quiet_channel"]) == 0
    assert stripped.lever("quiet_channel").aims == scenario.lever("quiet_channel").aims
    # other levers and moves untouched
    assert stripped.lever("costly_plan") == scenario.lever("costly_plan")
    assert stripped.move("talks") == scenario.move("talks")


def test_a_lever_with_only_a_built_in_effect_is_not_supported(levers_scenario: Scenario) -> None:
    scenario = _with_direct_effect(levers_scenario)
    arms = arms_for([LeverPull("quiet_channel")], compare=False)
    result, played = run_experiment(scenario, arms, runs=12, first_seed=5)
    assert "quiet_channel (mechanisms only)" in played
    (verdict,) = result["lever_verdicts"]
    assert verdict["lever"] == "quiet_channel" and verdict["pairs"] == 12
    # The channel does nothing through play: with its written effects removed, every
    # game is the baseline's (common random numbers), so the emergent effect is exactly 0.
    assert verdict["emergent"]["mean"] == 0 and verdict["emergent"]["sd"] == 0
    # All the rise is built in: +0.5 once and +0.2 a turn, some of the tutorial's turns.
    assert verdict["built_in"]["mean"] == pytest.approx(verdict["total"]["mean"])
    assert verdict["built_in"]["ci95_low"] > 0.5
    assert verdict["verdict"] == "built-in only: the mechanisms show no effect"


def test_a_lever_without_direct_effects_is_judged_without_a_replay(
        levers_scenario: Scenario) -> None:
    """No written effect to strip: the arm is its own mechanisms-only arm, so no third
    play, yet its aims still get a verdict, with a built-in part of exactly zero."""
    aim = m.IndicatorAim(indicator="humanitarian", direction="up")
    scenario = levers_scenario.model_copy(update={"levers": [
        lv.model_copy(update={"aims": (aim,)}) if lv.id == "quiet_channel" else lv
        for lv in levers_scenario.levers]})
    arms = arms_for([LeverPull("quiet_channel")], compare=False)
    result, played = run_experiment(scenario, arms, runs=4)
    assert len(played) == 2
    (verdict,) = result["lever_verdicts"]
    assert verdict["pairs"] == 4
    assert verdict["built_in"]["mean"] == 0 and verdict["built_in"]["sd"] == 0
    assert verdict["emergent"] == verdict["total"]


def test_no_replay_and_no_verdicts_when_switched_off(levers_scenario: Scenario) -> None:
    arms = arms_for([LeverPull("quiet_channel")], compare=False)
    result, played = run_experiment(_with_direct_effect(levers_scenario), arms, runs=3,
                                    split_effects=False)
    assert result["lever_verdicts"] == [] and len(played) == 2
