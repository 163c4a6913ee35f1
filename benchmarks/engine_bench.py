"""Benchmark: a full 12-turn computer-played game of the default scenario, and replaying its save.

Run: ``.venv/bin/python benchmarks/engine_bench.py [--repeat 7] [--scenario ID]``.
Prints the median and range of each measurement (wall clock, one process).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from wargame.scenario.loader import load_scenario, resolve_scenario_path
from wargame.session import Session


def play(scenario_path: Path, save: Path, seed: int) -> None:
    scenario = load_scenario(scenario_path)
    session = Session.create(scenario, seed=seed, turns=12, path=save)
    while not session.ended:
        session.fill_computer_orders()
        session.end_turn()
    session.close()


def replay(save: Path) -> None:
    Session.open(save, readonly=True)


def measure(label: str, runs: list[float]) -> None:
    ms = [r * 1000 for r in runs]
    print(f"{label:<44} median {statistics.median(ms):8.1f} ms   "
          f"(min {min(ms):.1f}, max {max(ms):.1f}, n={len(ms)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--scenario", default=None)
    args = parser.parse_args()
    path = resolve_scenario_path(args.scenario)
    scenario = load_scenario(path)
    print(f"scenario {scenario.metadata.id}: {len(scenario.actors)} actors, "
          f"{len(scenario.rivalries)} rivalries, {len(scenario.moves)} moves")
    with tempfile.TemporaryDirectory() as tmp:
        plays, replays, loads = [], [], []
        for i in range(args.repeat):
            save = Path(tmp) / f"bench-{i}.wgsave"
            t0 = time.perf_counter()
            load_scenario(path)
            loads.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            play(path, save, seed=i)
            plays.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            replay(save)
            replays.append(time.perf_counter() - t0)
        measure("load and validate the scenario", loads)
        measure("12-turn --auto game (load, play, fsync)", plays)
        measure("replay its save file", replays)


if __name__ == "__main__":
    main()
