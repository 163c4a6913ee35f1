"""Benchmark of the computer players: doctrine vs random vs always-hold vs lookahead, seat by seat.

For each seat, every player takes that seat in turn while doctrine plays every other
seat, over the same seeds (common random numbers: the games of one seed differ only
in that seat's player). Reported per seat: the seat's mean objective points with
95 % intervals, and paired differences (doctrine - random, doctrine - hold,
lookahead - doctrine) with 95 % intervals (:func:`wargame.analysis.stats.mean_ci`
over the per-seed differences), and the seat's ceiling (every objective met), doctrine's
headroom under it and the share of seeds where doctrine already scores it: no player
can beat doctrine by more than its headroom. Levers are left alone (the players of experiments).
The timing section plays games with a lookahead player of each difficulty on one
seat and reports the decision time p50/p99 against the level's budget. Every player may
pull policy levers, as a session's computer seats do (``--no-levers``: none may, as in
experiments, where levers are the treatments).

Run: ``.venv/bin/python benchmarks/players.py [--seeds 100] [--seats USA,IND]
[--lookahead balanced-novice] [--jobs 2] [--only compare|timing] [--out FILE.json]``
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wargame.ai.lookahead import LEVELS, Difficulty, LookaheadPlayer, difficulty_labels
from wargame.ai.players import player, player_label
from wargame.analysis.stats import mean_ci
from wargame.orders import OrderSheet
from wargame.rules.conditions import objective_share
from wargame.runner import Policy, doctrine, doctrine_without_levers, run_game, seated
from wargame.scenario.loader import load_scenario, resolve_scenario_path
from wargame.scenario.models import Scenario
from wargame.state import GameState

MAJOR = ("USA", "RUS", "CHN", "PAK", "IND", "IRN")
"""The great powers and the regional states of the default scenario."""

_SCENARIO: dict[str, Scenario] = {}


def _scenario(name: str | None) -> Scenario:
    key = name or ""
    if key not in _SCENARIO:
        _SCENARIO[key] = load_scenario(resolve_scenario_path(name))
    return _SCENARIO[key]


@dataclass(slots=True)
class _Timed:
    """A lookahead player that notes how long each decision took and whether the time
    budget cut it short."""

    inner: LookaheadPlayer
    seconds: list[float]
    cut: list[bool]

    def __call__(self, scenario: Scenario, state: GameState, actor: str,
                 seed: int) -> OrderSheet:
        began = time.perf_counter()
        decision = self.inner.decide(scenario, state, actor, seed)
        self.seconds.append(time.perf_counter() - began)
        self.cut.append(decision.cut_short)
        return decision.sheet


Task = tuple[str | None, str, str, int, int | None, bool]
"""Scenario, seat, player spec, seed, turns, whether players may pull levers."""


def play(task: Task) -> dict[str, Any]:
    """One game: ``spec`` on ``seat``, doctrine elsewhere; the seat's points and timings."""
    scenario_name, seat, spec, seed, turns, levers = task
    scenario = _scenario(scenario_name)
    seconds: list[float] = []
    cut: list[bool] = []
    chosen = player(spec, allow_levers=levers)
    policy: Policy = _Timed(chosen, seconds, cut) if isinstance(chosen, LookaheadPlayer) \
        else chosen
    others = doctrine if levers else doctrine_without_levers
    record = run_game(scenario, seed, turns, policy=seated({seat: policy}, others))
    final = record.final
    return {"seat": seat, "spec": spec, "seed": seed,
            "points": final.objective_points.get(seat, 0.0),
            "all": dict(final.objective_points),
            "lost": {o.id: o.points * (1 - objective_share(o, scenario, final))
                     for o in scenario.objectives if o.scoring == "end"},
            "seconds": seconds, "cut": sum(cut)}


def _run(tasks: Sequence[Task], jobs: int,
         label: str) -> list[dict[str, Any]]:
    began = time.perf_counter()
    out: list[dict[str, Any]] = []
    if jobs <= 1:
        results = map(play, tasks)
    else:
        pool = ProcessPoolExecutor(jobs)
        results = pool.map(play, tasks, chunksize=4)
    for done, result in enumerate(results, 1):
        out.append(result)
        if done % 50 == 0 or done == len(tasks):
            print(f"  {label}: {done}/{len(tasks)} games, "
                  f"{time.perf_counter() - began:.0f} s", file=sys.stderr, flush=True)
    if jobs > 1:
        pool.shutdown()
    return out


def _fmt(ci: dict[str, float]) -> str:
    return f"{ci['mean']:+.2f} [{ci['ci95_low']:+.2f}, {ci['ci95_high']:+.2f}]"


def _quantile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def ceiling(scenario: Scenario, seat: str, turns: int) -> float:
    """The most objective points ``seat`` can score in a game of ``turns`` turns: every
    objective met in full (one scored each turn counts ``turns`` times)."""
    return sum(o.points * (turns if o.scoring == "each_turn" else 1)
               for o in scenario.objectives if o.actor == seat)


def at_ceiling(points: Sequence[float], top: float) -> float:
    """The share of games that scored the ceiling ``top``."""
    return sum(p >= top - 1e-6 for p in points) / len(points)


def compare(args: argparse.Namespace) -> dict[str, Any]:
    """The paired comparison of the players on every seat."""
    seeds = range(args.seed, args.seed + args.seeds)
    specs = ("doctrine", "random", "hold", args.lookahead)
    tasks = [(args.scenario, seat, spec, seed, args.turns, args.levers)
             for seat in args.seats for spec in specs for seed in seeds
             if not (spec == "doctrine" and seat != args.seats[0])]
    results = _run(tasks, args.jobs, "compare")
    points: dict[tuple[str, str], dict[int, float]] = {}
    for r in results:
        points.setdefault((r["seat"], r["spec"]), {})[r["seed"]] = r["points"]
    # every seat's doctrine game is the same all-doctrine game of that seed
    everyone = {r["seed"]: r["all"] for r in results if r["spec"] == "doctrine"}
    lost = {r["seed"]: r["lost"] for r in results if r["spec"] == "doctrine"}
    rows = []
    print(f"\nObjective points over {args.seeds} paired seeds (mean [95% CI]); "
          f"lookahead = {player_label(args.lookahead)}")
    header = ("seat", "doctrine", "random", "hold", "lookahead", "doctrine-random",
              "doctrine-hold", "lookahead-doctrine", "ceiling", "headroom",
              "doctrine at ceiling")
    print(" | ".join(header))
    for seat in args.seats:
        doc = [everyone[s].get(seat, 0.0) for s in seeds]
        top = ceiling(_scenario(args.scenario), seat,
                      args.turns or _scenario(args.scenario).metadata.default_turns)
        row: dict[str, Any] = {"seat": seat, "doctrine": mean_ci(doc)}
        for spec, name in ((args.lookahead, "lookahead"), ("random", "random"),
                           ("hold", "hold")):
            row[name] = mean_ci([points[(seat, spec)][s] for s in seeds])
        lookahead = [points[(seat, args.lookahead)][s] for s in seeds]
        row["doctrine_minus_random"] = mean_ci(
            [d - points[(seat, "random")][s] for d, s in zip(doc, seeds, strict=True)])
        row["doctrine_minus_hold"] = mean_ci(
            [d - points[(seat, "hold")][s] for d, s in zip(doc, seeds, strict=True)])
        row["lookahead_minus_doctrine"] = mean_ci(
            [la - d for la, d in zip(lookahead, doc, strict=True)])
        # What any player could add to doctrine's score: the seat's ceiling less doctrine's
        # mean, and how often doctrine already scores the ceiling (a seed where it does
        # leaves no player anything to gain).
        row["ceiling"] = top
        row["doctrine_headroom"] = round(top - row["doctrine"]["mean"], 4)
        row["doctrine_at_ceiling"] = round(at_ceiling(doc, top), 4)
        row["lookahead_at_ceiling"] = round(at_ceiling(lookahead, top), 4)
        # Where the points doctrine misses go: the mean shortfall of each end-of-game
        # objective of the seat, doctrine and lookahead.
        mine = [o.id for o in _scenario(args.scenario).objectives
                if o.actor == seat and o.scoring == "end"]
        row["shortfall"] = {
            oid: {"doctrine": round(sum(lost[s][oid] for s in seeds) / len(seeds), 4),
                  "lookahead": round(sum(r["lost"][oid] for r in results
                                         if r["seat"] == seat and r["spec"] == args.lookahead)
                                     / len(seeds), 4)}
            for oid in mine}
        times = [t for r in results if r["seat"] == seat and r["spec"] == args.lookahead
                 for t in r["seconds"]]
        row["decision_p50_s"] = round(_quantile(times, 0.5), 4) if times else None
        row["decision_p99_s"] = round(_quantile(times, 0.99), 4) if times else None
        row["cut_short"] = sum(r["cut"] for r in results
                               if r["seat"] == seat and r["spec"] == args.lookahead)
        rows.append(row)
        print(" | ".join([seat, *(f"{row[k]['mean']:.2f}" for k in
                                  ("doctrine", "random", "hold", "lookahead")),
                          _fmt(row["doctrine_minus_random"]), _fmt(row["doctrine_minus_hold"]),
                          _fmt(row["lookahead_minus_doctrine"]), f"{top:g}",
                          f"{row['doctrine_headroom']:.2f}",
                          f"{100 * row['doctrine_at_ceiling']:.0f} %"]))
    print("\nShortfall under the ceiling, end-of-game objectives (mean points missed: "
          "doctrine / lookahead)")
    for row in rows:
        print(f"{row['seat']}: " + ", ".join(
            f"{oid} {v['doctrine']:.2f} / {v['lookahead']:.2f}"
            for oid, v in row["shortfall"].items()))
    return {"seeds": args.seeds, "first_seed": args.seed, "lookahead": args.lookahead,
            "levers": args.levers, "rows": rows}


def timing(args: argparse.Namespace) -> dict[str, Any]:
    """Decision time of each difficulty: p50 and p99 against the level's budget."""
    rows = []
    print(f"\nDecision time per difficulty ({args.timing_games} game(s) on "
          f"{args.timing_seat}; seconds)")
    print("difficulty | decisions | p50 | p99 | max | budget | cut short")
    for label in difficulty_labels():
        tasks = [(args.scenario, args.timing_seat, label, seed, args.turns, args.levers)
                 for seed in range(args.seed, args.seed + args.timing_games)]
        results = _run(tasks, args.jobs, label)
        times = [t for r in results for t in r["seconds"]]
        budget = LEVELS[Difficulty.parse(label).level.name].time_budget
        row = {"difficulty": label, "decisions": len(times),
               "p50_s": round(_quantile(times, 0.5), 4),
               "p99_s": round(_quantile(times, 0.99), 4), "max_s": round(max(times), 4),
               "budget_s": budget, "cut_short": sum(r["cut"] for r in results)}
        rows.append(row)
        print(f"{label} | {row['decisions']} | {row['p50_s']:.3f} | {row['p99_s']:.3f} | "
              f"{row['max_s']:.3f} | {budget:g} | {row['cut_short']}", flush=True)
    return {"rows": rows}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--scenario", default=None)
    parser.add_argument("--seeds", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0, help="first seed")
    parser.add_argument("--turns", type=int, default=None)
    parser.add_argument("--seats", default=",".join(MAJOR))
    parser.add_argument("--lookahead", default="balanced-novice",
                        help="the lookahead player's difficulty (STYLE-LEVEL)")
    parser.add_argument("--no-levers", dest="levers", action="store_false",
                        help="players leave policy levers alone (as in experiments); by "
                        "default every player may pull them, as computer seats of a session do")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--only", choices=("compare", "timing"), default=None)
    parser.add_argument("--timing-games", type=int, default=2)
    parser.add_argument("--timing-seat", default="USA")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    args.seats = [s.strip() for s in args.seats.split(",") if s.strip()]
    args.lookahead = player_label(args.lookahead)
    report: dict[str, Any] = {"command": sys.argv}
    if args.only in (None, "compare"):
        report["compare"] = compare(args)
    if args.only in (None, "timing"):
        report["timing"] = timing(args)
    if args.out is not None:
        args.out.write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
