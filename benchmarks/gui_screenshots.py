"""Render the desktop app's main screens to docs/screenshots/*.png (offscreen).

    QT_QPA_PLATFORM=offscreen python benchmarks/gui_screenshots.py [--theme dark] [--out DIR]

Plays two turns of the default scenario (the tutorial while the default is not
written yet) with three human teams, an override and an inject, then grabs the
start page, the console, an outcome forecast with a lever treatment
(``forecast.png``), the adjudication workbench, a team's hand-over cover and order
screen, and the public display. Then the debrief: a saved game of
four turns replayed at turn 3 with bookmarks (``replay.png``), and a what-if
branch from turn 3 whose teams escalate, compared with the original
(``whatif-compare.png``).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from offscreen import Camera, arguments, start_app  # first: it sets up headless Qt


def main() -> int:
    parser = arguments(theme=True)
    parser.add_argument("--scenario", default=None)
    args = parser.parse_args()
    app = start_app(args.theme)
    shot = Camera(args.out, suffix="" if args.theme == "light" else f"_{args.theme}").shot

    from ui.app import default_scenario_path
    from ui.main_window import MainWindow
    from wargame.ai.doctrine import choose_orders
    from wargame.orders import Inject, Outcome, Ruling, RulingKind
    from wargame.scenario.loader import load_scenario
    from wargame.session import Seat

    window = MainWindow()
    window.resize(1440, 900)
    window.show()
    shot(window, "start_page")

    scenario_path = Path(args.scenario) if args.scenario else default_scenario_path()
    scenario = load_scenario(scenario_path)
    playable = [a.id for a in scenario.actors if a.playable]
    seats = {a: Seat("human", f"Team {scenario.actor(a).name.split(' (')[0]}")
             for a in playable[:3]}
    c = window.controller
    c.new_game(scenario, seed=3, seats=seats, turns=6, path=None, title=scenario.metadata.title)
    seed = 3
    for turn in (1, 2):
        if turn == 2:
            c.inject(Inject(title="Border incident", text="Shots exchanged at a crossing."))
            c.note("Teams are testing each other's resolve.")
        for actor in seats:
            c.submit_orders(choose_orders(scenario, c.state, actor, seed))
        c.fill_computer_orders()
        if turn == 1:
            key = c.proposals()[0].key
            c.rule(Ruling(key, RulingKind.OVERRIDE, "the crossing was already closed",
                          Outcome.PARTIAL))
        c.end_turn()
    window.map_view.fit()
    shot(window, "main_window")
    forecast(window, shot)

    for actor in list(seats)[:2]:
        c.submit_orders(choose_orders(scenario, c.state, actor, seed))
    c.fill_computer_orders()
    flow = window.start_team_flow(list(seats)[2])
    shot(window, "handover")
    flow.cover_in.button.click()  # type: ignore[attr-defined]
    editor = flow.team_screen.editor  # type: ignore[attr-defined]
    editor.table.selectRow(1)
    editor.rationale.setText("Keep the pressure below the overt-force line")
    editor.add_selected()
    shot(window, "team_screen")
    editor.seal()
    flow.cover_out.button.click()  # type: ignore[attr-defined]

    window.show_workbench()
    bench = window.workbench
    if bench.model.rowCount():
        bench.table.selectRow(0)
    shot(window, "workbench")
    window.show_map()

    display = window.toggle_public_display()
    display.resize(1280, 760)
    shot(display, "public_display")
    window.docks["indicators"].raise_()
    shot(window, "indicators")
    injects(window, shot)
    c.close_game()
    display.hide()
    debrief(window, scenario, seats, shot)
    app.quit()  # type: ignore[attr-defined]
    return 0


def injects(window, shot) -> None:  # type: ignore[no-untyped-def]
    """The inject manager with the next scheduled event held back by the White Cell."""
    c, manager = window.controller, window.injects
    upcoming = [e for e in c.scenario.events
                if manager.model.can_hold(e) and getattr(e.trigger, "turn", 0) > c.state.turn]
    if upcoming:
        c.hold_event(upcoming[0].id)
        row = next(i for i in range(manager.model.rowCount())
                   if manager.model.row_object(i).id == upcoming[0].id)
        manager.table.selectRow(row)
        manager.table.scrollTo(manager.model.index(row, 0))
    window.docks["injects"].raise_()
    shot(window, "injects")


def forecast(window, shot) -> None:  # type: ignore[no-untyped-def]
    """Game > Forecast outcomes…: 200 continuations from turn 3, a lever pulled now."""
    import time

    from PySide6.QtWidgets import QApplication

    dialog = window.forecast_outcomes()
    dialog.runs.setValue(200)
    levers = dialog.lever_choices()
    dialog.set_levers(["release_funds"] if "release_funds" in levers else levers[:1])
    dialog.run()
    while dialog.task is not None:
        QApplication.processEvents()
        time.sleep(0.02)
    dialog.resize(1180, 860)
    shot(dialog, "forecast")
    dialog.hide()


def debrief(window, scenario, seats, shot) -> None:  # type: ignore[no-untyped-def]
    """Replay bar with bookmarks, then a what-if branch compared with its parent."""
    from wargame.ai.doctrine import choose_orders
    from wargame.orders import Order, OrderSheet
    from wargame.rules.legality import legal_orders

    folder = Path(tempfile.mkdtemp())
    c = window.controller
    seed = 5
    c.new_game(scenario, seed=seed, seats=seats, turns=6, path=folder / "exercise.wgsave",
               title=scenario.metadata.title)

    def play(turns: int, hawkish: bool = False) -> None:
        for _ in range(turns):
            for actor in seats:
                if hawkish:  # the what-if: every team takes its most escalatory legal move
                    st = c.state
                    orders = sorted(legal_orders(scenario, st, actor),
                                    key=lambda o: scenario.move(o.move).rung)
                    sheet = OrderSheet(actor, (Order(actor, orders[-1].move, orders[-1].target,
                                                     "Call their bluff"),))
                else:
                    sheet = choose_orders(scenario, c.state, actor, seed)
                c.submit_orders(sheet)
            c.fill_computer_orders()
            c.end_turn()

    play(4)
    stops = c.turn_stops()
    c.bookmark("Crisis opens", "Both sides test the other's resolve.", at_seq=stops[1])
    c.bookmark("Talks stall", "Back-channel offered and refused.", at_seq=stops[2] + 2)
    c.bookmark("Debrief: the turning point", "Why did nobody take the off-ramp?",
               at_seq=stops[3])
    c.seek(stops[2] + 2)
    window.show_map()
    window.docks["bookmarks"].raise_()
    window.map_view.fit()
    shot(window, "replay")

    c.seek(stops[2])
    window.branch_from_here(str(folder / "exercise-whatif.wgsave"),
                            f"{scenario.metadata.title} — what-if: the teams call the bluff")
    play(2, hawkish=True)
    compare = window.compare_games()
    compare.resize(1440, 900)
    shot(compare, "whatif-compare")
    compare.hide()
    c.close_game()


if __name__ == "__main__":
    raise SystemExit(main())
