"""The station server on loopback over a real session: tokens, seats, phases, commands,
pushes, presence, the timer, revocation and reconnection."""

from __future__ import annotations

import io
import json
import logging
import math
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus

from tests.stations.conftest import Served, Station, http, make_game
from wargame.journal import read_journal
from wargame.orders import OrderSheet
from wargame.server.console import serve
from wargame.server.host import SessionHost
from wargame.server.runner import ServerError, StationServer
from wargame.server.tokens import TOKEN_BYTES, TokenBook

SHEET_PAK = {"actor": "PAK", "orders": [{"actor": "PAK", "move": "demarche", "target": "IND",
                                         "rationale": "make our point"}]}


def _base(served: Served) -> str:
    return f"http://127.0.0.1:{served.server.port}"


def test_tokens_are_long_random_and_distinct() -> None:
    book = TokenBook(["A", "B"])
    a, b = book.token("A"), book.token("B")
    assert a and b and a != b
    assert len(a) >= 32 and TOKEN_BYTES * 8 >= 128
    assert book.actor_for(a) == "A" and book.actor_for(a + "x") is None
    assert a not in repr(book)
    old = a
    assert book.reissue("A") != old and book.actor_for(old) is None


def test_a_wrong_token_or_path_gets_a_bare_404(served: Served) -> None:
    base = _base(served)
    good = served.url("PAK")
    wrong = good.replace(served.server.tokens.token("PAK") or "", "x" * 32)
    for url in (base + "/", base + "/s/", wrong, wrong + "app.js", wrong + "api/state",
                base + "/app.js", good + "nothing"):
        status, _, body = http(url)
        assert (status, body) == (404, b"Not found"), url
    status, _, body = http(wrong + "api/command", {"cmd": "note", "args": {"text": "x"}})
    assert (status, body) == (404, b"Not found")
    with pytest.raises(InvalidStatus):
        Station(wrong.replace("http://", "ws://") + "ws")
    assert served.session.commands == []


def test_the_page_and_its_files_come_with_strict_headers(served: Served) -> None:
    status, headers, body = http(served.url("PAK"))
    assert status == 200 and b"<script src=\"app.js\">" in body
    assert headers["cache-control"] == "no-store"
    assert headers["referrer-policy"] == "no-referrer"
    assert "default-src 'none'" in headers["content-security-policy"]
    for name, kind in (("app.js", "text/javascript"), ("app.css", "text/css")):
        status, headers, body = http(served.url("PAK") + name)
        assert status == 200 and headers["content-type"].startswith(kind) and body
    # Nothing fetched from elsewhere: no address but the SVG namespace (a name, not a fetch).
    script = http(served.url("PAK") + "app.js")[2]
    namespace = b'"http://www.w3.org/2000/svg"'
    assert b"http" not in script.replace(b"https:", b"").replace(namespace, b"")


def test_a_station_seals_orders_and_every_station_updates(served: Served) -> None:
    pak, ind = Station(served.ws_url("PAK")), Station(served.ws_url("IND"))
    pak.until(lambda s: bool(s.state))
    ind.until(lambda s: bool(s.state))
    assert pak.state["me"] == {"id": "PAK", "name": "Pakistan", "team": "Team PAK",
                               "playable": True, "observer": False}
    assert pak.state["open"] and pak.state["menu"] and pak.state["sheet"] is None
    ack = pak.command("c1", "submit_orders", {"sheet": SHEET_PAK})
    assert ack["ok"] and ack["seq"] == 1
    assert served.session.sheets["PAK"].orders[0].rationale == "make our point"
    pak.until(lambda s: s.state["sheet"] is not None)
    assert pak.state["sheet"]["orders"][0]["move"] == "demarche"
    ind.until(lambda s: "PAK" in s.state["sealed"])
    assert ind.state["sheet"] is None
    assert "make our point" not in "".join(ind.raw)
    served.host.run(lambda s: (s.fill_computer_orders(), s.end_turn()))
    for station in (pak, ind):
        station.until(lambda s: s.state["turn"] == 2)
        assert station.state["sealed"] == [] and station.state["sheet"] is None
    pak.close()
    ind.close()


@pytest.mark.parametrize(("cmd", "args", "problem"), [
    ("submit_orders", {"sheet": {"actor": "IND", "orders": []}}, "another team's seat"),
    ("submit_orders", {"sheet": {"actor": "PAK", "orders": [
        {"actor": "PAK", "move": "nuclear_alert", "target": "IND"}]}}, "nuclear"),
    ("message", {"sender": "IND", "recipient": "PAK", "text": "forged"}, "own seat"),
    ("note", {"text": "x", "actor": "IND"}, "own team's notes"),
    ("rule", {"ruling": {"key": "PAK#0", "kind": "accept"}}, "cannot send 'rule'"),
    ("end_turn", {"turn": 1}, "cannot send 'end_turn'"),
    ("undo", {"undoes": 1}, "cannot send 'undo'"),
    ("submit_orders", {}, "its arguments lack 'sheet'"),
])
def test_what_a_seat_may_not_do_is_refused(served: Served, cmd: str, args: dict[str, Any],
                                           problem: str) -> None:
    status, _, body = http(served.url("PAK") + "api/command",
                           {"id": "x", "cmd": cmd, "args": args})
    ack = json.loads(body)
    assert status == 422 and not ack["ok"]
    assert problem.lower() in ack["error"].lower()
    assert served.session.commands == []


def test_computer_seats_and_closed_turns_are_refused(tmp_path: Path) -> None:
    session = make_game(tmp_path / "g.wgsave", teams=("PAK", "IND"))
    host = SessionHost(session)
    server = StationServer(host, actors=["PAK", "TAL"], port=0)
    server.start()
    try:
        link = server.link("TAL")
        assert link is not None
        ack = json.loads(http(link + "api/command", {"cmd": "submit_orders", "args": {
            "sheet": {"actor": "TAL", "orders": []}}})[2])
        assert "not played by a team" in ack["error"]
        while not session.ended:
            host.run(lambda s: (s.fill_computer_orders(), s.end_turn()))
        ack = json.loads(http(server.link("PAK") + "api/command", {  # type: ignore[operator]
            "cmd": "submit_orders", "args": {"sheet": {"actor": "PAK", "orders": []}}})[2])
        assert "orders are not open" in ack["error"]
    finally:
        server.stop()
        session.close()


def test_a_resent_command_is_applied_once(served: Served) -> None:
    pak = Station(served.ws_url("PAK"))
    first = pak.command("same", "message", {"sender": "PAK", "recipient": "IND", "text": "hi"})
    pak.acks.clear()
    again = pak.command("same", "message", {"sender": "PAK", "recipient": "IND", "text": "hi"})
    assert first == again
    _, _, body = http(served.url("PAK") + "api/command", {
        "id": "same", "cmd": "message", "args": {"sender": "PAK", "recipient": "IND",
                                                 "text": "hi"}})
    assert json.loads(body) == first
    assert len(served.session.messages) == 1
    pak.close()


def test_messages_reach_their_recipient_and_no_one_else(served: Served) -> None:
    pak, ind, tal = (Station(served.ws_url(a)) for a in ("PAK", "IND", "TAL"))
    ack = pak.command("m1", "message", {"sender": "PAK", "recipient": "IND",
                                        "text": "Talks at heron-lantern tomorrow?"})
    assert ack["ok"]
    ind.until(lambda s: any(e["kind"] == "message" for e in s.log))
    assert ind.log[-1]["data"]["text"] == "Talks at heron-lantern tomorrow?"
    rfi = tal.command("m2", "message", {"sender": "TAL", "recipient": "white_cell",
                                        "text": "Who holds zebra-quill?"})
    assert rfi["ok"]
    tal.until(lambda s: any(e["kind"] == "message" for e in s.log))
    time.sleep(0.2)
    for station in (pak, ind, tal):
        while True:
            try:
                station.receive(timeout=0.2)
            except TimeoutError:
                break
    assert "heron-lantern" not in "".join(tal.raw)
    assert "zebra-quill" not in "".join(pak.raw) + "".join(ind.raw)
    assert [m.is_request for m in served.session.messages] == [False, True]
    for station in (pak, ind, tal):
        station.close()


def test_a_station_writes_its_own_notes_as_its_team(served: Served) -> None:
    status, _, body = http(served.url("IND") + "api/command",
                           {"cmd": "note", "args": {"text": "watch the LoC", "actor": "IND",
                                                    "author": "someone else"}})
    assert status == 200 and json.loads(body)["ok"]
    note = served.session.notes[-1]
    assert (note.actor, note.author, note.text) == ("IND", "Team IND", "watch the LoC")
    state = json.loads(http(served.url("IND") + "api/state")[2])
    assert any(e["kind"] == "note" and "watch the LoC" in e["text"] for e in state["log"])
    other = json.loads(http(served.url("PAK") + "api/state")[2])
    assert "watch the LoC" not in json.dumps(other)


def test_revoking_closes_stations_and_reissuing_gives_a_new_link(served: Served) -> None:
    old_url = served.ws_url("PAK")
    old_http = served.url("PAK")
    pak = Station(old_url)
    pak.until(lambda s: bool(s.state))
    served.server.revoke("PAK")
    with pytest.raises(ConnectionClosed) as closed:
        pak.until(lambda s: False, timeout=5)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4401
    assert served.server.link("PAK") is None
    assert http(old_http + "api/state")[0] == 404
    with pytest.raises(InvalidStatus):
        Station(old_url)
    new = served.server.reissue("PAK")
    assert new is not None and new != old_http
    assert http(new + "api/state")[0] == 200 and http(old_http + "api/state")[0] == 404


def test_an_address_that_keeps_guessing_is_turned_away(served: Served) -> None:
    base = _base(served)
    statuses = [http(f"{base}/s/guess{i:04d}/api/state")[0] for i in range(40)]
    assert statuses[0] == 404 and statuses[-1] == 429
    assert http(served.url("PAK") + "api/state")[0] == 429  # even a right token, for a while


def test_a_flood_of_commands_is_rate_limited(served: Served) -> None:
    from wargame.server.ratelimit import Limiter

    limits = served.server.service.commands
    assert (limits.rate, limits.burst) == (10.0, 40.0)
    served.server.service.commands = Limiter(10.0, 40.0, clock=lambda: 0.0)  # time stands
    pak = Station(served.ws_url("PAK"))
    for i in range(60):
        pak.ws.send(json.dumps({"id": f"n{i}", "cmd": "note",
                                "args": {"text": f"n{i}", "actor": "PAK"}}))
    pak.until(lambda s: len(s.acks) == 60)
    refused = [a for a in pak.acks.values() if not a["ok"]]
    assert refused and all("too many commands" in a["error"] and a["retry"] for a in refused)
    assert len(refused) == 20 and len(served.session.notes) == 40  # the burst, no more
    pak.close()


def test_presence_follows_connections(served: Served) -> None:
    seen: list[dict[str, int]] = []
    served.server.service.on_presence.append(
        lambda p: seen.append({a: x.connections for a, x in p.items()}))
    pak = Station(served.ws_url("PAK"))
    pak.until(lambda s: bool(s.state))
    assert served.server.presence()["PAK"].connections == 1
    pak.close()
    deadline = time.monotonic() + 5
    while served.server.presence()["PAK"].connections and time.monotonic() < deadline:
        time.sleep(0.02)
    assert served.server.presence()["PAK"].connections == 0
    assert seen[0] == {"PAK": 1} and seen[-1] == {"PAK": 0}


def test_the_timer_reaches_every_station(served: Served) -> None:
    pak = Station(served.ws_url("PAK"))
    pak.until(lambda s: bool(s.state))
    assert pak.state["timer"] is None
    served.server.set_timer(300, warning=30)
    pak.until(lambda s: s.state["timer"] is not None)
    assert 295 < pak.state["timer"]["deadline"] - time.time() <= 300
    assert pak.state["timer"]["warning"] == 30
    served.server.set_timer(None)
    pak.until(lambda s: s.state["timer"] is None)
    pak.close()


def test_a_station_resumes_after_the_server_restarts(tmp_path: Path) -> None:
    session = make_game(tmp_path / "g.wgsave")
    host = SessionHost(session)
    tokens = TokenBook(["PAK", "IND"])
    server = StationServer(host, port=0, tokens=tokens)
    server.start()
    port = server.port
    url = server.link("PAK").replace("http://", "ws://") + "ws"  # type: ignore[union-attr]
    pak = Station(url)
    assert pak.command("s1", "submit_orders", {"sheet": SHEET_PAK})["ok"]
    server.stop()
    with pytest.raises((ConnectionClosed, TimeoutError)):
        pak.until(lambda s: False, timeout=5)
    again = StationServer(host, port=port, tokens=tokens)
    again.start()
    try:
        back = Station(url)
        back.until(lambda s: bool(s.state))
        assert back.state["sheet"]["orders"][0]["rationale"] == "make our point"
        back.close()
    finally:
        again.stop()
        session.close()
    assert [c.name for c in read_journal(tmp_path / "g.wgsave").commands] == ["submit_orders"]


def test_tokens_stay_out_of_logs_and_saves(tmp_path: Path, caplog: pytest.LogCaptureFixture
                                           ) -> None:
    caplog.set_level(logging.DEBUG)
    session = make_game(tmp_path / "g.wgsave")
    host = SessionHost(session)
    server = StationServer(host, port=0)
    server.start()
    try:
        tokens = [server.tokens.token(a) for a in server.teams]
        pak = Station(server.link("PAK").replace("http://", "ws://") + "ws")  # type: ignore
        pak.command("a", "submit_orders", {"sheet": SHEET_PAK})
        pak.command("b", "message", {"sender": "PAK", "recipient": "IND", "text": "hello"})
        http(server.link("IND") + "api/state")  # type: ignore[operator]
        http(f"http://127.0.0.1:{server.port}/s/{'y' * 32}/")
        pak.close()
    finally:
        server.stop()
        session.close()
    saved = (tmp_path / "g.wgsave").read_text(encoding="utf-8")
    assert "hello" in saved
    server_logs = "\n".join(r.getMessage() for r in caplog.records
                             if not r.name.startswith("websockets.client"))  # our test client
    assert "GET" in caplog.text  # the client's debug log did see the paths
    for token in tokens:
        assert token and token not in saved and token not in server_logs


def test_a_busy_port_is_a_clear_error(served: Served) -> None:
    other = StationServer(served.host, port=served.server.port)
    with pytest.raises(ServerError, match=r"cannot serve team stations on 127\.0\.0\.1"):
        other.start()


def test_the_console_serves_until_quit(tmp_path: Path) -> None:
    make_game(tmp_path / "g.wgsave").close()
    out = io.StringIO()
    commands = io.StringIO("status\nlinks\ntimer 120\nrevoke PAK\nreissue XXX\nmessages\n"
                           "say TAL The crossing reopens at dawn\nmessages\nend\nbogus\nquit\n")
    seen: list[StationServer] = []
    done = threading.Event()

    def run() -> None:
        serve(tmp_path / "g.wgsave", address="127.0.0.1", port=0, teams=None, auto_end=False,
              stdin=commands, stdout=out, started=seen.append)
        done.set()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(30)
    assert done.is_set()
    text = out.getvalue()
    assert "Serving team stations" in text and text.count("/s/") >= 6
    assert "Turn 1 of 6, phase orders. Sealed: nobody." in text
    assert "PAK: link revoked" in text and "no team 'XXX' on stations" in text
    assert "no messages yet" in text
    assert "to TAL: sent" in text and "T1 White Cell -> TAL: The crossing reopens at dawn" in text
    assert "Turn 1 ended without orders from IND, PAK, TAL." in text
    assert "Turn 2 of 6" in text and "unknown command 'bogus'" in text
    names = [c.name for c in read_journal(tmp_path / "g.wgsave").commands]
    assert names == ["message", "submit_orders", "end_turn"]  # the computer's TTP orders


def _serve_process(save: Path, port: int) -> tuple[Any, dict[str, str]]:
    """``wargame serve`` in its own process; (process, links by actor) once it listens."""
    import subprocess
    import sys

    process = subprocess.Popen(
        [sys.executable, "-m", "wargame", "serve", str(save), "--port", str(port)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    links: dict[str, str] = {}
    assert process.stdout is not None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        if "/s/" in line:
            actor, link = line.strip().split(": ", 1)
            links[actor] = link
        if line.startswith("Type 'help'"):
            return process, links
    process.kill()
    raise AssertionError("wargame serve did not start")


def test_killing_the_host_mid_turn_loses_no_sealed_order(tmp_path: Path) -> None:
    save = tmp_path / "g.wgsave"
    make_game(save).close()
    process, links = _serve_process(save, 0)
    try:
        port = int(links["PAK"].split(":")[2].split("/")[0])
        _, _, body = http(links["PAK"] + "api/command",
                          {"id": "k1", "cmd": "submit_orders", "args": {"sheet": SHEET_PAK}})
        assert json.loads(body)["ok"]
        _, _, body = http(links["IND"] + "api/command", {"id": "k2", "cmd": "message", "args": {
            "sender": "IND", "recipient": "PAK", "text": "still there?"}})
        assert json.loads(body)["ok"]
    finally:
        process.kill()  # no clean shutdown: SIGKILL mid-turn
        process.wait(10)
    assert [c.name for c in read_journal(save).commands] == ["submit_orders", "message"]
    token_file = save.with_name(save.name + ".tokens")
    assert token_file.stat().st_mode & 0o777 == 0o600
    again, relinks = _serve_process(save, port)
    try:
        assert relinks == links  # the same links work again: stations reconnect by themselves
        state = json.loads(http(links["PAK"] + "api/state")[2])
        assert state["state"]["sheet"]["orders"][0]["rationale"] == "make our point"
        assert any(e["kind"] == "message" for e in state["log"])
    finally:
        assert again.stdin is not None
        again.communicate("quit\n", timeout=20)
    assert again.returncode == 0


def test_a_token_store_keeps_links_across_restarts_and_revocations(tmp_path: Path) -> None:
    store = tmp_path / "g.wgsave.tokens"
    first = TokenBook(["PAK", "IND"], store=store)
    pak = first.token("PAK")
    assert store.stat().st_mode & 0o777 == 0o600
    again = TokenBook(["PAK", "IND", "TAL"], store=store)
    assert again.token("PAK") == pak and again.token("TAL")
    again.revoke("PAK")
    assert TokenBook(["PAK"], store=store).token("PAK") not in (None, pak)
    store.write_text("not json", encoding="utf-8")
    fresh = TokenBook(["IND"], store=store)
    assert json.loads(store.read_text(encoding="utf-8")) == {"IND": fresh.token("IND")}


def test_stations_never_see_a_command_whose_write_failed(tmp_path: Path) -> None:
    """Regression: a frame read while a command is being written (or after its write
    failed and it was rolled back) is the last journalled moment, not the pending one."""
    from wargame.commands import SubmitOrders
    from wargame.errors import SaveNotWritableError
    from wargame.orders import OrderSheet

    session = make_game(tmp_path / "g.wgsave")
    host = SessionHost(session)
    before = host.frame().record
    seen_while_writing = []
    assert session.writer is not None

    def failing_append(*args: Any, **kwargs: Any) -> Any:
        seen_while_writing.append(host.frame().record)
        raise SaveNotWritableError("disk full (injected)")

    session.writer.append = failing_append  # type: ignore[method-assign]
    with pytest.raises(SaveNotWritableError):
        host.execute(SubmitOrders(OrderSheet("PAK"))).result()
    assert seen_while_writing == [before] and host.frame().record is before
    assert "PAK" not in host.frame().record.sheets
    session.close()


def test_an_observer_station_sees_the_public_view_and_sends_nothing(served: Served) -> None:
    from wargame.server.station import OBSERVER
    from wargame.views import PUBLIC, visible_entries

    served.session.message("PAK", "IND", "a private word")
    served.session.submit_orders(OrderSheet("PAK"))
    link = served.url(OBSERVER)
    snapshot = json.loads(http(link + "api/state")[2])
    assert snapshot["state"]["me"]["observer"] is True
    assert snapshot["state"]["menu"] == [] and snapshot["state"]["variables"] == {}
    assert snapshot["state"]["sealed"] == ["PAK"] and snapshot["state"]["sheet"] is None
    assert snapshot["log"] == json.loads(json.dumps(
        [e.to_dict() for e in visible_entries(PUBLIC, served.session.log)]))
    assert "private word" not in json.dumps(snapshot)
    status, _, body = http(link + "api/command", {"cmd": "message", "args": {
        "sender": "PAK", "recipient": "IND", "text": "x"}})
    assert status == 422 and "only watches" in json.loads(body)["error"]


def test_an_address_not_of_this_machine_is_a_clear_error(served: Served) -> None:
    """Regression: this used to surface as uvicorn's SystemExit with a traceback."""
    other = StationServer(served.host, address="192.0.2.1", port=0)  # TEST-NET: never ours
    with pytest.raises(ServerError, match="not an address of this computer"):
        other.start()
    assert not other.running


def test_a_bucket_refills_at_its_rate() -> None:
    from wargame.server.ratelimit import Bucket

    now = [0.0]
    bucket = Bucket(2.0, 3.0, clock=lambda: now[0])
    assert [bucket.take() for _ in range(4)] == [True, True, True, False]
    now[0] = 0.49
    assert not bucket.take()  # 0.98 of an action back: not yet
    now[0] = 0.5
    assert bucket.take() and not bucket.take()
    now[0] = 100.0
    assert [bucket.take() for _ in range(4)] == [True, True, True, False]  # capped at burst


def test_the_map_is_the_scenario_public_geometry_behind_the_token(served: Served) -> None:
    """``api/map`` serves the theatre (outlines, places, a line per rivalry) to a valid
    token only, the same for every team; what a team sees of the rungs comes in its state."""
    status, headers, body = http(served.url("PAK") + "api/map")
    assert status == 200 and headers["cache-control"] == "no-store"
    theatre = json.loads(body)
    assert body == http(served.url("IND") + "api/map")[2]
    wrong = served.url("PAK").replace(served.server.tokens.token("PAK") or "", "x" * 32)
    assert http(wrong + "api/map")[0] == 404
    scenario = served.session.scenario
    lon0, lat0, lon1, lat1 = scenario.map.frame or (0, 0, 0, 0)
    assert theatre["width"] == 1000.0
    # Hand-computed projection: x = (lon - lon0) cos(mid-lat) * s, y = (lat1 - lat) * s,
    # with s = 1000 / ((lon1 - lon0) cos(mid-lat)).
    k = math.cos(math.radians((lat0 + lat1) / 2))
    s = 1000 / ((lon1 - lon0) * k)
    assert theatre["height"] == pytest.approx((lat1 - lat0) * s, abs=0.1)
    kabul = next(mk for mk in theatre["markers"] if mk["id"] == "kabul")
    assert kabul["at"] == pytest.approx([(69.17 - lon0) * k * s, (lat1 - 34.53) * s], abs=0.1)
    placed = {a.id for a in scenario.actors if a.location is not None}
    expected = {r.id for r in scenario.rivalries if set(r.sides) <= placed}
    assert {k["rivalry"] for k in theatre["links"]} == expected and expected
    assert {r["id"] for r in theatre["regions"]} >= {"AFG", "PAK", "IND"}
    state = json.loads(http(served.url("PAK") + "api/state")[2])["state"]
    assert all(ladder["overt_force"] == 5 for ladder in state["ladders"])
