"""A self-check of the team stations: serve a throw-away game on loopback and use it as a
station would (page, script, state, map, websocket, a message, a sealed sheet), and check that
a wrong token gets nothing.

``wargame serve --self-check`` runs it; the desktop bundle's build runs it on the frozen
program, so a bundle that lacks part of the web stack (uvicorn picks modules by name at run
time) fails its build instead of failing in a classroom.
"""

from __future__ import annotations

import json
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from websockets.sync.client import connect

from wargame.errors import WargameError
from wargame.scenario.loader import load_scenario, resolve_scenario_path
from wargame.server.host import SessionHost
from wargame.server.runner import StationServer
from wargame.session import Seat, SeatKind, Session

TIMEOUT = 10.0


class SelfCheckError(WargameError):
    """A part of the stations did not work; the message says which."""


def _get(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
            return response.status, response.headers.get("content-type", ""), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, "", exc.read()


def _expect(what: str, ok: bool, detail: str = "") -> None:
    if not ok:
        raise SelfCheckError(f"stations self-check failed: {what}" + (f" ({detail})"
                                                                      if detail else ""))


def self_check(scenario: str | None = None,
               report: Callable[[str], None] = lambda line: None) -> list[str]:
    """Run the check on ``scenario`` (the default one if None); returns the steps passed,
    each also given to ``report``. Raises :class:`SelfCheckError` at the first failure."""
    passed: list[str] = []

    def step(name: str) -> None:
        passed.append(name)
        report(f"  ok  {name}")

    loaded = load_scenario(resolve_scenario_path(scenario))
    teams = [a.id for a in loaded.actors if a.playable][:2]
    _expect("the scenario has two playable actors", len(teams) == 2)
    with tempfile.TemporaryDirectory(prefix="wargame-selfcheck-") as folder:
        session = Session.create(loaded, seed=1, path=Path(folder) / "check.wgsave",
                                 seats={a: Seat(SeatKind.HUMAN, f"Team {a}") for a in teams})
        server = StationServer(SessionHost(session), address="127.0.0.1", port=0)
        try:
            server.start()
            step(f"serving {loaded.metadata.id} on 127.0.0.1:{server.port}")
            _check_http(server, teams[0], step)
            _check_socket(server, session, teams, step)
        finally:
            server.stop()
            session.close()
    return passed


def _check_http(server: StationServer, team: str, step: Callable[[str], None]) -> None:
    link = server.link(team)
    _expect("the team has a join link", link is not None)
    assert link is not None
    status, kind, body = _get(link)
    _expect("the station page", status == 200 and kind.startswith("text/html")
            and b"app.js" in body, f"HTTP {status}")
    for name, wanted in (("app.js", "text/javascript"), ("app.css", "text/css")):
        status, kind, body = _get(link + name)
        _expect(name, status == 200 and kind.startswith(wanted) and bool(body),
                f"HTTP {status}")
    step("page, script and style sheet")
    status, _, body = _get(link + "api/state")
    snapshot: dict[str, Any] = json.loads(body) if status == 200 else {}
    me = snapshot.get("state", {}).get("me", {})
    _expect("the team's state", me.get("id") == team, f"HTTP {status}, me = {me}")
    status, _, body = _get(link + "api/map")
    theatre: dict[str, Any] = json.loads(body) if status == 200 else {}
    _expect("the theatre map", bool(theatre.get("regions") or theatre.get("outlines")),
            f"HTTP {status}")
    step("the team's state and the theatre map")
    wrong = link.replace(link.split("/s/")[1].split("/")[0], "0" * 32)
    status, _, _ = _get(wrong + "api/state")
    _expect("a wrong token is refused", status == 404, f"HTTP {status}")
    step("a wrong token gets 404")


def _check_socket(server: StationServer, session: Session, teams: list[str],
                  step: Callable[[str], None]) -> None:
    link = server.link(teams[0])
    assert link is not None
    with connect(link.replace("http://", "ws://") + "ws", open_timeout=TIMEOUT) as ws:
        first = json.loads(ws.recv(timeout=TIMEOUT))
        _expect("the first update over the websocket", first.get("type") == "update")
        step("websocket: the first update")
        ws.send(json.dumps({"type": "command", "id": "check-1", "cmd": "message",
                            "args": {"sender": teams[0], "recipient": teams[1],
                                     "text": "self-check"}}))
        ws.send(json.dumps({"type": "command", "id": "check-2", "cmd": "submit_orders",
                            "args": {"sheet": {"actor": teams[0], "orders": []}}}))
        acks: dict[str, dict[str, Any]] = {}
        while len(acks) < 2:
            message = json.loads(ws.recv(timeout=TIMEOUT))
            if message.get("type") == "ack":
                acks[str(message.get("id"))] = message
        for ident, what in (("check-1", "a message"), ("check-2", "a sealed sheet")):
            _expect(what, bool(acks[ident].get("ok")), str(acks[ident].get("error", "")))
    _expect("the message is in the journal", len(session.messages) == 1)
    _expect("the sheet is sealed", teams[0] in session.sheets)
    step("a message and a sealed sheet, acknowledged and journalled")
