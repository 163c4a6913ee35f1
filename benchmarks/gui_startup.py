"""Start-up and refresh figures of the desktop app (a script, not a timed test).

    python benchmarks/gui_startup.py [--runs 7]

1. ``wargame-gui --smoke-test`` (python -m ui) vs a bare PySide6 window, each a
   fresh process, median of N runs (goal: at most twice the bare window).
2. In-process: from "resolve turn" (Controller.end_turn) to every view of the
   console updated, in the default scenario (goal: under 100 ms).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BARE = ("import sys\nfrom PySide6.QtWidgets import QApplication, QMainWindow\n"
        "app = QApplication(sys.argv)\nw = QMainWindow()\nw.resize(1440, 900)\nw.show()\n"
        "app.processEvents()\nw.grab()\n")


ENGINE = ("import sys\nsys.path.insert(0, '.')\nfrom ui.app import default_scenario_path\n"
          "from wargame.scenario.loader import load_scenario\nfrom wargame.session import Session\n"
          "Session.create(load_scenario(default_scenario_path()), seed=1)\n")


def run(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def startup(runs: int) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
           "WARGAME_GUI_SETTINGS": str(Path(tempfile.mkdtemp()) / "s.ini")}
    bare = [sys.executable, "-c", BARE]
    app = [sys.executable, "-m", "ui", "--smoke-test"]
    run(bare, env)
    run(app, env)  # warm the page cache and __pycache__
    b = statistics.median(run(bare, env) for _ in range(runs))
    a = statistics.median(run(app, env) for _ in range(runs))
    e = statistics.median(run([sys.executable, "-c", ENGINE], env) for _ in range(runs))
    print(f"bare PySide6 window : {b * 1000:7.0f} ms (median of {runs})")
    print(f"engine only (no Qt) : {e * 1000:7.0f} ms (import, load default scenario, Session)")
    print(f"wargame-gui smoke   : {a * 1000:7.0f} ms (median of {runs})")
    print(f"ratio               : {a / b:7.2f}x (goal <= 2x)")


def resolve_refresh(turns: int = 4) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("WARGAME_GUI_SETTINGS", str(Path(tempfile.mkdtemp()) / "s.ini"))
    sys.path.insert(0, str(ROOT))
    from PySide6.QtWidgets import QApplication

    from ui.app import default_scenario_path, make_app
    from ui.main_window import MainWindow
    from wargame.scenario.loader import load_scenario

    app = make_app(sys.argv)
    path = default_scenario_path()
    scenario = load_scenario(path)
    window = MainWindow()
    window.resize(1440, 900)
    window.show()
    window.toggle_public_display()
    c = window.controller
    c.new_game(scenario, seed=1, seats={}, turns=turns + 1, path=None)
    QApplication.processEvents()
    engine, total = [], []
    for _ in range(turns):
        c.fill_computer_orders()
        QApplication.processEvents()
        session = c.session
        assert session is not None
        t0 = time.perf_counter()
        session._resolve(session.record)  # the engine's share, for reference
        t1 = time.perf_counter()
        c.end_turn()
        QApplication.processEvents()  # every view repaints
        for w in (window, window.public):
            w.repaint()  # type: ignore[union-attr]
        t2 = time.perf_counter()
        engine.append(t1 - t0)
        total.append(t2 - t1)
    print(f"scenario            : {path.name} ({len(scenario.actors)} actors, "
          f"{len(scenario.rivalries)} rivalries)")
    print(f"engine resolve_turn : {statistics.median(engine) * 1000:7.1f} ms (median)")
    print(f"resolve -> all views: {statistics.median(total) * 1000:7.1f} ms (median of {turns};"
          f" includes the engine; goal < 100 ms)")
    ui_only = statistics.median(total) - statistics.median(engine)
    print(f"  of which UI only  : {ui_only * 1000:7.1f} ms")
    c.close_game()
    app.quit()  # type: ignore[attr-defined]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    startup(args.runs)
    resolve_refresh()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
