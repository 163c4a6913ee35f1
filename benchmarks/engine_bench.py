"""Benchmark of the engine: games per second on one core, where a turn's time goes, scaling
over worker processes and over the number of actors.

Run: ``.venv/bin/python benchmarks/engine_bench.py [--repeat 5] [--scenario ID] [--only S ...]``
with sections ``files`` (load, a saved --auto game, replay), ``speed`` (games/s on one
core), ``phases`` (share of each phase), ``workers`` (1 -> 2 worker processes),
``actors`` (generated scenarios of 10 to 100 actors), ``forecast`` (200 continuations
the way the app's forecast plays them) and ``instructions`` (machine instructions per game
counted by valgrind, a figure a busy or different machine does not move: the one to
compare two versions of the code by). Figures are CPU time (``time.process_time``)
unless they say wall clock; a speed figure is the best of ``--repeat`` batches (the
machine may be shared, and the best batch is the one least disturbed), printed with the
median and worst batch. The games are played by the one game loop (:mod:`wargame.runner`):
without their log, as batches and forecasts play them, and with it. The goals of issue 11
are printed next to the figures they concern.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from scaled_scenario import scaled_scenario

import wargame.engine as engine
from wargame.ai.doctrine import choose_orders
from wargame.analysis.batch import continuation_seeds, forecast, play_one
from wargame.engine import new_game, resolve_turn
from wargame.runner import doctrine, play_turn, run_game
from wargame.scenario.loader import load_scenario, resolve_scenario_path
from wargame.scenario.models import Scenario
from wargame.session import Session
from wargame.state import GameState

SECTIONS = ("files", "speed", "phases", "workers", "actors", "forecast", "instructions")


# --------------------------------------------------------------------------- games


def play_engine(scenario: Scenario, seed: int, turns: int | None = None) -> GameState:
    """One game on the one game loop (:func:`wargame.runner.run_game`), every playable seat
    played by its doctrine (levers allowed, as the session's computer seats play), no log
    kept (as batches and forecasts play)."""
    return run_game(scenario, seed, turns, policy=doctrine).final


def play_logged(scenario: Scenario, seed: int, turns: int | None = None) -> GameState:
    """The same game with its log kept, turn by turn (what a session's engine calls do,
    without the journal)."""
    state = new_game(scenario, seed, turns or scenario.metadata.default_turns).state
    while not state.ended:
        state = play_turn(scenario, state, seed, policy=doctrine).state
    return state


def play_session(scenario: Scenario, seed: int, path: Path | None = None) -> Session:
    """One game through a :class:`Session` (journal, log stamps, state hashes)."""
    session = Session.create(scenario, seed=seed, turns=12, path=path)
    while not session.ended:
        session.fill_computer_orders()
        session.end_turn()
    session.close()
    return session


def rates(run: Callable[[int], object], games: int, repeat: int,
          clock: Callable[[], float] = time.process_time) -> list[float]:
    """Games per second of each of ``repeat`` batches of ``games`` games (seeds differ)."""
    run(10_000)  # warm: imports, compiled conditions, scenario memo tables
    found = []
    for r in range(repeat):
        t0 = clock()
        for i in range(games):
            run(r * games + i)
        found.append(games / (clock() - t0))
    return found


def best_rate(run: Callable[[int], object], games: int, repeat: int,
              clock: Callable[[], float] = time.process_time) -> float:
    """Games per second of the best of ``repeat`` batches of ``games`` games."""
    return max(rates(run, games, repeat, clock))


def _spread(found: Sequence[float]) -> str:
    """Best, median and worst batch, and the relative spread (worst to best)."""
    best, worst = max(found), min(found)
    return (f"{best:7.1f} games/s {1000 / best:6.1f} ms/game   (median "
            f"{statistics.median(found):.1f}, worst {worst:.1f}, spread "
            f"{100 * (best - worst) / best:.0f} %, n={len(found)})")


# --------------------------------------------------------------------------- sections


def section_files(path: Path, repeat: int) -> None:
    def measure(label: str, runs: list[float]) -> None:
        ms = [r * 1000 for r in runs]
        print(f"  {label:<44} median {statistics.median(ms):8.1f} ms   "
              f"(min {min(ms):.1f}, max {max(ms):.1f}, n={len(ms)}, wall clock)")

    with tempfile.TemporaryDirectory() as tmp:
        plays, replays, loads = [], [], []
        for i in range(repeat):
            save = Path(tmp) / f"bench-{i}.wgsave"
            t0 = time.perf_counter()
            scenario = load_scenario(path)
            loads.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            play_session(load_scenario(path), i, save)
            plays.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            Session.open(save, readonly=True)
            replays.append(time.perf_counter() - t0)
        del scenario
        measure("load and validate the scenario", loads)
        measure("12-turn --auto game (load, play, fsync)", plays)
        measure("replay its save file", replays)


def section_speed(scenario: Scenario, repeat: int, games: int) -> None:
    rows = [
        ("runner, doctrine seats, no log (batches)",
         lambda s: play_engine(scenario, s), "   goal >= 100 (stretch 200)"),
        ("runner, doctrine seats, log kept", lambda s: play_logged(scenario, s), ""),
        ("batch play_one (no levers, as simulate)", lambda s: play_one(scenario, s, None), ""),
        ("session in memory (log stamps, hashes)", lambda s: play_session(scenario, s), ""),
    ]
    for label, run, goal in rows:
        print(f"  {label:<42} {_spread(rates(run, games, repeat))}{goal}")


@contextmanager
def _timed(module: object, name: str, totals: dict[str, float], label: str) -> Iterator[None]:
    """Time every call of ``module.name`` into ``totals[label]`` while the block runs."""
    original = getattr(module, name)

    def wrapper(*args: object, **kwargs: object) -> object:
        t0 = time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            totals[label] = totals.get(label, 0.0) + time.process_time() - t0

    setattr(module, name, wrapper)
    try:
        yield
    finally:
        setattr(module, name, original)


def _timer(name: str, phase: engine.Phase, totals: dict[str, float]) -> engine.Phase:
    label = "adjudication (resolve, ladder)" if name == "adjudication" else name

    def timed(ctx: engine.TurnContext) -> None:
        t0 = time.process_time()
        phase(ctx)
        totals[label] = totals.get(label, 0.0) + time.process_time() - t0
    return timed


def section_phases(scenario: Scenario, games: int, record: bool) -> None:
    totals: dict[str, float] = {}
    actors = [a.id for a in scenario.actors if a.playable]
    phases = [(name, _timer(name, phase, totals)) for name, phase in engine.PHASES]
    play_engine(scenario, 10_000)  # warm
    with _timed(engine, "propose", totals, "adjudication (propose)"), \
            _timed(engine, "_open", totals, "events (open the next turn)"), \
            _timed(engine, "scoring_phase", totals, "scoring"):
        choosing = resolving = 0.0
        t_all = time.process_time()
        for seed in range(games):
            state = new_game(scenario, seed, scenario.metadata.default_turns,
                             record=record).state
            while not state.ended:
                t0 = time.process_time()
                sheets = {a: choose_orders(scenario, state, a, seed) for a in actors}
                t1 = time.process_time()
                state = resolve_turn(scenario, state, sheets, {}, seed, phases=phases,
                                     record=record).state
                choosing += t1 - t0
                resolving += time.process_time() - t1
        total = time.process_time() - t_all
    rows = {"computer players (choose_orders)": choosing, **totals}
    rows["rest of resolve_turn (checks, thaw, freeze)"] = resolving - sum(totals.values())
    rows["rest (new game, loop)"] = total - choosing - resolving
    print(f"  {games} games {'with' if record else 'without'} their log, "
          f"{1000 * total / games:.1f} ms/game (CPU, instrumented)")
    for label, seconds in sorted(rows.items(), key=lambda kv: -kv[1]):
        print(f"  {label:<46} {100 * seconds / total:5.1f} %   "
              f"{1000 * seconds / games:6.2f} ms/game")


_WORKER_SCENARIO: Scenario | None = None


def _worker_init(path: str) -> None:
    global _WORKER_SCENARIO
    _WORKER_SCENARIO = load_scenario(path)
    play_engine(_WORKER_SCENARIO, 10_000)  # warm the worker before the clock starts


def _worker_games(seeds: Sequence[int]) -> int:
    assert _WORKER_SCENARIO is not None
    for seed in seeds:
        play_engine(_WORKER_SCENARIO, seed)
    return len(seeds)


def _ready(_: int) -> int:
    return os.getpid()


def workers_rate(path: Path, workers: int, games: int) -> float:
    """Games per wall-clock second with ``workers`` warmed-up worker processes."""
    with ProcessPoolExecutor(max_workers=workers, initializer=_worker_init,
                             initargs=(str(path),)) as pool:
        list(pool.map(_ready, range(4 * workers)))  # every worker started and warm
        chunks = [list(range(i, games, workers * 4)) for i in range(workers * 4)]
        t0 = time.perf_counter()
        done = sum(pool.map(_worker_games, chunks))
        return done / (time.perf_counter() - t0)


def section_workers(path: Path, games: int, repeat: int) -> None:
    cores = os.cpu_count() or 1
    one = max(workers_rate(path, 1, games) for _ in range(repeat))
    two = max(workers_rate(path, 2, games) for _ in range(repeat))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"  1 worker   {one:7.1f} games/s (wall clock, {games} games, best of {repeat})")
    print(f"  2 workers  {two:7.1f} games/s   scaling {two / one:.2f}x   goal >= 1.8x "
          f"({cores} cores, load average {load:.2f} at the end)")


def section_actors(sizes: Sequence[int], repeat: int) -> None:
    print(f"  {'actors':>6} {'rivalries':>9} {'ms/turn':>8} {'us per (A+R)':>13} "
          f"{'entries/turn':>12} {'no log ms/turn':>15} {'us per (A+R)':>13}")
    for n in sizes:
        scenario = scaled_scenario(n)
        rivalries = len(scenario.rivalries)
        play_engine(scenario, 10_000, turns=4)  # warm
        best = {True: float("inf"), False: float("inf")}
        entries = 0
        for r in range(repeat):
            for record in (True, False):
                state = new_game(scenario, r, 12, record=record).state
                actors = [a.id for a in scenario.actors if a.playable]
                spent, count = 0.0, 0
                while not state.ended:
                    t0 = time.process_time()
                    sheets = {a: choose_orders(scenario, state, a, r) for a in actors}
                    result = resolve_turn(scenario, state, sheets, {}, r, record=record)
                    spent += time.process_time() - t0
                    count += len(result.entries)
                    state = result.state
                best[record] = min(best[record], spent / 12)
                entries += count
        entries //= 12 * repeat
        logged, quiet = best[True], best[False]
        print(f"  {n:>6} {rivalries:>9} {1000 * logged:8.2f} "
              f"{1e6 * logged / (n + rivalries):13.1f} {entries:>12} {1000 * quiet:15.2f} "
              f"{1e6 * quiet / (n + rivalries):13.1f}")


def section_forecast(scenario: Scenario, runs: int) -> None:
    state = new_game(scenario, 7, scenario.metadata.default_turns).state
    forecast(scenario, state, runs=2, game_seed=7)  # warm
    for jobs in (1, 2):
        t0 = time.perf_counter()
        result = forecast(scenario, state, runs=runs, game_seed=7, jobs=jobs)
        wall = time.perf_counter() - t0
        assert len(result.baseline) == len(continuation_seeds(runs, game_seed=7))
        print(f"  {runs} continuations from turn 1 (analysis.batch.forecast, jobs={jobs}): "
              f"{wall:.2f} s wall clock   goal < 3 s on 2 cores")


def _instructions(path: Path, games: int) -> int:
    """Instructions valgrind counts for this script loading ``path`` and playing ``games``
    games without their log (seeds 0 to games-1)."""
    run = subprocess.run(
        ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
         sys.executable, __file__, "--play", str(games), "--scenario", str(path)],
        capture_output=True, text=True, check=True)
    found = re.search(r"I\s+refs:\s+([\d,]+)", run.stderr)
    if found is None:
        raise RuntimeError(f"no instruction count in valgrind's output:\n{run.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def section_instructions(path: Path, games: int) -> None:
    if shutil.which("valgrind") is None:
        print("  skipped: valgrind is not installed (apt-get install valgrind)")
        return
    # The difference between one game and 1 + games leaves out start-up and loading.
    per_game = (_instructions(path, 1 + games) - _instructions(path, 1)) / games
    print(f"  {per_game / 1e6:.0f} M instructions per 12-turn game, no log "
          f"(valgrind, seeds 1 to {games})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5, help="batches per figure (best kept)")
    parser.add_argument("--games", type=int, default=10, help="games per batch")
    parser.add_argument("--scenario", default=None)
    parser.add_argument("--only", nargs="+", choices=SECTIONS, default=list(SECTIONS))
    parser.add_argument("--actors", type=int, nargs="+", default=[10, 25, 50, 100],
                        help="sizes of the generated scenarios")
    parser.add_argument("--forecast-runs", type=int, default=200)
    parser.add_argument("--play", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    path = resolve_scenario_path(args.scenario)
    scenario = load_scenario(path)
    if args.play:  # the game the instructions section counts, run under valgrind
        for seed in range(args.play):
            play_engine(scenario, seed)
        return
    print(f"scenario {scenario.metadata.id}: {len(scenario.actors)} actors, "
          f"{len(scenario.rivalries)} rivalries, {len(scenario.moves)} moves; "
          f"Python {sys.version.split()[0]}")
    if "files" in args.only:
        print("files (wall clock):")
        section_files(path, args.repeat)
    if "speed" in args.only:
        print(f"speed on one core (CPU time, {args.repeat} batches of {args.games} games):")
        section_speed(scenario, args.repeat, args.games)
    if "phases" in args.only:
        print("where the time goes:")
        section_phases(scenario, args.games * 2, record=False)
        section_phases(scenario, args.games * 2, record=True)
    if "workers" in args.only:
        print("worker processes:")
        section_workers(path, args.games * 4, max(1, args.repeat // 2))
    if "actors" in args.only:
        print(f"generated scenarios (CPU per turn, best of {args.repeat} games of 12 turns):")
        section_actors(args.actors, args.repeat)
    if "forecast" in args.only:
        print("forecast:")
        section_forecast(scenario, args.forecast_runs)
    if "instructions" in args.only:
        print("instructions (valgrind; independent of machine load, not of the Python build):")
        section_instructions(path, max(1, args.games // 2))


if __name__ == "__main__":
    main()
