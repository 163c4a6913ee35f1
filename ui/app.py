"""Entry point of ``wargame-gui``: start page, open a save or a scenario, smoke test.

``wargame-gui [SAVE_OR_SCENARIO]`` opens a save, or the new-game dialog on a
``.yaml`` scenario; with no argument it shows the start page and offers to
recover a game the last run did not close. ``--smoke-test`` starts, loads the
default scenario (or the argument) into an in-memory game, renders the main
window, optionally saves a screenshot, and exits 0 (non-zero on any error).
"""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="wargame-gui",
                                     description="The facilitator's desktop app.")
    parser.add_argument("target", nargs="?", help="a save file to open or a scenario (.yaml)")
    parser.add_argument("--smoke-test", action="store_true",
                        help="start, load, render the main window and exit")
    parser.add_argument("--screenshot", metavar="FILE.png", help="with --smoke-test: save one")
    parser.add_argument("--theme", choices=("system", "light", "dark"))
    parser.add_argument("--new-game", action="store_true",
                        help="open the new-game dialog on the default scenario (after "
                        "offering to reopen a game the last run did not close)")
    parser.add_argument("--crash-drill", nargs=2, metavar=("N", "SAVE"),
                        help=argparse.SUPPRESS)
    parser.add_argument("--print-frame-clock", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def default_scenario_path() -> Path:
    """``resolve_scenario_path(None)``, or the tutorial while the default is not written yet."""
    from wargame.errors import ScenarioError
    from wargame.scenario.loader import bundled_dir, resolve_scenario_path

    try:
        path = resolve_scenario_path(None)
        if path.exists():
            return path
    except ScenarioError:
        pass
    return bundled_dir() / "tutorial.yaml"


def target_problem(target: Path) -> str | None:
    """Why ``target`` cannot be opened at all (a folder, nothing there), or None.

    The message says what to give instead; a file that exists is left to the
    loaders, whose errors carry file, line and what to fix.
    """
    if target.is_dir():
        return (f"{target}: is a folder; give a save file (.wgsave) or a scenario "
                "file (.yaml) inside it")
    if not target.exists():
        return f"{target}: no such file; give a save file (.wgsave) or a scenario file (.yaml)"
    return None


def make_app(argv: list[str]) -> object:
    from PySide6.QtWidgets import QApplication

    from ui import settings

    app = QApplication.instance() or QApplication(argv[:1])
    app.setOrganizationName(settings.ORGANISATION)
    app.setApplicationName(settings.APPLICATION)
    app.setApplicationDisplayName("Wargame")
    return app


def pause_gc() -> None:
    """Stop the cyclic garbage collector while the app starts.

    Start-up creates some 90,000 objects (Qt wrappers, pydantic models, the scenario)
    that live as long as the app; the collector would walk them again and again for
    nothing, about a fifth of the start-up time (benchmarks/gui_startup.py).
    """
    gc.disable()


def resume_gc() -> None:
    """Move what start-up built out of the collector's way for good, then collect again."""
    gc.freeze()
    gc.enable()


def main(argv: list[str] | None = None) -> int:
    pause_gc()
    args = parse_args(sys.argv[1:] if argv is None else argv)
    app = make_app([sys.argv[0]])
    from ui import settings, theme
    from ui.dialogs import crash

    theme.apply(args.theme or str(settings.settings().value("ui/theme", "system")))
    if args.smoke_test:
        return smoke_test(args.target, args.screenshot, frame_clock=args.print_frame_clock)
    crash.install()
    from PySide6.QtCore import QTimer

    from ui.main_window import MainWindow

    window = MainWindow()
    window.show()
    QTimer.singleShot(0, resume_gc)  # once the event loop runs: the first frame is drawn
    if args.crash_drill:
        return crash_drill(window, int(args.crash_drill[0]), Path(args.crash_drill[1]))
    start(window, args.target, new_game=args.new_game)
    return app.exec()  # type: ignore[attr-defined, no-any-return]


def start(window: object, target: str | None, *, new_game: bool = False) -> None:
    """What the window shows first: ``target`` (a save, or the new-game dialog on a
    scenario), else the offer to recover an interrupted game, and with ``new_game`` the
    new-game dialog on the default scenario if nothing was recovered."""
    from ui.main_window import MainWindow, offer_recovery

    assert isinstance(window, MainWindow)
    if target:
        path = Path(target)
        if path.suffix in (".yaml", ".yml"):
            window.new_game_dialog(str(path))
        else:
            window.open_game(path)
    elif not offer_recovery(window) and new_game:
        window.new_game_dialog(str(default_scenario_path()))


def smoke_test(target: str | None, screenshot: str | None, *, frame_clock: bool = False) -> int:
    """Load, render and exit; any exception or controller failure gives exit status 1.

    ``frame_clock`` prints the monotonic clock once the frame is rendered, for
    benchmarks/gui_startup.py to time start-up from outside the process.
    """
    import shutil
    import tempfile

    from PySide6.QtWidgets import QApplication

    from ui import settings
    from ui.main_window import MainWindow
    from wargame.errors import WargameError

    problem = target_problem(Path(target)) if target else None
    if problem is not None:
        print(f"smoke test: {problem}", file=sys.stderr)
        return 1
    failures: list[str] = []
    try:
        window = MainWindow()
        window.controller.failed.connect(failures.append)
        window.save_layout = lambda: None  # type: ignore[method-assign]
        path = Path(target) if target else default_scenario_path()
        if path.suffix in (".yaml", ".yml"):
            from wargame.scenario.loader import load_scenario

            scenario = load_scenario(path, cache_dir=settings.scenario_cache_dir())
            window.controller.new_game(scenario, seed=1, seats={}, turns=0 or
                                       scenario.metadata.default_turns, path=None)
        else:
            tmp = Path(tempfile.mkdtemp(prefix="wargame-smoke-"))
            copy = tmp / path.name
            shutil.copy(path, copy)
            window.controller.open_game(copy)
        window.resize(1440, 900)
        window.show()
        QApplication.processEvents()
        image = window.grab()
        if frame_clock:
            import time

            print("first frame", time.monotonic(), flush=True)
        resume_gc()
        if screenshot and not image.save(screenshot):
            raise OSError(f"cannot write {screenshot}")
        if not window.controller.has_game:
            failures.append("no game was loaded")
        window.controller.close_game()
    except WargameError as exc:  # a bad scenario or save: its message says what to fix
        failures.append(str(exc))
    except Exception as exc:  # anything else is a bug: keep the traceback for the report
        import traceback

        traceback.print_exc()
        failures.append(f"{type(exc).__name__}: {exc}")
    for f in failures:
        print(f"smoke test: {f}", file=sys.stderr)
    if not failures:
        print("smoke test: ok")
    return 1 if failures else 0


def crash_drill(window: object, count: int, save: Path) -> int:
    """Hidden test mode: enter ``count`` commands through the GUI, then wait to be killed."""
    from PySide6.QtWidgets import QApplication

    from ui.main_window import MainWindow
    from wargame.orders import Inject
    from wargame.scenario.loader import bundled_dir, load_scenario
    from wargame.session import Seat

    assert isinstance(window, MainWindow)
    c = window.controller
    scenario = load_scenario(bundled_dir() / "tutorial.yaml")
    seats = {"PAK": Seat("human", "Team Pakistan"), "IND": Seat("human", "Team India"),
             "TAL": Seat("human", "Team Kabul")}
    if not c.new_game(scenario, seed=7, seats=seats, turns=4, path=save, title="Crash drill"):
        return 2
    for i in range(count):
        if i == 1:
            c.inject(Inject(title="Drill inject", text="Border incident"))
        elif i == 2:
            window.start_team_flow("PAK")  # type: ignore[attr-defined]
            flow = window.team_flow  # type: ignore[attr-defined]
            flow.cover_in.button.click()
            flow.team_screen.editor.select_move("hold")
            flow.team_screen.editor.add_selected()
            flow.team_screen.editor.seal()
            flow.cover_out.button.click()
        else:
            c.note(f"drill note {i}")
        QApplication.processEvents()
        print(f"COMMAND {len(c.session.commands) if c.session else 0}", flush=True)
    print("READY", flush=True)
    return QApplication.instance().exec()  # type: ignore[union-attr]
