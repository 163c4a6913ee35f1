"""Render *Game › Team stations…* to docs/screenshots/team_stations_dialog.png (offscreen).

    QT_QPA_PLATFORM=offscreen python benchmarks/stations_screenshot.py [--out DIR]

Opens a tutorial game with three team seats, starts the stations on loopback, connects
two teams' stations (websocket clients), sends a request for information from one, and
grabs the dialog once the app shows them.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from offscreen import ROOT, Camera, arguments, start_app  # first: it sets up headless Qt


def main() -> int:
    args = arguments().parse_args()
    app = start_app(theme=None)  # the dialog as Qt draws it (the picture predates themes)
    camera = Camera(args.out)
    from websockets.sync.client import connect

    from ui.main_window import MainWindow
    from wargame.scenario.loader import load_scenario
    from wargame.session import Seat, SeatKind, Session

    folder = Path(tempfile.mkdtemp())
    scenario = load_scenario(ROOT / "scenarios" / "tutorial.yaml")
    teams = {"PAK": "Team Pakistan", "IND": "Team India", "TAL": "Team Kabul"}
    Session.create(scenario, seed=4, path=folder / "game.wgsave",
                   seats={a: Seat(SeatKind.HUMAN, t) for a, t in teams.items()}).close()
    window = MainWindow()
    window.resize(1280, 820)
    window.show()
    window.controller.open_game(folder / "game.wgsave")
    window.stations_action.trigger()
    dialog = window.dialog
    dialog.address.setCurrentText("127.0.0.1")
    dialog.start()
    sockets = []
    with connect(dialog.link("PAK").replace("http://", "ws://") + "ws") as pak, \
            connect(dialog.link("IND").replace("http://", "ws://") + "ws") as ind:
        sockets += [pak, ind]
        end = time.monotonic() + 10
        while (dialog.connected("PAK") + dialog.connected("IND") < 2
               and time.monotonic() < end):
            app.processEvents()
            time.sleep(0.02)
        pak.send('{"id": "1", "cmd": "message", "args": {"sender": "PAK", '
                 '"recipient": "white_cell", "text": "Has India moved artillery to the LoC?"}}')
        while dialog.messages.count() < 1 and time.monotonic() < end:
            app.processEvents()
            time.sleep(0.02)
        dialog.resize(900, 520)
        camera.shot(dialog, "team_stations_dialog")
    dialog.stop()
    window.controller.close_game()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
