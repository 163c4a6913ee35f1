"""Load test of team stations on loopback (bounded in count and time).

``wargame serve`` in its own process (the facilitator's) with 8 team seats of the
Afghanistan scenario, each with a station in this process, plus 4 observer
stations (the public view: connected, never sending); every team
sends messages and notes (and re-seals its orders now and then) for a total of
about ``--rate`` commands a second; ``--storms`` times, evenly spread, all 12
connections drop at once and reconnect, resending what was not acknowledged
with the same ids; the White Cell resolves ``--turns`` turns during the run.

Reported: commands sent, acknowledged, applied (counted in the save), lost and
duplicated (each command carries a unique marker that must appear exactly once
in the game), and the latency from a message's sending to the moment its
recipient's station holds it (p50, p99, max), over all messages and over those
whose recipient stayed connected (a message to a station that a storm dropped
waits for its reconnection).

Run: ``.venv/bin/python benchmarks/stations_load.py --seconds 20 --rate 50 --storms 20``
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from wargame.scenario.loader import load_scenario, resolve_scenario_path
from wargame.session import Seat, SeatKind, Session

TEAMS = ("USA", "RUS", "CHN", "PAK", "IND", "IRN", "TAL", "TTP")
OBSERVERS = 4
"""Observer stations (the public view, read-only)."""


@dataclass
class Client:
    actor: str
    url: str
    sends: bool
    ws: ClientConnection | None = None
    log: list[dict[str, Any]] = field(default_factory=list)
    pending: dict[str, dict[str, Any]] = field(default_factory=dict)
    acked: dict[str, bool] = field(default_factory=dict)
    seen: dict[str, tuple[float, float]] = field(default_factory=dict)
    """Marker -> (when this station first held the message, since when it was connected)."""
    connected_since: float = 0.0
    reconnects: int = 0

    async def open(self) -> None:
        while True:
            try:
                self.ws = await connect(self.url, open_timeout=10, max_size=2**24)
                self.connected_since = time.perf_counter()
                break
            except (OSError, InvalidStatus, TimeoutError):
                await asyncio.sleep(0.05)
        for ident, command in list(self.pending.items()):  # resend what was not acknowledged
            await self.ws.send(json.dumps({"id": ident, **command}))

    async def send(self, ident: str, command: dict[str, Any]) -> None:
        self.pending[ident] = command
        if self.ws is not None:
            with contextlib.suppress(ConnectionClosed):  # resent on reconnect
                await self.ws.send(json.dumps({"id": ident, **command}))

    async def read(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            if self.ws is None:
                await asyncio.sleep(0.01)
                continue
            try:
                text = await self.ws.recv()
            except ConnectionClosed:
                if stop.is_set():
                    break
                self.reconnects += 1
                await self.open()
                continue
            now = time.perf_counter()
            message = json.loads(text)
            if message["type"] == "update":
                self.log = self.log[:message["log_from"]] + message["log"]
                for entry in message["log"]:
                    if entry["kind"] == "message":
                        self.seen.setdefault(entry["data"]["text"],
                                             (now, self.connected_since))
            elif message["type"] == "ack" and message["id"] in self.pending:
                if message["ok"]:
                    del self.pending[message["id"]]
                    self.acked[message["id"]] = True
                elif message.get("retry"):
                    ident = message["id"]
                    command = self.pending[ident]
                    asyncio.get_running_loop().call_later(
                        0.2, lambda i=ident, c=command: asyncio.ensure_future(self.send(i, c)))
                else:
                    raise AssertionError(f"refused: {message['error']}")

    async def drop(self) -> None:
        if self.ws is not None:
            await self.ws.close()


def _start_server(save: Path) -> tuple[subprocess.Popen[str], dict[str, str]]:
    """``wargame serve`` in its own process (the facilitator's), and its links."""
    process = subprocess.Popen([sys.executable, "-m", "wargame", "serve", str(save),
                                "--port", "0"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               text=True)
    assert process.stdout is not None
    links = {}
    for line in process.stdout:
        if "/s/" in line:
            actor, link = line.strip().split(": ", 1)
            links[actor] = link.replace("http://", "ws://") + "ws"
        if line.startswith("Type 'help'"):
            return process, links
    raise RuntimeError("wargame serve did not start")


def _console(process: subprocess.Popen[str], line: str) -> str:
    """Send a console command and wait for its answer (one line of status)."""
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(line + "\n")
    process.stdin.flush()
    return process.stdout.readline()


async def run(seconds: float, rate: float, storms: int, turns: int = 2) -> dict[str, Any]:
    scenario = load_scenario(resolve_scenario_path("afghanistan-2022"))
    folder = Path(tempfile.mkdtemp(prefix="stations-load-"))
    save = folder / "load.wgsave"
    Session.create(scenario, seed=11, path=save,
                   seats={a: Seat(SeatKind.HUMAN, f"Team {a}") for a in TEAMS}).close()
    process, links = _start_server(save)
    clients = [Client(a, links[a], True) for a in TEAMS]
    clients += [Client("public", links["observers (public view)"], False)
                for _ in range(OBSERVERS)]
    for client in clients:
        await client.open()
    stop = asyncio.Event()
    readers = [asyncio.ensure_future(c.read(stop)) for c in clients]
    sent_at: dict[str, tuple[float, str]] = {}
    rng = random.Random(3)
    senders = [c for c in clients if c.sends]
    counter = 0
    start = time.perf_counter()
    storm_every = seconds / (storms + 1)
    next_storm, storms_done, turns_done = start + storm_every, 0, 0
    loop = asyncio.get_running_loop()
    while time.perf_counter() - start < seconds:
        counter += 1
        client = senders[counter % len(senders)]
        marker = f"m{counter:06d}"
        roll = rng.random()
        if roll < 0.7:
            recipient = rng.choice([t for t in TEAMS if t != client.actor])
            command = {"cmd": "message", "args": {"sender": client.actor,
                                                  "recipient": recipient, "text": marker}}
            sent_at[marker] = (time.perf_counter(), recipient)
        elif roll < 0.95:
            command = {"cmd": "note", "args": {"text": marker, "actor": client.actor}}
        else:
            command = {"cmd": "submit_orders", "args": {"sheet": {
                "actor": client.actor, "orders": []}}}
        await client.send(marker, command)
        now = time.perf_counter()
        if now >= next_storm and storms_done < storms:
            storms_done += 1
            next_storm += storm_every
            await asyncio.gather(*(c.drop() for c in clients))
        if turns_done < turns and now - start > seconds * (turns_done + 1) / (turns + 1):
            turns_done += 1
            await loop.run_in_executor(None, _console, process, "end")
        await asyncio.sleep(max(0.0, start + counter / rate - time.perf_counter()))
    deadline = time.perf_counter() + 30
    while any(c.pending for c in clients) and time.perf_counter() < deadline:
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.5)  # the last updates
    stop.set()
    for client in clients:
        await client.drop()
    for reader in readers:
        reader.cancel()
    assert process.stdin is not None
    process.communicate("quit\n", timeout=30)

    reopened = Session.open(save, readonly=True)
    texts = [m.text for m in reopened.messages] + [n.text for n in reopened.notes]
    sealed = sum(1 for c in reopened.commands  # the computer seats' orders are not counted
                 if c.name == "submit_orders" and c.args["sheet"]["actor"] in TEAMS)
    markers_sent = counter
    applied = len(texts) + sealed
    by_actor = {c.actor: c for c in senders}
    latencies, online = [], []
    for marker, (at, recipient) in sent_at.items():
        seen = by_actor[recipient].seen.get(marker)
        if seen is not None:
            latencies.append((seen[0] - at) * 1000)
            if seen[1] <= at:  # the recipient was connected all along
                online.append((seen[0] - at) * 1000)
    latencies.sort()
    online.sort()
    return {
        "seconds": seconds, "connections": len(clients), "commands_sent": markers_sent,
        "acknowledged": sum(len(c.acked) for c in clients),
        "applied": applied, "lost": markers_sent - applied,
        "duplicated": len(texts) - len(set(texts)),
        "unacknowledged": sum(len(c.pending) for c in clients),
        "reconnect_storms": storms_done, "reconnects": sum(c.reconnects for c in clients),
        "turns_resolved": turns_done,
        "messages_delivered": len(latencies), "messages_sent": len(sent_at),
        "latency_ms_p50": round(statistics.median(latencies), 1) if latencies else None,
        "latency_ms_p99": round(latencies[int(len(latencies) * 0.99) - 1], 1)
        if latencies else None,
        "latency_ms_max": round(latencies[-1], 1) if latencies else None,
        "delivered_while_connected": len(online),
        "connected_latency_ms_p50": _percentile(online, 0.5),
        "connected_latency_ms_p99": _percentile(online, 0.99),
        "connected_latency_ms_max": _percentile(online, 1.0),
    }


def _percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    return round(values[max(0, int(len(values) * share + 0.5) - 1)], 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--rate", type=float, default=50.0, help="commands per second")
    parser.add_argument("--storms", type=int, default=20)
    parser.add_argument("--turns", type=int, default=2, help="turns the White Cell resolves")
    args = parser.parse_args()
    figures = asyncio.run(run(min(args.seconds, 300.0), args.rate, args.storms,
                              min(args.turns, 10)))
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
