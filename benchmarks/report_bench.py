"""Time the after-action report export: all four formats, for a 12-turn and a 50-turn game.

Run from the repository root::

    .venv/bin/python benchmarks/report_bench.py [--scenario FILE] [--repeat N]

It plays two seeded games of the default scenario (scenarios/afghanistan-2022.yaml,
else the tutorial) with every seat computer-played, then times
``export_report(save, all formats, view, tmpdir)`` for the facilitator, public and
one team view. Goals: under 3 s for 12 turns and under 10 s for 50 turns (the
facilitator edition, which is the largest). It prints the best of N runs and a
breakdown by stage for the facilitator edition.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from wargame.report import FORMATS, export_report  # noqa: E402
from wargame.report.model import build_report  # noqa: E402
from wargame.report.render_html import render_html  # noqa: E402
from wargame.report.render_json import render_json  # noqa: E402
from wargame.report.render_md import render_md  # noqa: E402
from wargame.report.render_pdf import render_pdf  # noqa: E402
from wargame.scenario.loader import load_scenario  # noqa: E402
from wargame.session import Session  # noqa: E402
from wargame.views import FACILITATOR  # noqa: E402

GOALS = {12: 3.0, 50: 10.0}


def default_scenario() -> Path:
    preferred = ROOT / "scenarios" / "afghanistan-2022.yaml"
    return preferred if preferred.is_file() else ROOT / "scenarios" / "tutorial.yaml"


def make_save(path: Path, scenario_path: Path, turns: int, seed: int = 4242) -> Path:
    scenario = load_scenario(scenario_path)
    session = Session.create(scenario, seed=seed, turns=turns, path=path)
    session.note("Benchmark game: every seat computer-played")
    while not session.ended:
        session.fill_computer_orders()
        session.end_turn()
    session.close()
    return path


def best_of(repeat: int, fn: object) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def breakdown(save: Path, session: Session, repeat: int) -> str:
    report = build_report(session, FACILITATOR, save_name=save.name)
    stages = {
        "open save": lambda: Session.open(save, readonly=True),
        "build model": lambda: build_report(session, FACILITATOR, save_name=save.name),
        "html": lambda: render_html(report),
        "md": lambda: render_md(report),
        "json": lambda: render_json(report),
        "pdf": lambda: render_pdf(report),
    }
    return ", ".join(f"{name} {best_of(repeat, fn):.2f} s" for name, fn in stages.items())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", type=Path, default=default_scenario())
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    scenario = load_scenario(args.scenario)
    team = next(a.id for a in scenario.actors if a.playable)
    shown = args.scenario.relative_to(ROOT) if args.scenario.is_relative_to(ROOT) else args.scenario
    print(f"scenario: {shown} ({len(scenario.actors)} actors, {len(scenario.rivalries)} rivalries)")
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for turns in (12, 50):
            save = make_save(folder / f"bench-{turns}.wgsave", args.scenario, turns)
            session = Session.open(save, readonly=True)
            print(f"\n{turns}-turn game: {len(session.commands)} commands, "
                  f"{len(session.log)} log entries, save {save.stat().st_size / 1e6:.1f} MB")
            for view in ("facilitator", "public", team):
                seconds = best_of(args.repeat, lambda v=view, s=save: export_report(
                    s, list(FORMATS), v, folder / "out"))
                sizes = ", ".join(
                    f"{p.suffix[1:]} {p.stat().st_size / 1e3:.0f} kB"
                    for p in sorted((folder / "out").glob(f"{save.stem}-{view}.*")))
                goal = GOALS[turns]
                flag = "ok" if seconds < goal else "SLOW"
                if view == "facilitator" and seconds >= goal:
                    ok = False
                print(f"  {view:<12} all formats {seconds:6.2f} s  (goal < {goal:.0f} s: {flag})"
                      f"  [{sizes}]")
            print("  facilitator breakdown: " + breakdown(save, session, args.repeat))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
