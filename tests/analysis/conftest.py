"""Scenarios for the analysis tests: the tutorial, and variants with test levers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from wargame.scenario.loader import load_scenario
from wargame.scenario.models import Scenario

ROOT = Path(__file__).resolve().parents[2]

LEVERS = """
levers:
  - id: quiet_channel
    name: A quiet channel that changes nothing
    actor: IND
  - id: costly_plan
    name: A plan nobody can afford
    actor: TTP
"""

LEVER_MOVES = """
  - id: open_quiet_channel
    name: Open a quiet channel
    actors: [IND]
    rung: 0
    category: posturing
    visibility: covert
    odds: almost_certain
    lever: quiet_channel
  - id: start_costly_plan
    name: Start the costly plan
    actors: [TTP]
    rung: 0
    category: status_quo
    visibility: covert
    odds: almost_certain
    cost: {resources: 50}
    lever: costly_plan
"""


def with_test_levers(tmp: Path) -> Scenario:
    """The tutorial with an inert IND lever and a TTP lever costing more than TTP ever has;
    three orders a turn so that a lever never displaces a doctrine order."""
    text = (ROOT / "scenarios" / "tutorial.yaml").read_text(encoding="utf-8")
    text = text.replace("  orders_per_turn: 1\n", "  orders_per_turn: 3\n")
    text = text.replace("\nmoves:\n", "\nmoves:\n" + LEVER_MOVES.lstrip("\n"), 1)
    text = text.replace("\nevents:\n", "\n" + LEVERS.strip("\n") + "\n\nevents:\n", 1)
    # a copy, not a symlink: outlines must be regular files inside the scenario's folder
    shutil.copytree(ROOT / "scenarios" / "maps", tmp / "maps")
    path = tmp / "tutorial-levers.yaml"
    path.write_text(text, encoding="utf-8")
    return load_scenario(path)


@pytest.fixture(scope="session")
def levers_scenario(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    return with_test_levers(tmp_path_factory.mktemp("scenario"))


@pytest.fixture(scope="session")
def tutorial() -> Scenario:
    return load_scenario(ROOT / "scenarios" / "tutorial.yaml")
