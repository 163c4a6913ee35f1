"""The one game loop: lever pulls, common random numbers, games that never abort."""

from __future__ import annotations

import pickle

from wargame.analysis.batch import FailedGame, GameSummary, play_games, run_batch
from wargame.engine import new_game
from wargame.errors import CommandError, IllegalOrderError, Problem, SaveFileError, ScenarioError
from wargame.payloads import DiceRolled, DieRoll
from wargame.runner import LeverPull, play_turn, run_game
from wargame.scenario.models import Scenario


def _rolls(scenario: Scenario, seed: int, pulls: tuple[LeverPull, ...]) -> list[DieRoll]:
    state = new_game(scenario, seed, 6).state
    rolls: list[DieRoll] = []
    while not state.ended:
        result = play_turn(scenario, state, seed, pulls=pulls, first_turn=1)
        rolls += [r for e in result.entries if isinstance(e.payload, DiceRolled)
                  for r in e.payload.rolls]
        state = result.state
    return rolls


def test_an_inert_lever_shifts_no_other_dice_key(levers_scenario: Scenario) -> None:
    pull = (LeverPull("quiet_channel"),)
    for seed in range(6):
        base, treated = _rolls(levers_scenario, seed, ()), _rolls(levers_scenario, seed, pull)
        assert base, "no rolls recorded: the comparison below would prove nothing"
        lever_rolls = [r for r in treated if r not in base]
        assert all(r.subject.startswith("IND#") for r in lever_rolls)
        assert [r for r in treated if r not in lever_rolls] == base  # every other roll
        assert run_game(levers_scenario, seed, 6, pulls=pull).lever_turns == {"quiet_channel": 1}


def test_a_pull_after_the_last_turn_changes_nothing(levers_scenario: Scenario) -> None:
    late = (LeverPull("quiet_channel", 99),)
    assert _rolls(levers_scenario, 3, late) == _rolls(levers_scenario, 3, ())
    record = run_game(levers_scenario, 3, 6, pulls=late)
    assert record.lever_turns == {"quiet_channel": None} and record.lever_problems == []


def test_lever_timing(levers_scenario: Scenario) -> None:
    record = run_game(levers_scenario, 1, 6, pulls=(LeverPull.parse("quiet_channel@4"),))
    assert record.lever_turns == {"quiet_channel": 4}
    assert LeverPull.parse("x", 2) == LeverPull("x", 2) and LeverPull.parse("x@3").turn == 3


def test_an_unaffordable_lever_is_reported_per_game_and_the_batch_goes_on(
        levers_scenario: Scenario) -> None:
    summary = run_batch(levers_scenario, runs=4, turns=3, levers=("costly_plan",))
    assert summary["games"] == 4 and summary["failed_games"] == []
    assert summary["lever_never_in_force"] == {"costly_plan": [0, 1, 2, 3]}
    problems = summary["lever_problems"][0]["problems"]
    assert len(problems) == 3 and "cannot_afford" in problems[0]  # tried on each turn


def test_a_broken_game_is_a_failed_game_not_an_abort(tutorial: Scenario) -> None:
    games = play_games(tutorial, [0, 1], turns=2, levers=("no_such_lever",))
    assert all(isinstance(g, FailedGame) and "no_such_lever" in g.error for g in games)
    games = play_games(tutorial, [0, 1], turns=2)
    assert all(isinstance(g, GameSummary) for g in games)


def test_summary_shares(tutorial: Scenario) -> None:
    summary = run_batch(tutorial, runs=10, turns=6)
    assert set(summary["event_shares"]) == {e.id for e in tutorial.events}
    assert set(summary["objective_met_shares"]) == {o.id for o in tutorial.objectives}
    assert all(0 <= v <= 1 for v in summary["objective_met_shares"].values())
    assert isinstance(summary["flag_shares"], dict)


def test_every_wargame_exception_survives_pickling() -> None:
    errors = [IllegalOrderError("cannot_afford", "orders cost 5"),
              ScenarioError([Problem("a.yaml", 3, 1, "moves[0]", "bad")]),
              SaveFileError("truncated"), CommandError("ended")]
    for error in errors:
        back = pickle.loads(pickle.dumps(error))
        assert type(back) is type(error) and str(back) == str(error)
    back = pickle.loads(pickle.dumps(errors[0]))
    assert (back.code, back.reason) == ("cannot_afford", "orders cost 5")
    assert pickle.loads(pickle.dumps(errors[1])).problems == errors[1].problems
