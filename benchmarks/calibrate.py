"""Calibration of the default scenario against the targets in docs/rules.md section 11.

Runs N computer-played games of 12 turns (baseline) and, for every policy lever, the same
seeds with the lever pulled on turn 1 (paired comparison, common random numbers), then
prints the figures and writes them as JSON.

Run: ``.venv/bin/python benchmarks/calibrate.py --runs 1000 --jobs 2 --out docs/calibration.json``
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from wargame.analysis.batch import lever_effects, run_games, summarise
from wargame.scenario.loader import load_scenario, resolve_scenario_path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--turns", type=int, default=12)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--scenario", default=None)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    scenario = load_scenario(resolve_scenario_path(args.scenario))
    t0 = time.perf_counter()
    games = run_games(scenario, runs=args.runs, turns=args.turns, jobs=args.jobs)
    baseline = summarise(scenario, games)
    nuclear = {r.id for r in scenario.rivalries
               if all(scenario.actor(s).nuclear for s in r.sides)}
    nuclear_use = sum(any(g.peak_rungs[r] >= 8 for r in nuclear) for g in games) / len(games)
    print(f"{args.runs} games x {args.turns} turns in {time.perf_counter() - t0:.1f} s")
    print(f"nuclear use (rung >= 8) on some nuclear rivalry: {nuclear_use:.1%}"
          "  (target: >0, <=3%)")
    for rid, figures in baseline["rivalries"].items():
        print(f"  {rid:<10} peak>=5 {figures['peak_at_least_5_share']:6.1%}   "
              f"modal final share {figures['modal_final_share']:6.1%}   "
              f"finals {figures['final_rung_distribution']}")
    t1 = time.perf_counter()
    levers = lever_effects(scenario, runs=args.runs, turns=args.turns, jobs=args.jobs)
    print(f"lever treatments in {time.perf_counter() - t1:.1f} s")
    for lever_id, result in levers.items():
        for aim in result["aims"]:
            d = aim["difference"]
            verdict = "supported" if aim["supported"] else "NOT supported"
            print(f"  {lever_id:<20} {aim['indicator']:<20} {aim['direction']:<4} "
                  f"diff {d['mean']:+.3f} [{d['ci95_low']:+.3f}, {d['ci95_high']:+.3f}] "
                  f"{verdict}")
        side = {k: v["mean"] for k, v in result["indicators"].items()
                if abs(v["mean"]) > 0.01 and k not in {a["indicator"] for a in result["aims"]}}
        if side:
            listed = ", ".join(f"{k} {v:+.2f}" for k, v in side.items())
            print(f"  {'':<20} side effects: {listed}")
    if args.out:
        args.out.write_text(json.dumps({"runs": args.runs, "turns": args.turns,
                                        "nuclear_use_share": round(nuclear_use, 4),
                                        "baseline": baseline, "levers": levers},
                                       indent=2, sort_keys=True) + "\n")
        print(f"written to {args.out}")


if __name__ == "__main__":
    main()
