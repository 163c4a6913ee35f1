"""Shared fixtures for engine tests: the tutorial scenario and turn contexts over it."""

from __future__ import annotations

from pathlib import Path

import pytest

from wargame.rng import Dice
from wargame.rules.context import TurnContext
from wargame.scenario.loader import load_scenario
from wargame.scenario.models import Scenario
from wargame.state import GameState, initial_state

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def tutorial() -> Scenario:
    return load_scenario(ROOT / "scenarios" / "tutorial.yaml")


@pytest.fixture()
def start(tutorial: Scenario) -> GameState:
    return initial_state(tutorial, 6)


def make_ctx(scenario: Scenario, state: GameState, seed: int = 1) -> TurnContext:
    return TurnContext(scenario, state.thaw(), Dice(seed, state.turn))
