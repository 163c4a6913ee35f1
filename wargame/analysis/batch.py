"""Monte Carlo batches: many computer-played games, summarised; and outcome forecasts.

Each game of a batch is a fresh game with every seat computer-played. A
*treatment* pulls policy levers on turn 1 (the lever's move is submitted for its
actor alongside its other orders), so lever effects can be compared with a
baseline over the same seeds (common random numbers from the keyed dice).

A *forecast* plays the same computer players on from a given state (the live
game's, at the start of a turn) to the last turn, once per dice seed: "if every
actor played by its doctrine from here, how likely is each outcome?". A fresh
game is the special case of starting from ``new_game(...).state``
(:func:`play_one` is exactly that). Its optional treatment pulls levers on the first
simulated turn and is paired with the baseline over the same seeds.

Seeds of a forecast: the dice are keyed by ``(seed, turn, ...)`` and carry no
state, so a continuation played with the live game's own seed would draw the very
dice the live game will draw on its next turns: with doctrine-played seats it
*is* the live game's future. :func:`continuation_seeds` therefore numbers the
continuations ``first, first + 1, ...`` (1, 2, ... by default) and leaves the
game's own seed out (the next number takes its place), and :func:`forecast` always
uses it.
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

OVERT_FORCE = 5
"""The first rung over the overt-force threshold of the standard ladder (limited overt
strikes): the share of games that end or peak at or above it is the headline risk."""
NUCLEAR_USE = 8


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
    """The computer's orders, with the treatment's levers pulled from the first turn played
    (again while one is not in force yet) and no others."""
    own = choose_orders(scenario, state, actor, seed, allow_levers=False)
    mine = [lv for lv in levers if scenario.lever(lv).actor == actor and lv not in state.levers]
    if not mine:
        return own
    lever_orders = [Order(actor, mv.id, mv.targets[0] if mv.targets else None,
                          "treatment: lever pulled")
                    for lv in mine for mv in scenario.moves if mv.lever == lv]
    room = max(0, scenario.metadata.orders_per_turn - len(lever_orders))
    orders = (*lever_orders, *own.orders[:room])
    return OrderSheet(actor, orders, own.signals, ("treatment: pulls " + ", ".join(mine),))


def summary_of(state: GameState, seed: int) -> GameSummary:
    """What a batch keeps of a finished game."""
    return GameSummary(
        seed=seed,
        final_rungs={rid: r.rung for rid, r in state.rivalries.items()},
        peak_rungs={rid: r.peak for rid, r in state.rivalries.items()},
        indicators=dict(state.indicators),
        escalation_scores={a: sum(v) for a, v in state.escalation_scores.items()},
        objective_points=dict(state.objective_points),
    )


def play_on(scenario: Scenario, state: GameState, seed: int,
            levers: Sequence[str] = ()) -> GameState:
    """Computer-played turns from ``state`` (a turn open for orders) to the end of the game.

    Every playable actor submits ``choose_orders(..., allow_levers=False)``; the
    treatment's ``levers`` are pulled on the first turn played here (and again on a
    later turn only if that move failed, since a lever not yet in force is still
    pulled). No journal, no rulings: the engine's proposals stand. Turns are
    resolved with ``seed``, so the dice of the turns played here are those of
    ``seed`` whatever dice made ``state``.
    """
    actors = [a.id for a in scenario.actors if a.playable]
    while not state.ended:
        sheets = {a: _sheet(scenario, state, a, seed, levers) for a in actors}
        state = resolve_turn(scenario, state, sheets, {}, seed).state
    return state


def play_from(scenario: Scenario, state: GameState, seed: int,
              levers: Sequence[str] = ()) -> GameSummary:
    """:func:`play_on`, summarised."""
    return summary_of(play_on(scenario, state, seed, levers), seed)


def play_one(scenario: Scenario, seed: int, turns: int | None,
             levers: Sequence[str] = ()) -> GameSummary:
    """One computer-played game straight on the engine (no journal).

    Computer players never pull policy levers here; a treatment pulls ``levers`` on
    turn 1, so a baseline and a treatment differ only by the lever.
    """
    start = new_game(scenario, seed, turns or scenario.metadata.default_turns).state
    return play_from(scenario, start, seed, levers)


def _mean_ci(values: Sequence[float]) -> dict[str, float]:
    n = len(values)
    mean = statistics.fmean(values)
    sd = statistics.stdev(values) if n > 1 else 0.0
    half = 1.96 * sd / math.sqrt(n) if n > 1 else 0.0
    return {"mean": round(mean, 4), "sd": round(sd, 4), "ci95_low": round(mean - half, 4),
            "ci95_high": round(mean + half, 4)}


def _indicator(indicator: str) -> Callable[[GameSummary], float]:
    return lambda g: g.indicators[indicator]


def _final_rung(rivalry: str) -> Callable[[GameSummary], float]:
    return lambda g: float(g.final_rungs[rivalry])


def _ends_at_least(rivalry: str, rung: int) -> Callable[[GameSummary], float]:
    return lambda g: float(g.final_rungs[rivalry] >= rung)


def _paired(treated: Sequence[GameSummary], baseline: Sequence[GameSummary],
            value: Callable[[GameSummary], float]) -> dict[str, float]:
    """Mean treated-minus-baseline difference of ``value`` over games paired by seed."""
    if [g.seed for g in treated] != [g.seed for g in baseline]:
        raise ValueError("a paired comparison needs the same seeds in the same order")
    return _mean_ci([value(t) - value(b) for t, b in zip(treated, baseline, strict=True)])


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
            "peak_at_least_5_share": round(sum(p >= OVERT_FORCE for p in peaks) / n, 4),
            "nuclear_use_share": round(sum(p >= NUCLEAR_USE for p in peaks) / n, 4),
        }
    any_nuclear = sum(any(p >= NUCLEAR_USE for p in g.peak_rungs.values()) for g in games)
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
        per_indicator = {i.id: _paired(treated, baseline, _indicator(i.id))
                         for i in scenario.indicators}
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


# --------------------------------------------------------------------------- forecasts


@dataclass(frozen=True, slots=True)
class Forecast:
    """Doctrine-played continuations of one game state, one per seed.

    ``treated[i]`` (empty without a treatment) was played from the same ``start``
    with the same seed as ``baseline[i]``, pulling ``levers`` on the first turn.
    """

    start: GameState
    seeds: tuple[int, ...]
    levers: tuple[str, ...]
    baseline: tuple[GameSummary, ...]
    treated: tuple[GameSummary, ...] = ()


def continuation_seeds(runs: int, *, game_seed: int | None, first: int = 1) -> tuple[int, ...]:
    """``runs`` dice seeds ``first, first + 1, ...`` without the game's own seed.

    With the game's seed a doctrine-played continuation would replay the game's own
    future dice (see the module's docstring), so it is skipped and the range runs
    one further.
    """
    if runs < 1:
        raise ValueError(f"a forecast needs at least one continuation (got {runs})")
    seeds: list[int] = []
    seed = first
    while len(seeds) < runs:
        if seed != game_seed:
            seeds.append(seed)
        seed += 1
    return tuple(seeds)


def check_treatment(scenario: Scenario, state: GameState, levers: Sequence[str]) -> None:
    """Raise ``ValueError`` unless every lever can be pulled by a computer-played actor now."""
    known = {lv.id for lv in scenario.levers}
    playable = {a.id for a in scenario.actors if a.playable}
    for lever in levers:
        if lever not in known:
            raise ValueError(f"unknown lever {lever!r} (the scenario has: "
                             f"{', '.join(sorted(known)) or 'none'})")
        if lever in state.levers:
            raise ValueError(f"lever {lever!r} is already in force since turn "
                             f"{state.levers[lever]}: pulling it changes nothing")
        if scenario.lever(lever).actor not in playable:
            raise ValueError(f"lever {lever!r} belongs to {scenario.lever(lever).actor}, "
                             "which does not play: nobody would pull it")
        if not any(mv.lever == lever for mv in scenario.moves):
            raise ValueError(f"no move pulls lever {lever!r}")
    if len(set(levers)) != len(levers):
        raise ValueError("a lever is listed twice in the treatment")


def forecast(scenario: Scenario, state: GameState, *, runs: int, game_seed: int | None,
             first_seed: int = 1, levers: Sequence[str] = (),
             progress: Callable[[int, int], None] | None = None) -> Forecast:
    """Play ``runs`` doctrine-played continuations of ``state`` to the game's last turn.

    ``state`` is a game at the start of a turn (orders open; its events and any
    injects already applied). Every playable actor's orders come from
    :func:`~wargame.ai.doctrine.choose_orders` with ``allow_levers=False``,
    including for the current turn (orders already sealed in a session are not
    used). Continuation *i* uses the *i*-th of :func:`continuation_seeds`
    (``game_seed`` is the game's own seed, left out). With ``levers``, each seed is
    played a second time pulling them on the first simulated turn (paired, common
    random numbers).

    ``progress(done, total)`` is called after each seed (baseline and treatment);
    an exception it raises stops the forecast and propagates (cancel). Raises
    ``ValueError`` for a game that has already ended or a treatment that cannot be
    applied.
    """
    if state.ended:
        raise ValueError(f"the game has ended (after turn {state.turn} of {state.last_turn}): "
                         "there is nothing left to forecast")
    levers = tuple(levers)
    check_treatment(scenario, state, levers)
    seeds = continuation_seeds(runs, game_seed=game_seed, first=first_seed)
    baseline: list[GameSummary] = []
    treated: list[GameSummary] = []
    for seed in seeds:
        baseline.append(play_from(scenario, state, seed))
        if levers:
            treated.append(play_from(scenario, state, seed, levers))
        if progress is not None:
            progress(len(baseline), len(seeds))
    return Forecast(state, seeds, levers, tuple(baseline), tuple(treated))


def summarise_forecast(scenario: Scenario, result: Forecast) -> dict[str, Any]:
    """Per rivalry and indicator: where it stands, where the continuations end, and the
    paired treatment difference (``None`` without a treatment).

    Shares are of continuations; ``difference`` entries are means of the per-seed
    treated-minus-baseline differences with 95% confidence intervals (``_mean_ci``).
    """
    games, treated = result.baseline, result.treated
    n = len(games)
    base = summarise(scenario, games)
    rivalries: dict[str, Any] = {}
    for rivalry in scenario.rivalries:
        rid, figures = rivalry.id, base["rivalries"][rivalry.id]
        counts = figures["final_rung_distribution"]
        rivalries[rid] = {
            "current_rung": result.start.rivalries[rid].rung,
            "current_peak": result.start.rivalries[rid].peak,
            "mean_final_rung": figures["mean_final_rung"],
            "final_at_least_5_share": round(sum(c for k, c in counts.items()
                                                if int(k) >= OVERT_FORCE) / n, 4),
            "peak_at_least_5_share": figures["peak_at_least_5_share"],
            "final_rung_shares": {k: round(c / n, 4) for k, c in counts.items()},
            "difference": None if not treated else {
                "final_at_least_5_share": _paired(treated, games,
                                                  _ends_at_least(rid, OVERT_FORCE)),
                "mean_final_rung": _paired(treated, games, _final_rung(rid)),
            },
        }
    indicators = {
        i.id: {"current": round(result.start.indicators[i.id], 4),
               "final": base["indicators"][i.id],
               "difference": None if not treated else _paired(treated, games,
                                                              _indicator(i.id))}
        for i in scenario.indicators}
    return {
        "scenario": scenario.metadata.id,
        "runs": n,
        "start_turn": result.start.turn,
        "last_turn": result.start.last_turn,
        "seeds": list(result.seeds),
        "levers": list(result.levers),
        "nuclear_use_share": base["nuclear_use_share"],
        "rivalries": rivalries,
        "indicators": indicators,
    }
