"""Monte Carlo batches: many computer-played games, summarised; and outcome forecasts.

Each game of a batch is a fresh game with every seat computer-played, played by
the one game loop of :mod:`wargame.runner`. A *treatment* pulls policy levers
(from turn 1, or from the turn of a :class:`~wargame.runner.LeverPull`; the
runner's docstring says exactly when), so lever effects can be compared with a
baseline over the same seeds (common random numbers from the keyed dice). A game
that breaks (a :class:`~wargame.errors.WargameError`) is reported as a
:class:`FailedGame` and the batch goes on; a lever that cannot be ordered when
due is recorded on the game and tried again on the next turn.

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

import statistics
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from wargame.analysis.executors import run_chunks
from wargame.analysis.stats import histogram, mean_ci
from wargame.errors import WargameError
from wargame.rules.conditions import Context, holds
from wargame.runner import GameRecord, LeverPull, Policy, doctrine_without_levers, run_game
from wargame.runner import play_on as run_on
from wargame.scenario.models import Scenario
from wargame.state import GameState

OVERT_FORCE = 5
"""The first rung over the overt-force threshold of the standard ladder (limited overt
strikes): the share of games that end or peak at or above it is the headline risk."""
NUCLEAR_USE = 8

Levers = Sequence[str | LeverPull]


@dataclass(frozen=True, slots=True)
class GameSummary:
    seed: int
    final_rungs: dict[str, int]
    peak_rungs: dict[str, int]
    indicators: dict[str, float]
    escalation_scores: dict[str, float]
    objective_points: dict[str, float]
    flags: tuple[str, ...] = ()
    fired_events: tuple[str, ...] = ()
    objectives_met: tuple[str, ...] = ()
    """Objectives whose condition holds at the end of the game."""
    lever_turns: dict[str, int | None] = field(default_factory=dict)
    lever_problems: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FailedGame:
    """A game of a batch that could not be played to the end, and why."""

    seed: int
    error: str


def pulls_of(levers: Levers) -> tuple[LeverPull, ...]:
    """Lever ids (``lever`` from the first turn played, ``lever@turn``) as pulls."""
    return tuple(lv if isinstance(lv, LeverPull) else LeverPull.parse(lv) for lv in levers)


def summary_of(state: GameState, seed: int, scenario: Scenario | None = None,
               record: GameRecord | None = None) -> GameSummary:
    """What a batch keeps of a finished game (objectives met only with ``scenario``)."""
    met = () if scenario is None else tuple(
        o.id for o in scenario.objectives
        if holds(o.condition, scenario, state, Context(o.actor)))
    return GameSummary(
        seed=seed,
        final_rungs={rid: r.rung for rid, r in state.rivalries.items()},
        peak_rungs={rid: r.peak for rid, r in state.rivalries.items()},
        indicators=dict(state.indicators),
        escalation_scores={a: sum(v) for a, v in state.escalation_scores.items()},
        objective_points=dict(state.objective_points),
        flags=tuple(sorted(state.flags)),
        fired_events=tuple(sorted(state.fired_events)),
        objectives_met=met,
        lever_turns=dict(record.lever_turns) if record else {},
        lever_problems=tuple(record.lever_problems) if record else (),
    )


def play_on(scenario: Scenario, state: GameState, seed: int,
            levers: Levers = ()) -> GameState:
    """Computer-played turns from ``state`` (a turn open for orders) to the end of the game
    (:func:`wargame.runner.play_on` with the doctrine players that leave levers alone)."""
    return run_on(scenario, state, seed, pulls=pulls_of(levers)).final


def play_from(scenario: Scenario, state: GameState, seed: int,
              levers: Levers = (), policy: Policy = doctrine_without_levers) -> GameSummary:
    """:func:`play_on`, summarised (``policy``: the seats' players)."""
    record = run_on(scenario, state, seed, pulls=pulls_of(levers), policy=policy)
    return summary_of(record.final, seed, scenario, record)


def play_one(scenario: Scenario, seed: int, turns: int | None,
             levers: Levers = (), policy: Policy = doctrine_without_levers) -> GameSummary:
    """One computer-played game straight on the engine (no journal; ``policy``: the seats'
    players, :func:`wargame.runner.seated` for a mix)."""
    record = run_game(scenario, seed, turns, pulls=pulls_of(levers), policy=policy)
    return summary_of(record.final, seed, scenario, record)


def _safe_game(scenario: Scenario, start: GameState | None, turns: int | None,
               pulls: tuple[LeverPull, ...], policy: Policy, seed: int
               ) -> GameSummary | FailedGame:
    try:
        if start is None:
            return play_one(scenario, seed, turns, pulls, policy)
        return play_from(scenario, start, seed, pulls, policy)
    except (WargameError, ValueError, KeyError) as exc:
        return FailedGame(seed, f"{type(exc).__name__}: {exc}")


def _play_seeds(scenario: Scenario, start: GameState | None, turns: int | None,
                pulls: tuple[LeverPull, ...], policy: Policy, seeds: Sequence[int]
                ) -> list[GameSummary | FailedGame]:
    return [_safe_game(scenario, start, turns, pulls, policy, seed) for seed in seeds]


def play_games(scenario: Scenario, seeds: Sequence[int], *, turns: int | None = None,
               start: GameState | None = None, levers: Levers = (), jobs: int = 1,
               executor: str = "local", scheduler: str | None = None,
               progress: Callable[[int], None] | None = None,
               mp_context: str | None = None,
               policy: Policy = doctrine_without_levers) -> list[GameSummary | FailedGame]:
    """Every seed's game (fresh, or played on from ``start``), in seed order; a game that
    breaks is a :class:`FailedGame`, never an abort. ``policy`` plays the seats (it must
    pickle for ``jobs`` > 1 or Dask)."""
    task = partial(_play_seeds, scenario, start, turns, pulls_of(levers), policy)
    return run_chunks(task, seeds, jobs=jobs, executor=executor, scheduler=scheduler,
                      progress=progress, mp_context=mp_context)


def run_games(scenario: Scenario, *, runs: int, first_seed: int = 0, turns: int | None = None,
              levers: Levers = (), jobs: int = 1,
              progress: Callable[[int], None] | None = None) -> list[GameSummary]:
    """The finished games of seeds ``first_seed ..`` (failed games left out)."""
    games = play_games(scenario, range(first_seed, first_seed + runs), turns=turns,
                       levers=levers, jobs=jobs, progress=progress)
    return [g for g in games if isinstance(g, GameSummary)]


def _mean_ci(values: Sequence[float]) -> dict[str, float]:
    return mean_ci(values)


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


def _shares(names: Sequence[str], games: Sequence[GameSummary],
            has: Callable[[GameSummary], Sequence[str]]) -> dict[str, float]:
    n = len(games)
    return {name: round(sum(name in has(g) for g in games) / n, 4) for name in names}


def summarise(scenario: Scenario, games: Sequence[GameSummary]) -> dict[str, Any]:
    """Distributions, shares and means over finished games (at least one)."""
    n = len(games)
    if n == 0:
        raise ValueError("no finished game to summarise")
    rivalries: dict[str, Any] = {}
    for rivalry in scenario.rivalries:
        finals = Counter(g.final_rungs[rivalry.id] for g in games)
        peaks = [g.peak_rungs[rivalry.id] for g in games]
        peak_counts = Counter(peaks)
        rivalries[rivalry.id] = {
            "final_rung_distribution": {str(k): finals[k] for k in sorted(finals)},
            "peak_rung_distribution": {str(k): peak_counts[k] for k in sorted(peak_counts)},
            "modal_final_share": round(max(finals.values()) / n, 4),
            "mean_final_rung": round(statistics.fmean(g.final_rungs[rivalry.id] for g in games), 4),
            "peak_at_least_5_share": round(sum(p >= OVERT_FORCE for p in peaks) / n, 4),
            "nuclear_use_share": round(sum(p >= NUCLEAR_USE for p in peaks) / n, 4),
        }
    any_nuclear = sum(any(p >= NUCLEAR_USE for p in g.peak_rungs.values()) for g in games)
    flags = sorted({f for g in games for f in g.flags})
    return {
        "scenario": scenario.metadata.id,
        "games": n,
        "seeds": [games[0].seed, games[-1].seed],
        "nuclear_use_share": round(any_nuclear / n, 4),
        "rivalries": rivalries,
        "indicators": {i.id: _mean_ci([g.indicators[i.id] for g in games])
                       for i in scenario.indicators},
        "escalation_scores": {a.id: _mean_ci([g.escalation_scores[a.id] for g in games])
                              for a in scenario.actors},
        "objective_points": {a.id: _mean_ci([g.objective_points[a.id] for g in games])
                             for a in scenario.actors},
        "objective_points_distribution": {
            a.id: histogram(g.objective_points[a.id] for g in games) for a in scenario.actors},
        "flag_shares": _shares(flags, games, lambda g: g.flags),
        "event_shares": _shares([e.id for e in scenario.events], games,
                                lambda g: g.fired_events),
        "objective_met_shares": _shares([o.id for o in scenario.objectives], games,
                                        lambda g: g.objectives_met),
    }


def treatment_report(games: Sequence[GameSummary | FailedGame]) -> dict[str, Any]:
    """Per game, what went wrong: failed games, and levers not ordered when due or never in
    force by the end."""
    failed = [{"seed": g.seed, "error": g.error} for g in games if isinstance(g, FailedGame)]
    finished = [g for g in games if isinstance(g, GameSummary)]
    never = {lever: [g.seed for g in finished if g.lever_turns.get(lever) is None]
             for lever in (finished[0].lever_turns if finished else {})}
    problems = [{"seed": g.seed, "problems": list(g.lever_problems)}
                for g in finished if g.lever_problems]
    return {"failed_games": failed, "lever_never_in_force": never,
            "lever_problems": problems}


def run_batch(scenario: Scenario, *, runs: int, first_seed: int = 0, turns: int | None = None,
              levers: Levers = (), jobs: int = 1, executor: str = "local",
              scheduler: str | None = None,
              progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    """Summary of ``runs`` games from ``first_seed`` (failed games reported, not counted)."""
    games = play_games(scenario, range(first_seed, first_seed + runs), turns=turns,
                       levers=levers, jobs=jobs, executor=executor, scheduler=scheduler,
                       progress=progress)
    finished = [g for g in games if isinstance(g, GameSummary)]
    summary = summarise(scenario, finished) if finished else {
        "scenario": scenario.metadata.id, "games": 0, "seeds": []}
    summary["levers"] = [p.label() for p in pulls_of(levers)]
    summary["turns"] = turns or scenario.metadata.default_turns
    summary.update(treatment_report(games))
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
             progress: Callable[[int, int], None] | None = None, jobs: int = 1,
             mp_context: str | None = None) -> Forecast:
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
    an exception it raises stops the forecast and propagates (cancel). With ``jobs > 1``
    the seeds are played on that many worker processes (``mp_context``: their start
    method, ``"spawn"`` from a threaded app) and progress comes as chunks finish. Raises
    ``ValueError`` for a game that has already ended or a treatment that cannot be
    applied.
    """
    if state.ended:
        raise ValueError(f"the game has ended (after turn {state.turn} of {state.last_turn}): "
                         "there is nothing left to forecast")
    levers = tuple(levers)
    check_treatment(scenario, state, levers)
    seeds = continuation_seeds(runs, game_seed=game_seed, first=first_seed)
    arms = [(), levers] if levers else [()]
    task = partial(_forecast_seeds, scenario, state, tuple(arms))
    pairs = run_chunks(task, seeds, jobs=jobs, progress=(
        None if progress is None else lambda done: progress(done, len(seeds))),
        mp_context=mp_context)
    baseline = tuple(p[0] for p in pairs)
    treated = tuple(p[1] for p in pairs) if levers else ()
    return Forecast(state, seeds, levers, baseline, treated)


def _forecast_seeds(scenario: Scenario, state: GameState, arms: tuple[tuple[str, ...], ...],
                    seeds: Sequence[int]) -> list[tuple[GameSummary, ...]]:
    return [tuple(play_from(scenario, state, seed, arm) for arm in arms) for seed in seeds]


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
