"""Projector mode through the real widgets: one font zoom for every part, the wrapped
newest-first feed, the countdown, the turn summary after Resolve turn, screens, and
map labels that keep apart at projector sizes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontMetrics, QGuiApplication
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import REPO
from tests.ui.test_map_labels import assert_no_overlap
from ui.public_display import BASE_POINTS, ProjectorControls, PublicDisplay
from ui.widgets.countdown import CountdownClock
from wargame.countdown import Countdown, Phase
from wargame.orders import Inject
from wargame.summary import summary_for
from wargame.views import PUBLIC, can_see

LONG = ("Shots were exchanged at the Torkham crossing after a convoy was stopped; both "
        "governments blame each other and the border stays closed to trade and refugees "
        "until further notice, while the United Nations calls for restraint on all sides.")


def play_turn(c) -> None:  # type: ignore[no-untyped-def]
    assert c.fill_computer_orders()
    assert c.end_turn()


def activate(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    """Make ``widget``'s window the active one, so its window shortcuts answer (under
    a real X server without a window manager this takes an event round trip)."""
    qtbot.waitExposed(widget)
    widget.activateWindow()
    widget.raise_()
    qtbot.waitUntil(widget.isActiveWindow, timeout=3000)


def sizes(display: PublicDisplay) -> dict[str, float]:
    """Point sizes (and the ladder row height) each part of the display uses now."""
    ladder = next(iter(display.ladders.ladders.values()))
    token = next(iter(display.scene.tokens.values()))  # type: ignore[union-attr]
    return {"header": display.header.font().pointSizeF(),
            "countdown": display.countdown.font().pointSizeF(),
            "feed": display.feed.document().defaultFont().pointSizeF(),
            "summary": display.summary.document().defaultFont().pointSizeF(),
            "ladder text": ladder.font().pointSizeF(),
            "ladder row": float(ladder.row),
            "map label": token.label.font().pointSizeF()}


@pytest.fixture
def display(window, qtbot, tutorial):  # type: ignore[no-untyped-def]
    c = window.controller
    c.new_game(tutorial, seed=4, seats={}, turns=4, path=None)
    shown = window.toggle_public_display()
    qtbot.addWidget(shown)
    shown.resize(1920, 1080)
    qtbot.waitExposed(shown)
    return shown


def test_one_zoom_scales_every_part_and_is_remembered(display, qtbot) -> None:  # type: ignore[no-untyped-def]
    display.reset_zoom()
    before = sizes(display)
    assert before["feed"] == pytest.approx(BASE_POINTS)
    activate(qtbot, display)
    qtbot.keyClick(display, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)  # Ctrl+=
    assert display.zoom == pytest.approx(1.15)
    qtbot.mouseClick(display.zoom_in_button, Qt.MouseButton.LeftButton)  # the visible A+
    assert display.zoom == pytest.approx(1.3)
    after = sizes(display)
    for part in before:
        if part == "ladder row":  # whole pixels: the line height plus padding
            assert after[part] >= before[part] * 1.2, part
        else:
            assert after[part] == pytest.approx(before[part] * 1.3, rel=0.02), part
    assert display.zoom_label.text() == "130 %"
    # remembered: a new display opens at the same zoom
    again = PublicDisplay(display.controller)
    qtbot.addWidget(again)
    assert again.zoom == pytest.approx(1.3)
    assert sizes(again)["feed"] == pytest.approx(after["feed"])
    qtbot.keyClick(display, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert display.zoom == pytest.approx(1.15)
    qtbot.keyClick(display, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert display.zoom == 1.0 and sizes(display) == before
    for _ in range(30):  # bounded both ways
        display.zoom_out()
    assert display.zoom == 0.6
    display.reset_zoom()


def test_feed_shows_the_newest_public_entry_first_and_wraps_long_lines(display, qtbot) -> None:  # type: ignore[no-untyped-def]
    c = display.controller
    play_turn(c)
    feed = display.feed
    feed.resize(520, 400)
    feed.verticalScrollBar().setValue(feed.verticalScrollBar().maximum())  # someone scrolled
    c.note("white cell only")
    assert c.inject(Inject(title="Border incident", text=LONG))
    newest = feed.entries_newest_first()
    assert all(can_see(PUBLIC, e) for e in newest)
    assert LONG in newest[0].text  # the inject is the newest public entry, on top
    assert newest == display.log.model.entries()[::-1]
    text = feed.toPlainText()
    assert text.startswith(f"Turn {c.state.turn}")
    assert text.index(LONG) < text.index(newest[1].text)  # newest above older
    assert "white cell only" not in text
    # scrolled back to the top, where the newest entry is visible
    QApplication.processEvents()
    assert feed.verticalScrollBar().value() == 0
    found = feed.document().find(LONG[:40])
    assert not found.isNull()
    assert feed.viewport().rect().intersects(feed.cursorRect(found))
    # the whole text, wrapped inside the width: several lines, no sideways scrolling
    block = found.block()
    assert LONG in block.text()
    assert block.layout().lineCount() >= 3
    assert feed.horizontalScrollBar().maximum() == 0
    width = QFontMetrics(feed.document().defaultFont()).horizontalAdvance(LONG)
    assert width > 2 * feed.viewport().width()  # so it could only fit by wrapping


def test_countdown_counts_down_and_warns_in_the_last_minute(qtbot, window, tutorial) -> None:  # type: ignore[no-untyped-def]
    now = [0.0]
    clock = CountdownClock(Countdown(120, clock=lambda: now[0]), interval_ms=10)
    window.controller.new_game(tutorial, seed=4, seats={}, turns=4, path=None)
    display = PublicDisplay(window.controller, clock=clock)
    qtbot.addWidget(display)
    display.show()
    qtbot.waitExposed(display)
    controls = ProjectorControls(display)
    qtbot.addWidget(controls)
    label = display.countdown
    assert label.text() == "02:00" and label.phase == Phase.READY
    qtbot.mouseClick(controls.countdown.start_button, Qt.MouseButton.LeftButton)
    assert controls.countdown.start_button.text() == "Pause"
    now[0] = 30.2
    qtbot.waitUntil(lambda: label.text() == "01:30", timeout=2000)  # the timer polls
    assert label.phase == Phase.RUNNING
    normal = label.grab().toImage().pixelColor(3, 3)
    now[0] = 61.0
    qtbot.waitUntil(lambda: label.phase == Phase.WARNING, timeout=2000)
    assert label.text() == "00:59"
    qtbot.waitUntil(lambda: _close(label.grab().toImage().pixelColor(3, 3), "#f0a020"),
                    timeout=2000)  # painted amber
    assert not _close(normal, "#f0a020")
    assert controls.countdown.display.text() == "00:59"  # the facilitator sees the same
    qtbot.mouseClick(controls.countdown.start_button, Qt.MouseButton.LeftButton)  # pause
    now[0] = 500.0
    QApplication.processEvents()
    assert label.text() == "00:59 paused" and not clock.timer.isActive()
    clock.toggle()  # Space on the display does the same
    now[0] = 560.0
    qtbot.waitUntil(lambda: label.phase == Phase.EXPIRED, timeout=2000)
    assert label.text() == "00:00 time is up"
    assert _close(label.grab().toImage().pixelColor(3, 3), "#c62828")
    qtbot.waitUntil(lambda: not clock.timer.isActive(), timeout=2000)  # stops polling
    assert not controls.countdown.start_button.isEnabled()
    qtbot.mouseClick(controls.countdown.reset_button, Qt.MouseButton.LeftButton)
    assert label.text() == "02:00" and label.phase == Phase.READY
    controls.countdown.minutes.setValue(7)  # a new length, remembered
    assert label.text() == "07:00"
    assert CountdownClock().countdown.duration == 7 * 60


def _close(colour: QColor, expected: str) -> bool:
    want = QColor(expected)
    return all(abs(a - b) <= 8 for a, b in ((colour.red(), want.red()),
                                            (colour.green(), want.green()),
                                            (colour.blue(), want.blue())))


def test_the_public_turn_summary_appears_after_resolve_turn(window, qtbot, tutorial) -> None:  # type: ignore[no-untyped-def]
    c = window.controller
    c.new_game(tutorial, seed=5, seats={}, turns=3, path=None)
    display = window.toggle_public_display()
    qtbot.addWidget(display)
    assert not display.summary_visible
    window.next_action()  # computer orders
    qtbot.waitUntil(lambda: not c.computer_seats_waiting(), timeout=20000)
    window.show_workbench()
    window.phase_bar.next_button.click()  # "Resolve turn 1"
    assert c.state.turn == 2
    assert display.summary_visible
    text = display.summary.toPlainText()
    public = summary_for(c.session, PUBLIC, 1)
    assert public is not None
    assert "Turn 1: what happened" in text
    for line in public.headlines(limit=8):
        assert line in text
    # only what the public may know: the facilitator's hidden lines stay out
    hidden = [e.text for e in c.session.log if e.turn == 1 and not can_see(PUBLIC, e)]
    assert hidden and not any(h in text for h in hidden)
    controls = window.show_projector_controls()
    assert controls.summary_box.isChecked()
    activate(qtbot, display)
    qtbot.keyClick(display, Qt.Key.Key_S)
    assert not display.summary_visible and not controls.summary_box.isChecked()
    controls.summary_box.setChecked(True)
    assert display.summary_visible
    # a display opened later, mid-game, starts with the last turn's summary
    later = PublicDisplay(c)
    qtbot.addWidget(later)
    assert later.summary_visible and "Turn 1: what happened" in later.summary.toPlainText()


@pytest.mark.parametrize("zoom", [1.0, 2.0])
def test_projector_map_labels_do_not_overlap(display, zoom) -> None:  # type: ignore[no-untyped-def]
    display.set_zoom(zoom)
    QApplication.processEvents()
    assert assert_no_overlap(display.map) > 0


def test_one_screen_opens_in_a_window_and_esc_leaves_full_screen(display, qtbot) -> None:  # type: ignore[no-untyped-def]
    assert len(QGuiApplication.screens()) == 1
    display.send_to_screen(0)
    assert display.isVisible() and not display.isFullScreen()
    display.toggle_full_screen()  # F11 on the display
    qtbot.waitUntil(display.isFullScreen, timeout=2000)
    qtbot.keyClick(display.feed, Qt.Key.Key_Escape)  # whichever part has the focus
    qtbot.waitUntil(lambda: not display.isFullScreen(), timeout=2000)
    activate(qtbot, display)
    qtbot.keyClick(display, Qt.Key.Key_F11)
    qtbot.waitUntil(display.isFullScreen, timeout=2000)
    display.screen_removed(display.screen())  # the projector cable pulled out
    qtbot.waitUntil(lambda: not display.isFullScreen(), timeout=2000)
    assert display.isVisible()


TWO_SCREENS = """
import sys
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv)
from ui.controller import Controller
from ui.public_display import PublicDisplay, ProjectorControls, remembered_screen_index
from wargame.scenario.loader import load_scenario
c = Controller()
c.new_game(load_scenario(sys.argv[1]), seed=1, seats={}, turns=3, path=None)
screens = QGuiApplication.screens()
assert [s.name() for s in screens] == ["Laptop", "Projector"], screens
d = PublicDisplay(c)
controls = ProjectorControls(d)
assert controls.screen_box.count() == 2 and controls.screen_box.currentIndex() == 1
controls.send_button.click()
app.processEvents()
assert d.isFullScreen() and d.screen().name() == "Projector", d.screen().name()
assert d.geometry() == screens[1].geometry(), d.geometry()
assert remembered_screen_index() == 1
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
QTest.keyClick(d, Qt.Key.Key_Escape)
app.processEvents()
assert not d.isFullScreen()
d.hide()
again = PublicDisplay(c)
again.present()  # the remembered screen, full screen again
app.processEvents()
assert again.isFullScreen() and again.screen().name() == "Projector"
print("two screens ok")
"""


def test_two_screens_full_screen_on_the_chosen_one_and_remembered(tmp_path: Path) -> None:
    config = tmp_path / "screens.json"
    config.write_text('{"screens": ['
                      '{"name": "Laptop", "x": 0, "y": 0, "width": 1280, "height": 800},'
                      '{"name": "Projector", "x": 1280, "y": 0, "width": 1920, "height": 1080}'
                      ']}')
    script = tmp_path / "two_screens.py"
    script.write_text(TWO_SCREENS)
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
           "PYTHONPATH": str(REPO), "WARGAME_GUI_SETTINGS": str(tmp_path / "s.ini")}
    done = subprocess.run([sys.executable, str(script), str(REPO / "scenarios/tutorial.yaml")],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "two screens ok" in done.stdout
