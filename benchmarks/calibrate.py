"""Calibration of the model: the default scenario's base rates and the historical suite.

Plays N computer games of the default scenario (every seat under its doctrine, the
US seat pulling levers itself) and every case of ``benchmarks/history/`` from M
seeds, prints the figures against the targets of docs/rules.md (sections 11 and 12)
and writes them as JSON.

Run: ``.venv/bin/python benchmarks/calibrate.py --runs 1000 --history-runs 500 --jobs 2
--out docs/calibration.json``
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from wargame.analysis.calibration import base_rates, play_games
from wargame.analysis.history import case_files, load_case, markdown_table, run_case
from wargame.scenario.loader import load_scenario, resolve_scenario_path

HISTORY = Path(__file__).resolve().parent / "history"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--history-runs", type=int, default=500)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--scenario", default=None)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    scenario = load_scenario(resolve_scenario_path(args.scenario))
    t0 = time.perf_counter()
    rates = base_rates(scenario, play_games(scenario, range(args.runs), jobs=args.jobs))
    rates["seconds"] = round(time.perf_counter() - t0, 1)
    print(json.dumps(rates, indent=2))
    results = []
    for path in case_files(HISTORY) if args.history_runs > 0 else []:
        t1 = time.perf_counter()
        result = run_case(load_case(path), range(args.history_runs), jobs=args.jobs)
        results.append(result)
        print(f"{result.case.id}: {time.perf_counter() - t1:.0f} s", flush=True)
    if results:
        print(markdown_table(results))
    if args.out:
        args.out.write_text(json.dumps({
            "scenario": scenario.metadata.id, "base_rates": rates,
            "history": [r.to_dict() for r in results],
            "command": f"benchmarks/calibrate.py --runs {args.runs} --history-runs "
                       f"{args.history_runs}"}, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
