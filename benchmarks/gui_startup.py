"""Start-up and refresh figures of the desktop app (a script, not a timed test).

    python benchmarks/gui_startup.py [--runs 9]

1. ``wargame-gui --smoke-test`` (python -m ui) vs a bare PySide6 window, each a
   fresh process, runs interleaved so machine noise hits both alike; medians of
   the time from launch to the first rendered frame and to process exit (goal:
   at most twice the bare window). Two reference rows show where the time goes:
   the fixed cost of importing Qt, pydantic and the engine with no window at all,
   and the smoke test with the validated-scenario cache cold.
2. In-process: from "resolve turn" (Controller.end_turn) to every view of the
   console updated, in the default scenario (goal: under 100 ms).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FRAME = "import time\nprint('first frame', time.monotonic(), flush=True)\n"
BARE = ("import sys\nfrom PySide6.QtWidgets import QApplication, QMainWindow\n"
        "app = QApplication(sys.argv)\nw = QMainWindow()\nw.resize(1440, 900)\nw.show()\n"
        "app.processEvents()\nw.grab()\n" + FRAME)
FLOOR = ("import gc\ngc.disable()  # as the app does while it starts\n"
         "import sys\nfrom PySide6.QtWidgets import QApplication\napp = QApplication(sys.argv)\n"
         "import wargame.session, wargame.scenario.loader, wargame.views\n" + FRAME)


def launch(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds from launch to the first frame (as the child reports it) and to exit."""
    start = time.monotonic()
    out = subprocess.run(cmd, cwd=ROOT, env=env, check=True, capture_output=True,
                         text=True).stdout
    end = time.monotonic()
    frame = [float(line.split()[-1]) for line in out.splitlines()
             if line.startswith("first frame")]
    return (frame[0] if frame else end) - start, end - start


def startup(runs: int) -> None:
    settings = Path(tempfile.mkdtemp())
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
           "WARGAME_GUI_SETTINGS": str(settings / "s.ini"),
           "WARGAME_CACHE_DIR": str(settings / "cache")}
    commands = {
        "bare PySide6 window": [sys.executable, "-c", BARE],
        "wargame-gui smoke test": [sys.executable, "-m", "ui", "--smoke-test",
                                   "--print-frame-clock"],
        "  fixed cost: Qt + engine imports, no window": [sys.executable, "-c", FLOOR],
    }
    for cmd in commands.values():
        launch(cmd, env)  # warm the page cache, __pycache__ and the scenario cache
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    cold: list[tuple[float, float]] = []
    for _ in range(runs):
        for name, cmd in commands.items():
            times[name].append(launch(cmd, env))
        shutil.rmtree(settings / "cache", ignore_errors=True)
        cold.append(launch(commands["wargame-gui smoke test"], env))
    times["  smoke test, scenario cache cold"] = cold
    bare = [statistics.median(t[i] for t in times["bare PySide6 window"]) for i in (0, 1)]
    print(f"{'(median of ' + str(runs) + ' interleaved runs)':45s} first frame      exit")
    for name, samples in times.items():
        frame, end = (statistics.median(t[i] for t in samples) for i in (0, 1))
        print(f"{name:45s} {frame * 1000:6.0f} ms {frame / bare[0]:4.1f}x "
              f"{end * 1000:5.0f} ms {end / bare[1]:4.1f}x")
    print("goal: the smoke test within 2x the bare window")


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
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    startup(args.runs)
    resolve_refresh()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
