"""The stations' live side: connections, pushes, commands, presence and the timer.

Runs on the server's asyncio loop. The game changes on its owner thread, which
calls :meth:`StationService.notify` (thread-safe); the service then builds each
connected team's view once (through :mod:`wargame.server.station`) and queues it
to that team's connections: the log as an append when the team's old log is a
prefix of the new one, else whole.

Commands carry a client-chosen ``id``: a command resent after a reconnect is
acknowledged again from memory, never applied twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from wargame.errors import WargameError
from wargame.server.host import Frame, GameHost
from wargame.server.ratelimit import Limiter
from wargame.server.station import Timer, VisibleLog, authorise, team_state
from wargame.server.tokens import TokenBook

log = logging.getLogger("wargame.server")

MAX_MESSAGE_BYTES = 64 * 1024
"""The largest websocket message or request body a station may send."""
REMEMBERED_IDS = 512
"""Command ids remembered per team (for resends after a reconnect)."""


@dataclass(frozen=True, slots=True)
class Presence:
    """Who is connected: a team's open stations and when the last one joined or left."""

    actor: str
    connections: int
    since: float


@dataclass(eq=False)
class Connection:
    """One open station (a browser tab); ``send`` queues a JSON text to it."""

    actor: str
    queue: asyncio.Queue[str | None] = field(default_factory=lambda: asyncio.Queue(256))
    log: tuple[dict[str, Any], ...] = ()
    state_json: str = ""
    revoked: bool = False
    """Closed because its team's token was revoked or reissued."""

    def send(self, payload: Mapping[str, Any]) -> None:
        self.send_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")))

    def send_text(self, text: str) -> None:
        try:
            self.queue.put_nowait(text)
        except asyncio.QueueFull:  # a station that stopped reading: drop it
            self.close()

    def close(self) -> None:
        with contextlib.suppress(asyncio.QueueFull):
            self.queue.put_nowait(None)


class StationService:
    """Stations of one game, served from one asyncio loop."""

    def __init__(self, host: GameHost, tokens: TokenBook, *, command_rate: float = 10.0,
                 command_burst: float = 40.0, failure_rate: float = 0.5,
                 failure_burst: float = 20.0) -> None:
        self.host = host
        self.tokens = tokens
        self.commands = Limiter(command_rate, command_burst)
        self.failures = Limiter(failure_rate, failure_burst)
        self.timer: Timer | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self.on_presence: list[Callable[[dict[str, Presence]], None]] = []
        self._connections: set[Connection] = set()
        self._logs: dict[str, VisibleLog] = {}
        self._states: dict[str, tuple[tuple[Any, ...], str]] = {}
        self._acks: dict[str, OrderedDict[str, dict[str, Any]]] = {}
        self._inflight: dict[tuple[str, str], asyncio.Future[dict[str, Any]]] = {}
        self._presence: dict[str, Presence] = {}
        self._pending = False
        self._lock = threading.Lock()
        host.subscribe(self.notify)

    # ------------------------------------------------------------------ access

    def admit(self, token: str, address: str) -> str | None:
        """The actor a token admits; None (and one strike for the address) otherwise.

        An address with too many failed tokens is refused even a right one for a while.
        """
        actor = self.tokens.actor_for(token)
        if actor is None:
            self.failures.allow(address)
            return None
        return actor

    def blocked(self, address: str) -> bool:
        """True if the address has failed too often lately (it may not even try)."""
        return self.failures.exhausted(address)

    # ------------------------------------------------------------------ views

    def snapshot(self, actor: str) -> dict[str, Any]:
        """A team's whole view (state and log), for the JSON API."""
        frame = self.host.frame()
        cache, chain = self._visible_log(actor), frame.record.entries
        sealed = cache.sealed(chain, frame.record.state.turn)
        return {"state": team_state(frame, actor, sealed, self.timer),
                "log": list(cache.entries(chain))}

    def _visible_log(self, actor: str) -> VisibleLog:
        with self._lock:
            cache = self._logs.get(actor)
            if cache is None:
                cache = self._logs[actor] = VisibleLog(actor)
            return cache

    def notify(self) -> None:
        """The game changed (any thread): push fresh views to every station soon."""
        loop = self.loop
        if loop is None or loop.is_closed():
            return
        with contextlib.suppress(RuntimeError):  # the loop is closing
            loop.call_soon_threadsafe(self._schedule_push)

    def _schedule_push(self) -> None:
        if not self._pending:
            self._pending = True
            asyncio.get_running_loop().call_soon(self._push_all)

    def _push_all(self) -> None:
        self._pending = False
        frame = self.host.frame()
        by_actor: dict[str, list[Connection]] = {}
        for conn in self._connections:
            by_actor.setdefault(conn.actor, []).append(conn)
        for actor, conns in by_actor.items():
            view = self._view_of(actor, frame)
            for conn in conns:
                self._push(conn, *view)

    def _view_of(self, actor: str, frame: Frame
                 ) -> tuple[tuple[dict[str, Any], ...], tuple[str, ...], str]:
        """A team's log (as data and as JSON texts) and its state as JSON."""
        cache, chain, record = self._visible_log(actor), frame.record.entries, frame.record
        entries, texts = cache.entries(chain), cache.texts(chain)
        sealed = cache.sealed(chain, record.state.turn)
        # the state part changes only with the state, the sheets, who sealed or the timer
        # (not with a message or a note): build and serialise it again only then
        key = (record.state, record.sheets, tuple(sealed), self.timer)
        kept = self._states.get(actor)
        if kept is not None and all(a is b or a == b for a, b in zip(kept[0], key,
                                                                      strict=True)):
            return entries, texts, kept[1]
        state = team_state(frame, actor, sealed, self.timer)
        state_json = json.dumps(state, ensure_ascii=False, separators=(",", ":"),
                                sort_keys=True)
        self._states[actor] = (key, state_json)
        return entries, texts, state_json

    @staticmethod
    def _push(conn: Connection, entries: tuple[dict[str, Any], ...], texts: tuple[str, ...],
              state_json: str) -> None:
        """Queue what the station lacks: the new log entries (or the whole log) and the
        state if it changed; nothing if it has it all."""
        old = conn.log
        if len(old) <= len(entries) and (not old or entries[len(old) - 1] is old[-1]):
            start = len(old)
            if start == len(entries) and state_json == conn.state_json:
                return
        else:
            start = 0
        parts = [f'{{"type":"update","log_from":{start},"log":[', ",".join(texts[start:]), "]"]
        if state_json != conn.state_json:
            parts += [',"state":', state_json]
        parts.append(f',"sent":{time.time()!r}}}')
        conn.log, conn.state_json = entries, state_json
        conn.send_text("".join(parts))

    # ------------------------------------------------------------------ connections

    def connect(self, conn: Connection) -> None:
        self._connections.add(conn)
        self._presence_changed(conn.actor)
        self._push(conn, *self._view_of(conn.actor, self.host.frame()))

    def disconnect(self, conn: Connection) -> None:
        if conn in self._connections:
            self._connections.discard(conn)
            self._presence_changed(conn.actor)

    def drop(self, actor: str) -> None:
        """Close every station of ``actor`` (its token was revoked or reissued)."""
        for conn in [c for c in self._connections if c.actor == actor]:
            conn.revoked = True
            conn.close()

    def presence(self) -> dict[str, Presence]:
        return dict(self._presence)

    def _presence_changed(self, actor: str) -> None:
        count = sum(1 for c in self._connections if c.actor == actor)
        self._presence[actor] = Presence(actor, count, time.time())
        snapshot = dict(self._presence)
        for callback in list(self.on_presence):
            try:
                callback(snapshot)
            except Exception:  # a broken listener must not break the stations
                log.exception("presence listener failed")

    # ------------------------------------------------------------------ timer

    def set_timer(self, seconds: float | None, warning: float = 60.0) -> None:
        """Start a countdown of ``seconds`` (None clears it) and tell every station."""
        self.timer = None if seconds is None else Timer(time.time() + seconds, warning)
        self.notify()

    # ------------------------------------------------------------------ commands

    async def submit(self, actor: str, payload: Any) -> dict[str, Any]:
        """Check, authorise and run a command a station sent; its acknowledgement."""
        if not isinstance(payload, dict):
            return {"type": "ack", "id": None, "ok": False,
                    "error": "a command is a JSON object"}
        ident = payload.get("id")
        ident = str(ident)[:100] if ident is not None else None
        if ident is None:
            return await self._run(actor, None, payload)
        acks = self._acks.setdefault(actor, OrderedDict())
        if ident in acks:
            return acks[ident]
        key = (actor, ident)
        running = self._inflight.get(key)
        if running is not None:  # the same command resent while it runs
            return await asyncio.shield(running)
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._inflight[key] = future
        try:
            ack = await self._run(actor, ident, payload)
            if ack["ok"] or not ack.get("retry"):
                acks[ident] = ack
                while len(acks) > REMEMBERED_IDS:
                    acks.popitem(last=False)
            future.set_result(ack)
            return ack
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # retrieved: a resend may never come to read it
            raise
        finally:
            del self._inflight[key]

    async def _run(self, actor: str, ident: str | None, payload: dict[str, Any]
                   ) -> dict[str, Any]:
        if not self.commands.allow(actor):
            return {"type": "ack", "id": ident, "ok": False, "retry": True,
                    "error": "too many commands at once: wait a moment"}
        name, args = payload.get("cmd"), payload.get("args", {})
        try:
            if not isinstance(name, str) or not isinstance(args, dict):
                raise WargameError("a command needs 'cmd' (a name) and 'args' (an object)")
            command = authorise(self.host.frame(), actor, name, args)
            # no time limit: the owner thread is this process, and a command given up on
            # here could still be applied there (a resend would then apply it twice)
            seq = await asyncio.wrap_future(self.host.execute(command))
            return {"type": "ack", "id": ident, "ok": True, "seq": seq}
        except WargameError as exc:
            return {"type": "ack", "id": ident, "ok": False, "error": str(exc)}

