"""Seat presets for the new-game dialog: which actors a human team plays, the computer the rest.

Pure functions of the scenario (no Qt), so the dialog and its tests share them. A
preset names the set of actors played by human teams; every other playable actor
goes to the computer. The "main states" are the state-level actors (states and
de facto governments) with the most active rivalries against other state-level
actors: they are the natural teams of a facilitated exercise.
"""

from __future__ import annotations

from dataclasses import dataclass

from wargame.scenario.models import Actor, ActorKind, Scenario

STATE_LEVEL = (ActorKind.STATE, ActorKind.DE_FACTO_GOVERNMENT)
MAIN_TEAMS = 4
"""How many teams the "main states" preset seats (fewer if the scenario has fewer)."""

NUMBERS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven",
           8: "eight"}


@dataclass(frozen=True, slots=True)
class SeatPreset:
    label: str
    humans: frozenset[str]
    """Actor ids played by human teams; every other playable actor is the computer's."""
    tooltip: str


def playable(scenario: Scenario) -> list[Actor]:
    return [a for a in scenario.actors if a.playable]


def main_states(scenario: Scenario, count: int = MAIN_TEAMS) -> list[str]:
    """The ``count`` state-level actors with the most active (not background) rivalries
    against other state-level actors; ties go to the one with more rivalries of any
    kind, then to scenario order."""
    states = [a for a in playable(scenario) if a.kind in STATE_LEVEL]
    ids = {a.id for a in states}
    order = {a.id: i for i, a in enumerate(states)}
    against_states = dict.fromkeys(ids, 0)
    any_rivalry = dict.fromkeys(ids, 0)
    for rivalry in scenario.rivalries:
        for side in rivalry.sides:
            if side not in ids:
                continue
            any_rivalry[side] += 1
            others = [s for s in rivalry.sides if s != side]
            if not rivalry.background and all(s in ids for s in others):
                against_states[side] += 1
    ranked = sorted(ids, key=lambda a: (-against_states[a], -any_rivalry[a], order[a]))
    return sorted(ranked[:count], key=order.__getitem__)


def presets(scenario: Scenario) -> list[SeatPreset]:
    """The presets offered for ``scenario``, the default first."""
    actors = playable(scenario)
    names = {a.id: a.name for a in actors}
    states = [a.id for a in actors if a.kind in STATE_LEVEL]
    main = main_states(scenario)
    found: list[SeatPreset] = []

    def listed(ids: list[str]) -> str:
        return ", ".join(names[a] for a in ids)

    if main:
        word = NUMBERS.get(len(main), str(len(main)))
        found.append(SeatPreset(
            f"The {word} main states human", frozenset(main),
            f"Human teams play {listed(main)}; the computer plays every other actor."))
    if len(states) > len(main):
        found.append(SeatPreset(
            f"Every state human ({len(states)} teams)", frozenset(states),
            f"Human teams play {listed(states)}; the computer plays the armed groups and "
            "organisations."))
    found.append(SeatPreset(
        "All computer", frozenset(),
        "The computer plays every actor: to watch a game unfold or to test a scenario."))
    for a in actors:
        found.append(SeatPreset(
            f"Only {a.name} human", frozenset({a.id}),
            f"One human team plays {a.name}; the computer plays the rest (Game › Play "
            "solo lets one player play alone)."))
    return found


def matching(choices: list[SeatPreset], humans: set[str]) -> int:
    """Index of the preset seating exactly ``humans`` as human teams, or -1 (custom)."""
    for i, preset in enumerate(choices):
        if preset.humans == humans:
            return i
    return -1
