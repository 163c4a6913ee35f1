"""Base rates of the default scenario against the crisis literature (docs/rules.md 11).

:func:`play_game` plays one computer game (every seat under its doctrine, the US
seat pulling its levers itself, as in a solo game) and keeps what the base-rate
targets need; :func:`base_rates` sums many games up:

* the share of games in which India-Pakistan reaches overt force (rung 5+):
  target 5-15 % per six-month game (four crises with overt force or mobilised war
  footing since 1998 — Kargil, 2001-02, Uri, Pulwama-Balakot, all in the ICB data and
  at MID hostility level 4 or more — in about 56 six-month windows, about 7 %);
* the share with nuclear use (target below 0.3 %: none in 80 years of the
  nuclear age);
* the share in which at least one rivalry ends below its start (target: most);
* who made each first climb to overt force: every one must be an actor's move
  (``decided by``), never an accident, spillover or drift.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from wargame.analysis.executors import run_chunks
from wargame.engine import new_game
from wargame.log import Kind
from wargame.payloads import RUNG_CHANGES
from wargame.rules.rungs import fixed_rungs
from wargame.runner import Policy, doctrine, play_turn
from wargame.scenario import models as m


@dataclass(frozen=True, slots=True)
class GameRates:
    seed: int
    peaks: dict[str, int]
    below_start: tuple[str, ...]
    nuclear: bool
    first_overt: dict[str, str]
    """rivalry -> how its first climb to overt force came: ``move`` or the log kind."""


def play_game(scenario: m.Scenario, seed: int, policy: Policy = doctrine) -> GameRates:
    """One computer-played game and its base-rate facts."""
    result = new_game(scenario, seed, scenario.metadata.default_turns)
    state = start = result.state
    first: dict[str, str] = {}
    while not state.ended:
        result = play_turn(scenario, state, seed, policy=policy)
        state = result.state
        for entry in result.entries:
            rid, change = entry.rivalry, entry.payload
            if rid is None or rid in first or not isinstance(change, RUNG_CHANGES):
                continue
            old, new = change.old, change.new
            overt = fixed_rungs(scenario, scenario.rivalry(rid)).overt_force
            if old < overt <= new:
                decided = entry.kind == Kind.LADDER and entry.actor is not None and \
                    "decided by" in entry.text
                first[rid] = "move" if decided else entry.kind.value
    nuclear_dyads = [r for r in scenario.rivalries
                     if all(scenario.actor(s).nuclear for s in r.sides)]
    return GameRates(
        seed=seed,
        peaks={rid: r.peak for rid, r in state.rivalries.items()},
        below_start=tuple(rid for rid, r in state.rivalries.items()
                          if r.rung < start.rivalries[rid].rung),
        nuclear=state.outcome == "nuclear" or any(
            state.rivalries[r.id].peak >= fixed_rungs(scenario, r).nuclear_use
            for r in nuclear_dyads),
        first_overt=first)


def _play_seeds(scenario: m.Scenario, seeds: Sequence[int]) -> list[GameRates]:
    return [play_game(scenario, seed) for seed in seeds]


def play_games(scenario: m.Scenario, seeds: Sequence[int], *, jobs: int = 1,
               progress: Callable[[int], None] | None = None) -> list[GameRates]:
    return run_chunks(partial(_play_seeds, scenario), seeds, jobs=jobs, progress=progress)


def base_rates(scenario: m.Scenario, games: Sequence[GameRates],
               rivalry: str = "IND-PAK") -> dict[str, Any]:
    """The base-rate figures of a batch (shares of games)."""
    n = len(games)
    overt = fixed_rungs(scenario, scenario.rivalry(rivalry)).overt_force
    firsts = Counter(how for g in games for how in g.first_overt.values())
    total_firsts = sum(firsts.values())
    return {
        "games": n,
        "rivalry": rivalry,
        "overt_force_share": sum(g.peaks[rivalry] >= overt for g in games) / n,
        "nuclear_use_share": sum(g.nuclear for g in games) / n,
        "some_rivalry_below_start_share": sum(bool(g.below_start) for g in games) / n,
        "below_start_by_rivalry": dict(Counter(r for g in games for r in g.below_start)
                                       .most_common()),
        "first_overt_climbs": dict(firsts.most_common()),
        "first_overt_by_decision_share": (firsts["move"] / total_firsts
                                          if total_firsts else 1.0),
        "peak_distribution": {str(k): v for k, v in sorted(
            Counter(g.peaks[rivalry] for g in games).items())},
        "targets": {"overt_force_share": [0.05, 0.15], "nuclear_use_share_below": 0.003,
                    "some_rivalry_below_start_share_above": 0.5,
                    "first_overt_by_decision_share": 1.0},
    }
