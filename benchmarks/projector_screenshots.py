"""Render projector mode to docs/screenshots/ (offscreen):

    QT_QPA_PLATFORM=offscreen python benchmarks/projector_screenshots.py [--out DIR]

Plays two turns of the default scenario with three human teams (doctrine orders,
an inject in turn 2), resolves turn 2 so the public turn summary is up, sets the
countdown to 8 minutes with 6:30 left, then grabs the public display at
1920x1080 (``projector.png``), at 1280x720 (``projector_1280x720.png``), at
1920x1080 with the text zoomed to 150 % (``projector_zoom150.png``), the
countdown's last minute (``projector_warning.png``, header only) and the
facilitator's projector controls (``projector_controls.png``).
"""

from __future__ import annotations

from offscreen import Camera, arguments, settle, start_app  # first: it sets up headless Qt


def main() -> int:
    args = arguments(theme=True).parse_args()
    app = start_app(args.theme)
    shot = Camera(args.out, suffix="" if args.theme == "light" else f"_{args.theme}").shot

    from PySide6.QtCore import QRect

    from ui.app import default_scenario_path
    from ui.main_window import MainWindow
    from wargame.ai.doctrine import choose_orders
    from wargame.countdown import Countdown
    from wargame.orders import Inject
    from wargame.scenario.loader import load_scenario
    from wargame.session import Seat

    window = MainWindow()
    window.resize(1440, 900)
    window.show()
    scenario = load_scenario(default_scenario_path())
    playable = [a.id for a in scenario.actors if a.playable]
    seats = {a: Seat("human", f"Team {scenario.actor(a).name.split(' (')[0]}")
             for a in playable[:3]}
    c = window.controller
    c.new_game(scenario, seed=3, seats=seats, turns=6, path=None, title=scenario.metadata.title)
    display = window.toggle_public_display()
    for turn in (1, 2):
        if turn == 2:
            c.inject(Inject(title="Border incident",
                            text="Shots were exchanged at the Torkham crossing after a convoy "
                                 "was stopped; both sides blame each other and the border "
                                 "stays closed to trade until further notice."))
        for actor in seats:
            c.submit_orders(choose_orders(scenario, c.state, actor, 3))
        c.fill_computer_orders()
        c.end_turn()  # the public summary comes up on the display

    now = [0.0]
    clock = display.clock  # type: ignore[attr-defined]
    clock.countdown = Countdown(8 * 60, clock=lambda: now[0])
    clock.start()
    now[0] = 90.0
    clock.changed.emit()
    display.reset_zoom()  # type: ignore[attr-defined]
    for (width, height), name in (((1920, 1080), "projector"),
                                  ((1280, 720), "projector_1280x720")):
        display.resize(width, height)
        settle()
        display.set_summary_visible(False)  # type: ignore[attr-defined]
        display.set_summary_visible(True)  # type: ignore[attr-defined]
        shot(display, name)
    display.resize(1920, 1080)
    display.set_zoom(1.5)  # type: ignore[attr-defined]
    settle()
    display.set_summary_visible(False)  # type: ignore[attr-defined]
    display.set_summary_visible(True)  # type: ignore[attr-defined]
    shot(display, "projector_zoom150")
    display.reset_zoom()  # type: ignore[attr-defined]
    now[0] = 8 * 60 - 42.0
    clock.changed.emit()
    settle()
    header = display.countdown.parentWidget()  # type: ignore[attr-defined]
    top = display.countdown.geometry().bottom() + 8  # type: ignore[attr-defined]
    shot(header, "projector_warning", rect=QRect(0, 0, header.width(), top))
    controls = window.show_projector_controls()
    controls.adjustSize()
    shot(controls, "projector_controls")
    clock.pause()
    c.close_game()
    app.quit()  # type: ignore[attr-defined]
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
