"""Run the station server in a background thread (uvicorn on its own asyncio loop).

:class:`StationServer` is what ``wargame serve`` and the app's *Team stations*
dialog use: start it on an address, read each team's join link, revoke or
reissue a team's token, set the turn timer, stop it. uvicorn's access log is off
(the token is in every path) and nothing here logs a token.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import ipaddress
import socket
import threading
from collections.abc import Iterable
from pathlib import Path

import uvicorn

from wargame.errors import WargameError
from wargame.server.app import build_app
from wargame.server.host import GameHost
from wargame.server.service import MAX_MESSAGE_BYTES, Presence, StationService
from wargame.server.station import OBSERVER
from wargame.server.tokens import TokenBook
from wargame.session import SeatKind

START_TIMEOUT = 10.0


class ServerError(WargameError):
    """The station server could not start (address in use, not an address of this machine)."""


def team_actors(host: GameHost) -> list[str]:
    """Actors played by a human team (the seats that may join from a station)."""
    frame = host.frame()
    return sorted(a for a, seat in frame.seats.items()
                  if seat.kind == SeatKind.HUMAN and frame.scenario.actor(a).playable)


class StationServer:
    """The stations of one game, served over HTTP and websockets from a background thread."""

    def __init__(self, host: GameHost, *, actors: Iterable[str] | None = None,
                 address: str = "127.0.0.1", port: int = 0,
                 tokens: TokenBook | None = None, token_store: Path | None = None,
                 observers: bool = True) -> None:
        self.host = host
        self.address = address
        self.port = port
        self.teams = sorted(team_actors(host) if actors is None else actors)
        """The teams that may join from stations (each with a link until revoked)."""
        self.observers = observers
        """Whether an observer link (the public view, read-only) is offered."""
        self.tokens = tokens or TokenBook(self.principals, store=token_store)
        self.service = StationService(host, self.tokens)
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._failure: BaseException | None = None

    @property
    def principals(self) -> list[str]:
        """Who holds a link: every team, then the observers (:data:`OBSERVER`)."""
        return [*self.teams, *([OBSERVER] if self.observers else [])]

    # ------------------------------------------------------------------ life

    def start(self) -> None:
        """Bind and start serving; raises :class:`ServerError` if that fails."""
        if self._thread is not None:
            return
        listener = _listen(self.address, self.port)  # bound here: a clear error, at once
        self.port = int(listener.getsockname()[1])
        config = uvicorn.Config(build_app(self.service), host=self.address, port=self.port,
                                log_config=None, access_log=False, log_level="warning",
                                ws_max_size=MAX_MESSAGE_BYTES, ws_ping_interval=20.0,
                                ws_ping_timeout=20.0, lifespan="off", server_header=False)
        server = uvicorn.Server(config)
        started = threading.Event()

        def run() -> None:
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            self.service.loop = loop
            try:
                loop.run_until_complete(self._serve(server, listener, started))
            except BaseException as exc:  # reported by start()
                self._failure = exc
            finally:
                started.set()
                self.service.loop = None
                with contextlib.suppress(RuntimeError):
                    loop.run_until_complete(loop.shutdown_asyncgens())
                loop.close()

        self._server = server
        self._thread = threading.Thread(target=run, name="wargame-stations", daemon=True)
        self._thread.start()
        started.wait(START_TIMEOUT)
        if not server.started:
            self.stop()
            listener.close()
            reason = "it did not start in time" if self._failure is None else (
                f"{type(self._failure).__name__}: {self._failure}")
            raise ServerError(f"cannot serve team stations on {self.address}:{self.port}: "
                              f"{reason}")

    @staticmethod
    async def _serve(server: uvicorn.Server, listener: socket.socket,
                     started: threading.Event) -> None:
        task = asyncio.ensure_future(server.serve(sockets=[listener]))
        while not server.started and not task.done():
            await asyncio.sleep(0.01)
        started.set()
        await task

    def stop(self) -> None:
        """Stop serving (stations see the connection drop and keep retrying)."""
        server, thread = self._server, self._thread
        if server is not None:
            server.should_exit = True
        if thread is not None:
            thread.join(START_TIMEOUT)
        self._server = self._thread = None

    @property
    def running(self) -> bool:
        return self._server is not None and self._server.started and not (
            self._server.should_exit)

    # ------------------------------------------------------------------ teams

    def link(self, actor: str) -> str | None:
        """The join link of a team (None if it has no valid token now)."""
        token = self.tokens.token(actor)
        if token is None:
            return None
        return f"http://{_url_host(advertised_address(self.address))}:{self.port}/s/{token}/"

    def revoke(self, actor: str) -> None:
        """The team's link stops working and its open stations are closed."""
        self.tokens.revoke(actor)
        self._drop(actor)

    def reissue(self, actor: str) -> str | None:
        """A new link for the team (a lost phone); the old one stops working."""
        self.tokens.reissue(actor)
        self._drop(actor)
        return self.link(actor)

    def _drop(self, actor: str) -> None:
        loop = self.service.loop
        if loop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(self.service.drop, actor)

    def presence(self) -> dict[str, Presence]:
        return self.service.presence()

    def set_timer(self, seconds: float | None, warning: float = 60.0) -> None:
        self.service.set_timer(seconds, warning)


def _listen(address: str, port: int) -> socket.socket:
    """A listening socket on ``address:port``, or :class:`ServerError` saying why not."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    try:
        return socket.create_server((address, port), family=family, backlog=128)
    except OSError as exc:
        why = exc.strerror or str(exc)
        if exc.errno == errno.EADDRINUSE:
            why += " (another program, or another game's stations, uses this port)"
        elif exc.errno == errno.EADDRNOTAVAIL or isinstance(exc, socket.gaierror):
            why += " (it is not an address of this computer)"
        raise ServerError(f"cannot serve team stations on {address}:{port}: {why}") from None


def token_store_for(save: Path | None) -> Path | None:
    """Where the join tokens of a save are kept: ``game.wgsave.tokens`` beside it."""
    return None if save is None else save.with_name(save.name + ".tokens")


def advertised_address(bound: str) -> str:
    """The address to put in links: the bound one, or this machine's for 0.0.0.0 / ::."""
    if bound not in ("0.0.0.0", "::", ""):
        return bound
    for candidate in local_addresses():
        if not ipaddress.ip_address(candidate).is_loopback:
            return candidate
    return "127.0.0.1"


def local_addresses() -> list[str]:
    """This machine's IPv4 addresses by its host name (no traffic sent), loopback first."""
    found = {"127.0.0.1"}
    with contextlib.suppress(OSError):
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.add(str(info[4][0]))
    return sorted(found, key=lambda a: (not ipaddress.ip_address(a).is_loopback, a))


def _url_host(address: str) -> str:
    return f"[{address}]" if ":" in address else address
