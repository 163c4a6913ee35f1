"""End to end in a real browser (Debian's chromium and chromedriver, headless): three
teams join by their links, pick and seal orders, exchange a message, the facilitator
resolves the turn, and every station updates.

Needs chromium and chromedriver (.ci/run installs both); without them the module fails
to load, never skips. ``WARGAME_STATION_SCREENSHOTS=DIR``
also saves a desktop-sized and a phone-sized screenshot of a station there.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.stations.conftest import TEAMS, Served
from wargame.server.station import OBSERVER
from wargame.views import actor_view, visible_entries

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
WAIT = 20.0

if not (CHROMIUM and DRIVER):
    raise RuntimeError("the browser tests need chromium and chromium-driver (.ci/run "
                       "installs them)")

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402


@pytest.fixture()
def browser() -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                 "--no-first-run", "--disable-extensions", "--window-size=1280,900"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=str(DRIVER)), options=options)
    driver.set_page_load_timeout(WAIT)
    try:
        yield driver
    finally:
        driver.quit()


def wait_for(what: Callable[[], object], message: str, timeout: float = WAIT) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if what():
                return
        except Exception:  # the page is still drawing: try again
            pass
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting until {message}")


def text(driver: WebDriver, element_id: str) -> str:
    return str(driver.find_element(By.ID, element_id).text)


def test_three_teams_play_a_turn_in_a_real_browser(served: Served, browser: WebDriver) -> None:
    windows: dict[str, str] = {}
    for index, actor in enumerate(TEAMS):
        if index:
            browser.switch_to.new_window("tab")
        browser.get(served.url(actor))
        windows[actor] = browser.current_window_handle
        wait_for(lambda: text(browser, "status") == "online", f"{actor} is online")
        wait_for(lambda: "Turn 1 of 6" in text(browser, "turn"), f"{actor} shows turn 1")
        assert f"Team {actor}" in text(browser, "team")

    browser.switch_to.new_window("tab")  # an observer: the public view, read-only
    browser.get(served.url(OBSERVER))
    windows[OBSERVER] = browser.current_window_handle
    wait_for(lambda: "Turn 1 of 6" in text(browser, "turn"), "the observer shows turn 1")
    assert not browser.find_element(By.ID, "orders").is_displayed()
    assert not browser.find_element(By.ID, "messages").is_displayed()

    def switch(actor: str) -> None:
        browser.switch_to.window(windows[actor])

    for actor in TEAMS:  # pick the first legal move and seal
        switch(actor)
        option = browser.find_element(By.CSS_SELECTOR, "#menu .option")
        move = option.get_attribute("data-move")
        assert "odds" in option.text and "cost" in option.text
        option.find_element(By.TAG_NAME, "button").click()
        picked = browser.find_element(By.CSS_SELECTOR, "#picked li textarea")
        picked.send_keys(f"{actor} reasons in the browser")
        if actor == "PAK":  # and a signal: "we are at rung 2 toward India", public
            Select(browser.find_element(By.ID, "signal-toward")).select_by_value("IND")
            Select(browser.find_element(By.ID, "signal-rung")).select_by_value("2")
            browser.find_element(By.ID, "signal-text").send_keys("no further")
        browser.find_element(By.ID, "seal").click()
        wait_for(lambda a=actor: a in served.session.sheets, f"{actor}'s orders reach the game")
        wait_for(lambda: text(browser, "seal-status") == "sealed", f"{actor} sees 'sealed'")
        sheet = served.session.sheets[actor]
        assert sheet.orders[0].move == move
        assert sheet.orders[0].rationale == f"{actor} reasons in the browser"
        if actor == "PAK":
            assert [(g.toward, g.rung, g.public, g.text) for g in sheet.signals] == [
                ("IND", 2, True, "no further")]
            wait_for(lambda: "Signal to India: rung 2 (public)" in text(browser, "sheet"),
                     "PAK sees its sealed signal")
        else:
            assert sheet.signals == ()

    switch("TAL")
    wait_for(lambda: "Your orders are sealed. Also sealed: " in text(browser, "sealed-line"),
             "TAL sees who else has sealed")

    switch("PAK")
    Select(browser.find_element(By.ID, "message-to")).select_by_value("IND")
    browser.find_element(By.ID, "message-text").send_keys("Open the Kartarpur line at noon")
    browser.find_element(By.ID, "message-send").click()
    wait_for(lambda: len(served.session.messages) == 1, "the message is journalled")
    switch("IND")
    wait_for(lambda: "Open the Kartarpur line at noon" in text(browser, "message-list"),
             "IND reads PAK's message")
    for outsider in ("TAL", OBSERVER):
        switch(outsider)
        time.sleep(0.3)
        assert "Kartarpur line at noon" not in browser.page_source

    served.host.run(lambda s: (s.fill_computer_orders(), s.end_turn()))
    switch(OBSERVER)
    wait_for(lambda: "Turn 2 of 6" in text(browser, "turn"), "the observer shows turn 2")
    for actor in TEAMS:
        switch(actor)
        wait_for(lambda: "Turn 2 of 6" in text(browser, "turn"), f"{actor} shows turn 2")
        assert "No team has sealed yet." in text(browser, "sealed-line")
        expected = visible_entries(actor_view(actor), served.session.log)
        count = len(expected)
        wait_for(lambda n=count: len(browser.find_elements(By.CSS_SELECTOR, "#log-list li")) == n,
                 f"{actor}'s log shows all {count} of its entries")
        assert any(e.turn == 1 and e.phase == "adjudication" for e in expected)
    assert served.session.turn == 2

    shots = os.environ.get("WARGAME_STATION_SCREENSHOTS")
    if shots:
        _screenshots(browser, windows["PAK"], Path(shots))


def test_a_station_reconnects_and_keeps_its_draft(served: Served, browser: WebDriver) -> None:
    browser.get(served.url("PAK"))
    wait_for(lambda: text(browser, "status") == "online", "PAK is online")
    browser.find_element(By.CSS_SELECTOR, "#menu .option button").click()
    browser.refresh()  # a reload (or a phone's browser dropping the page) keeps the draft
    wait_for(lambda: text(browser, "status") == "online", "PAK is online again")
    wait_for(lambda: len(browser.find_elements(By.CSS_SELECTOR, "#picked li")) == 1,
             "the picked move is still there")
    served.server.stop()
    wait_for(lambda: "offline" in text(browser, "status"), "the station sees the server go")
    served.server.start()  # same port, same tokens
    wait_for(lambda: text(browser, "status") == "online", "the station reconnects", timeout=30)
    browser.find_element(By.ID, "seal").click()
    wait_for(lambda: "PAK" in served.session.sheets, "orders sealed after the reconnect")


def test_a_revoked_station_says_so(served: Served, browser: WebDriver) -> None:
    browser.get(served.url("IND"))
    wait_for(lambda: text(browser, "status") == "online", "IND is online")
    served.server.revoke("IND")
    wait_for(lambda: "no longer valid" in text(browser, "banner"), "the station is told")


def _screenshots(browser: WebDriver, window: str, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    browser.switch_to.window(window)
    browser.set_window_size(1280, 900)
    time.sleep(0.3)
    browser.save_screenshot(str(folder / "station-desktop.png"))
    browser.set_window_size(390, 844)
    browser.find_element(By.CSS_SELECTOR, "nav button[data-tab='orders']").click()
    time.sleep(0.3)
    browser.save_screenshot(str(folder / "station-phone.png"))
