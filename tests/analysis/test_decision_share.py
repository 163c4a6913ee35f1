"""Force is a decision: every first climb to overt force is an actor's move."""

from __future__ import annotations

import pytest

from wargame.analysis.calibration import base_rates, play_games
from wargame.scenario import models as m
from wargame.scenario.loader import load_scenario, resolve_scenario_path


@pytest.fixture(scope="module")
def scenario() -> m.Scenario:
    return load_scenario(resolve_scenario_path("afghanistan-2022"))


def test_every_first_climb_to_overt_force_is_decided_by_an_actor(scenario: m.Scenario) -> None:
    games = play_games(scenario, range(60))
    rates = base_rates(scenario, games)
    climbs = rates["first_overt_climbs"]
    # Other rivalries (Pakistan-Taliban, the Taliban's wars) climb in most games, so
    # the check is not vacuous.
    assert sum(climbs.values()) >= 30
    assert climbs == {"move": sum(climbs.values())}
    assert rates["first_overt_by_decision_share"] == 1.0


def test_base_rates_count_what_they_say(scenario: m.Scenario) -> None:
    games = play_games(scenario, range(8))
    rates = base_rates(scenario, games)
    assert rates["games"] == 8
    assert rates["overt_force_share"] == sum(g.peaks["IND-PAK"] >= 5 for g in games) / 8
    assert rates["some_rivalry_below_start_share"] == sum(bool(g.below_start)
                                                          for g in games) / 8
