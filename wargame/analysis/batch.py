"""Monte Carlo batches: many computer-played games, summarised.

Each game is a fresh session with every seat computer-played. A *treatment*
pulls policy levers on turn 1 (the lever's move is submitted for its actor
alongside its other orders), so lever effects can be compared with a baseline
over the same seeds (common random numbers from the keyed dice).
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from wargame.ai.doctrine import choose_orders
from wargame.engine import new_game, resolve_turn
from wargame.orders import Order, OrderSheet
from wargame.scenario.models import Scenario
from wargame.state import GameState


@dataclass(frozen=True, slots=True)
class GameSummary:
    seed: int
    final_rungs: dict[str, int]
    peak_rungs: dict[str, int]
    indicators: dict[str, float]
    escalation_scores: dict[str, float]
    objective_points: dict[str, float]


def _sheet(scenario: Scenario, state: GameState, actor: str, seed: int,
           levers: Sequence[str]) -> OrderSheet:
    """The computer's orders, with the treatment's levers pulled on turn 1 and no others."""
    own = choose_orders(scenario, state, actor, seed, allow_levers=False)
    mine = [lv for lv in levers if scenario.lever(lv).actor == actor and lv not in state.levers]
    if not mine:
        return own
    lever_orders = [Order(actor, mv.id, mv.targets[0] if mv.targets else None,
                          "treatment: lever pulled on turn 1")
                    for lv in mine for mv in scenario.moves if mv.lever == lv]
    room = max(0, scenario.metadata.orders_per_turn - len(lever_orders))
    orders = (*lever_orders, *own.orders[:room])
    return OrderSheet(actor, orders, own.signals, ("treatment: pulls " + ", ".join(mine),))


def play_one(scenario: Scenario, seed: int, turns: int | None,
             levers: Sequence[str] = ()) -> GameSummary:
    """One computer-played game straight on the engine (no journal).

    Computer players never pull policy levers here; a treatment pulls ``levers`` on
    turn 1, so a baseline and a treatment differ only by the lever.
    """
    result = new_game(scenario, seed, turns or scenario.metadata.default_turns)
    state = result.state
    actors = [a.id for a in scenario.actors if a.playable]
    while not state.ended:
        sheets = {a: _sheet(scenario, state, a, seed, levers) for a in actors}
        state = resolve_turn(scenario, state, sheets, {}, seed).state
    return GameSummary(
        seed=seed,
        final_rungs={rid: r.rung for rid, r in state.rivalries.items()},
        peak_rungs={rid: r.peak for rid, r in state.rivalries.items()},
        indicators=dict(state.indicators),
        escalation_scores={a: sum(v) for a, v in state.escalation_scores.items()},
        objective_points=dict(state.objective_points),
    )


def _mean_ci(values: Sequence[float]) -> dict[str, float]:
    n = len(values)
    mean = statistics.fmean(values)
    sd = statistics.stdev(values) if n > 1 else 0.0
    half = 1.96 * sd / math.sqrt(n) if n > 1 else 0.0
    return {"mean": round(mean, 4), "sd": round(sd, 4), "ci95_low": round(mean - half, 4),
            "ci95_high": round(mean + half, 4)}


def summarise(scenario: Scenario, games: Sequence[GameSummary]) -> dict[str, Any]:
    n = len(games)
    rivalries: dict[str, Any] = {}
    for rivalry in scenario.rivalries:
        finals = Counter(g.final_rungs[rivalry.id] for g in games)
        peaks = [g.peak_rungs[rivalry.id] for g in games]
        rivalries[rivalry.id] = {
            "final_rung_distribution": {str(k): finals[k] for k in sorted(finals)},
            "modal_final_share": round(max(finals.values()) / n, 4),
            "mean_final_rung": round(statistics.fmean(g.final_rungs[rivalry.id] for g in games), 4),
            "peak_at_least_5_share": round(sum(p >= 5 for p in peaks) / n, 4),
            "nuclear_use_share": round(sum(p >= 8 for p in peaks) / n, 4),
        }
    any_nuclear = sum(any(p >= 8 for p in g.peak_rungs.values()) for g in games)
    return {
        "scenario": scenario.metadata.id,
        "games": n,
        "seeds": [games[0].seed, games[-1].seed] if games else [],
        "nuclear_use_share": round(any_nuclear / n, 4),
        "rivalries": rivalries,
        "indicators": {i.id: _mean_ci([g.indicators[i.id] for g in games])
                       for i in scenario.indicators},
        "escalation_scores": {a.id: _mean_ci([g.escalation_scores[a.id] for g in games])
                              for a in scenario.actors},
        "objective_points": {a.id: _mean_ci([g.objective_points[a.id] for g in games])
                             for a in scenario.actors},
    }


def _play_chunk(args: tuple[Scenario, list[int], int | None, tuple[str, ...]]
                ) -> list[GameSummary]:
    scenario, seeds, turns, levers = args
    return [play_one(scenario, seed, turns, levers) for seed in seeds]


def run_games(scenario: Scenario, *, runs: int, first_seed: int = 0, turns: int | None = None,
              levers: Sequence[str] = (), jobs: int = 1,
              progress: Callable[[int], None] | None = None) -> list[GameSummary]:
    seeds = list(range(first_seed, first_seed + runs))
    if jobs <= 1:
        games = []
        for seed in seeds:
            games.append(play_one(scenario, seed, turns, levers))
            if progress:
                progress(len(games))
        return games
    chunks = [seeds[i::jobs] for i in range(jobs)]
    results: list[GameSummary] = []
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for chunk in pool.map(_play_chunk, [(scenario, c, turns, tuple(levers)) for c in chunks]):
            results.extend(chunk)
            if progress:
                progress(len(results))
    return sorted(results, key=lambda g: g.seed)


def run_batch(scenario: Scenario, *, runs: int, first_seed: int = 0, turns: int | None = None,
              levers: Sequence[str] = (), jobs: int = 1,
              progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    games = run_games(scenario, runs=runs, first_seed=first_seed, turns=turns, levers=levers,
                      jobs=jobs, progress=progress)
    summary = summarise(scenario, games)
    summary["levers"] = list(levers)
    summary["turns"] = turns or scenario.metadata.default_turns
    return summary


def lever_effects(scenario: Scenario, *, runs: int, first_seed: int = 0,
                  turns: int | None = None, jobs: int = 1) -> dict[str, Any]:
    """Paired comparison of every lever (pulled on turn 1) against the baseline, same seeds."""
    baseline = run_games(scenario, runs=runs, first_seed=first_seed, turns=turns, jobs=jobs)
    result: dict[str, Any] = {}
    for lever in scenario.levers:
        treated = run_games(scenario, runs=runs, first_seed=first_seed, turns=turns,
                            levers=(lever.id,), jobs=jobs)
        per_indicator = {}
        for indicator in scenario.indicators:
            diffs = [t.indicators[indicator.id] - b.indicators[indicator.id]
                     for t, b in zip(treated, baseline, strict=True)]
            per_indicator[indicator.id] = _mean_ci(diffs)
        aims = []
        for aim in lever.aims:
            ci = per_indicator[aim.indicator]
            wanted_up = aim.direction == "up"
            ok = ci["ci95_low"] > 0 if wanted_up else ci["ci95_high"] < 0
            aims.append({"indicator": aim.indicator, "direction": aim.direction,
                         "difference": ci, "supported": ok})
        result[lever.id] = {"aims": aims, "indicators": per_indicator,
                            "side_effects": list(lever.side_effects)}
    return result
