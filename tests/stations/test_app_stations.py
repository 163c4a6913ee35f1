"""Game › Team stations… in the real app (pytest-qt): the dialog serves the open game,
station commands run on the GUI thread through the live session (the app writes the
journal), presence shows in the table, and revoke, reissue, QR and the timer work."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton
from websockets.exceptions import ConnectionClosed

from tests.stations.conftest import Station, http, make_game
from tests.stations.test_server import SHEET_PAK
from wargame.journal import read_journal


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WARGAME_GUI_SETTINGS", str(tmp_path / "settings.ini"))


@pytest.fixture()
def window(qtbot, tmp_path: Path) -> Iterator[object]:  # type: ignore[no-untyped-def]
    from ui.main_window import MainWindow

    make_game(tmp_path / "game.wgsave").close()
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    assert w.controller.open_game(tmp_path / "game.wgsave")
    yield w
    w.controller.close_game()


def _start(window, qtbot):  # type: ignore[no-untyped-def]
    assert window.stations_action.isEnabled()
    window.stations_action.trigger()
    dialog = window.dialog
    dialog.address.setCurrentText("127.0.0.1")
    dialog.port.setValue(0)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert dialog.running, dialog.state.text()
    return dialog


def test_stations_play_through_the_app(window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = _start(window, qtbot)
    assert dialog.table.rowCount() == 4 and "Serving on 127.0.0.1:" in dialog.state.text()
    assert dialog.table.item(3, 0).text() == "Observers (public view)"
    link = dialog.link("PAK")
    assert link is not None and dialog.table.item(1, 2).text() == link
    station = Station(link.replace("http://", "ws://") + "ws")
    station.until(lambda s: bool(s.state))
    qtbot.waitUntil(lambda: dialog.connected("PAK") == 1, timeout=5000)
    assert dialog.table.item(1, 1).text() == "yes"
    assert "1 of 3 teams connected" in dialog.state.text()
    status = window.statusBar().findChild(QLabel, "stations-presence")
    assert status.isVisible() and status.text() == "Stations: 1 of 3 teams connected"
    assert status.toolTip() == "Team PAK"

    station.ws.send(json.dumps(
        {"id": "a", "cmd": "submit_orders", "args": {"sheet": SHEET_PAK}}))
    qtbot.waitUntil(lambda: "PAK" in window.controller.session.sheets, timeout=5000)
    station.until(lambda s: "a" in s.acks)
    assert station.acks["a"]["ok"]
    assert [c.name for c in read_journal(tmp_path / "game.wgsave").commands] == ["submit_orders"]
    assert window.controller.undo_history()[0][-1].name == "submit_orders"

    station.ws.send(json.dumps({"id": "q", "cmd": "message", "args": {
        "sender": "PAK", "recipient": "white_cell", "text": "Is the LoC quiet?"}}))
    qtbot.waitUntil(lambda: dialog.messages.count() == 1, timeout=5000)
    assert dialog.messages.item(0).text() == (
        "T1 REQUEST Team PAK \u2192 White Cell: Is the LoC quiet?")
    assert dialog.reply_to.currentData() == "PAK"  # the answer goes to who asked
    dialog.reply_text.setText("Quiet since dawn.")
    assert dialog.send_message()
    station.until(lambda s: any(e["kind"] == "message" and e["data"]["sender"] == "white_cell"
                                for e in s.log))
    assert dialog.messages.count() == 2

    window.controller.fill_computer_orders()
    window.controller.end_turn()
    station.until(lambda s: s.state["turn"] == 2)

    dialog.start_timer()
    station.until(lambda s: s.state["timer"] is not None)

    qr = dialog.show_qr("PAK")
    assert qr is not None and not qr.image.pixmap().isNull()
    assert qr.image.pixmap().width() >= 150

    revoke = dialog.findChild(QPushButton, "revoke-PAK")
    revoke.click()
    with pytest.raises(ConnectionClosed):
        station.until(lambda s: False, timeout=5)
    assert dialog.link("PAK") is None
    assert dialog.table.item(1, 2).text().startswith("revoked")
    dialog.findChild(QPushButton, "reissue-PAK").click()
    new = dialog.link("PAK")
    assert new is not None and new != link and http(new + "api/state")[0] == 200

    dialog.close()
    assert dialog.running  # closing the dialog keeps the stations
    window.controller.close_game()
    assert not dialog.running and not status.isVisible()
    with pytest.raises(OSError):  # nothing listens any more
        http(new + "api/state")


def test_one_countdown_for_the_projector_and_the_stations(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = _start(window, qtbot)
    display = window.toggle_public_display()
    assert display.clock is window.turn_clock is dialog.clock
    station = Station(dialog.link("IND").replace("http://", "ws://") + "ws")
    station.until(lambda s: bool(s.state))
    assert station.state["timer"] is None
    dialog.countdown.minutes.setValue(5)
    qtbot.mouseClick(dialog.countdown.start_button, Qt.MouseButton.LeftButton)
    station.until(lambda s: s.state["timer"] is not None)
    import time

    left = station.state["timer"]["deadline"] - time.time()
    assert 290 < left <= 300 and station.state["timer"]["warning"] == 60
    assert window.turn_clock.countdown.running  # the projector counts the same clock
    qtbot.waitUntil(lambda: display.countdown.text() == "04:59", timeout=3000)
    assert dialog.countdown.display.text() == display.countdown.text()
    qtbot.wait(450)  # ticks do not re-send the deadline to the stations
    before = len(station.raw)
    qtbot.wait(450)
    assert len(station.raw) == before
    window.turn_clock.pause()  # paused on the projector's remote: the stations drop it
    station.until(lambda s: s.state["timer"] is None)
    window.turn_clock.start()  # resumed: a new deadline, later by the pause
    station.until(lambda s: s.state["timer"] is not None)
    dialog.clear_timer()
    station.until(lambda s: s.state["timer"] is None)
    assert window.turn_clock.countdown.remaining() == 300
    station.close()


def test_a_station_command_when_the_game_closed_is_refused(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = _start(window, qtbot)
    host, link = dialog.host, dialog.link("IND")
    assert link is not None
    window.controller.close_game()
    assert not dialog.running
    from wargame.commands import AddNote
    from wargame.errors import CommandError

    future = host.execute(AddNote("late", "Team IND", "IND", 1))
    qtbot.waitUntil(future.done, timeout=5000)
    with pytest.raises(CommandError, match="stopped the stations"):
        future.result()


def test_a_game_without_team_seats_says_so(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from ui.main_window import MainWindow

    make_game(tmp_path / "solo.wgsave", teams=()).close()
    w = MainWindow()
    qtbot.addWidget(w)
    assert w.controller.open_game(tmp_path / "solo.wgsave")
    shown: list[str] = []
    original = QMessageBox.warning
    QMessageBox.warning = lambda parent, title, text, *a: shown.append(text)  # type: ignore
    try:
        w.stations_action.trigger()
        w.dialog.port.setValue(0)
        w.dialog.start_button.click()
    finally:
        QMessageBox.warning = original  # type: ignore[method-assign]
    assert not w.dialog.running
    assert shown and "no seat of this game is played by a human team" in shown[0]
    w.controller.close_game()
