"""Station servers on loopback over real sessions, and small clients for them."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from websockets.sync.client import ClientConnection, connect

from wargame.scenario.loader import load_scenario
from wargame.server.host import SessionHost
from wargame.server.runner import StationServer
from wargame.session import Seat, SeatKind, Session

ROOT = Path(__file__).resolve().parents[2]
TEAMS = ("PAK", "IND", "TAL")
TIMEOUT = 10.0


@dataclass
class Served:
    session: Session
    host: SessionHost
    server: StationServer

    def url(self, actor: str) -> str:
        link = self.server.link(actor)
        assert link is not None
        return link

    def ws_url(self, actor: str) -> str:
        return self.url(actor).replace("http://", "ws://") + "ws"


def http(url: str, body: Any = None) -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body) of a GET, or of a POST of ``body`` as JSON."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method="GET" if data is None else "POST")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return response.status, _lower(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, _lower(exc.headers), exc.read()


def _lower(headers: Any) -> dict[str, str]:
    return {str(k).lower(): str(v) for k, v in headers.items()}


class Station:
    """A websocket client of one team that keeps the view as the page does."""

    def __init__(self, url: str) -> None:
        self._context = connect(url, open_timeout=TIMEOUT)
        self.ws: ClientConnection = self._context.__enter__()
        self.state: dict[str, Any] = {}
        self.log: list[dict[str, Any]] = []
        self.raw: list[str] = []
        self.acks: dict[str, dict[str, Any]] = {}

    def receive(self, timeout: float = TIMEOUT) -> dict[str, Any]:
        text = self.ws.recv(timeout=timeout)
        assert isinstance(text, str)
        self.raw.append(text)
        message: dict[str, Any] = json.loads(text)
        if message["type"] == "update":
            self.log = self.log[:message["log_from"]] + message["log"]
            if "state" in message:
                self.state = message["state"]
        elif message["type"] == "ack":
            self.acks[str(message["id"])] = message
        return message

    def until(self, predicate: Any, timeout: float = TIMEOUT) -> None:
        """Read messages until ``predicate(self)`` holds."""
        import time

        end = time.monotonic() + timeout
        while not predicate(self):
            left = end - time.monotonic()
            assert left > 0, "the station did not get there in time"
            self.receive(left)

    def command(self, ident: str, cmd: str, args: dict[str, Any]) -> dict[str, Any]:
        self.ws.send(json.dumps({"type": "command", "id": ident, "cmd": cmd, "args": args}))
        self.until(lambda s: ident in s.acks)
        return self.acks[ident]

    def close(self) -> None:
        self._context.__exit__(None, None, None)


def make_game(path: Path, *, seed: int = 7, teams: tuple[str, ...] = TEAMS) -> Session:
    scenario = load_scenario(ROOT / "scenarios" / "tutorial.yaml")
    seats = {a: Seat(SeatKind.HUMAN, f"Team {a}") for a in teams}
    return Session.create(scenario, seed=seed, seats=seats, path=path)


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[Served]:
    session = make_game(tmp_path / "game.wgsave")
    host = SessionHost(session)
    server = StationServer(host, address="127.0.0.1", port=0)
    server.start()
    try:
        yield Served(session, host, server)
    finally:
        server.stop()
        session.close()
