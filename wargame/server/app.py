"""The station web application (Starlette): everything lives under the team's token.

``/s/<token>/`` is the station page, ``app.js`` and ``app.css`` beside it, then
``api/state`` (the team's view, JSON), ``api/map`` (the theatre map's public geometry,
:mod:`wargame.server.station_map`), ``api/command`` (POST a command) and
``ws`` (the live websocket). Any other path, and any path with a token that is not
valid now, gets the same bare 404, so a wrong token learns nothing; an address
that keeps trying wrong tokens gets 429 for a while. Responses are never cached
and send no referrer (the token is in the address).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from importlib import resources
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

from wargame.server.service import MAX_MESSAGE_BYTES, Connection, StationService
from wargame.server.station_map import station_map

STATIC = {"": ("index.html", "text/html; charset=utf-8"),
          "app.js": ("app.js", "text/javascript; charset=utf-8"),
          "app.css": ("app.css", "text/css; charset=utf-8")}
HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": ("default-src 'none'; script-src 'self'; style-src 'self'; "
                                "img-src 'self' data:; connect-src 'self'; "
                                "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"),
}
CLOSE_REVOKED = 4401
"""Websocket close code: the token is no longer valid (revoked or reissued)."""


def _static(name: str) -> bytes:
    return resources.files("wargame.server").joinpath("static", name).read_bytes()


def _not_found() -> Response:
    return PlainTextResponse("Not found", status_code=404, headers=HEADERS)


def _address(scope_client: Any) -> str:
    return str(scope_client[0]) if scope_client else "?"


def build_app(service: StationService) -> Starlette:
    """The application serving ``service``'s stations."""
    pages = {path: (_static(name), kind) for path, (name, kind) in STATIC.items()}

    def team(request: Request) -> str | Response:
        address = _address(request.client)
        if service.blocked(address):
            return PlainTextResponse("Too many tries", status_code=429, headers=HEADERS)
        actor = service.admit(str(request.path_params["token"]), address)
        return _not_found() if actor is None else actor

    async def page(request: Request) -> Response:
        actor = team(request)
        if isinstance(actor, Response):
            return actor
        body, kind = pages.get(str(request.path_params.get("file", "")), (b"", ""))
        if not kind:
            return _not_found()
        return Response(body, media_type=kind, headers=HEADERS)

    async def state(request: Request) -> Response:
        actor = team(request)
        if isinstance(actor, Response):
            return actor
        return JSONResponse(service.snapshot(actor), headers=HEADERS)

    async def theatre(request: Request) -> Response:
        actor = team(request)
        if isinstance(actor, Response):
            return actor
        return JSONResponse(station_map(service.host.frame().scenario), headers=HEADERS)

    async def command(request: Request) -> Response:
        actor = team(request)
        if isinstance(actor, Response):
            return actor
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_MESSAGE_BYTES:
                return JSONResponse({"ok": False, "error": "the command is too large"},
                                    status_code=413, headers=HEADERS)
        try:
            payload = json.loads(body)
        except ValueError:
            return JSONResponse({"ok": False, "error": "the command is not JSON"},
                                status_code=400, headers=HEADERS)
        ack = await service.submit(actor, payload)
        return JSONResponse(ack, status_code=200 if ack["ok"] else 422, headers=HEADERS)

    async def socket(websocket: WebSocket) -> None:
        address = _address(websocket.client)
        actor = None if service.blocked(address) else service.admit(
            str(websocket.path_params["token"]), address)
        if actor is None:
            await websocket.close(code=1008)  # before accept: the handshake is refused
            return
        await websocket.accept()
        conn = Connection(actor)
        service.connect(conn)
        writer = _start_writer(websocket, conn)
        try:
            while True:
                text = await websocket.receive_text()
                if service.tokens.actor_for(str(websocket.path_params["token"])) != actor:
                    break
                try:
                    payload = json.loads(text)
                except ValueError:
                    conn.send({"type": "ack", "id": None, "ok": False,
                               "error": "the command is not JSON"})
                    continue
                if isinstance(payload, dict) and payload.get("type") == "ping":
                    conn.send({"type": "pong"})
                    continue
                conn.send(await service.submit(actor, payload))
        except (WebSocketDisconnect, RuntimeError):
            pass
        finally:
            service.disconnect(conn)
            conn.close()
            await writer

    routes = [
        Route("/s/{token}/", page),
        Route("/s/{token}/{file:str}", page),
        Route("/s/{token}/api/state", state),
        Route("/s/{token}/api/map", theatre),
        Route("/s/{token}/api/command", command, methods=["POST"]),
        WebSocketRoute("/s/{token}/ws", socket),
    ]

    async def missing(request: Request, exc: Exception) -> Response:
        return _not_found()

    return Starlette(routes=routes, exception_handlers={404: missing, 405: missing})


def _start_writer(websocket: WebSocket, conn: Connection) -> asyncio.Task[None]:
    """A task sending the connection's queued texts until it is closed."""

    async def write() -> None:
        try:
            while True:
                text = await conn.queue.get()
                if text is None:
                    break
                await websocket.send_text(text)
        except (WebSocketDisconnect, RuntimeError, OSError):
            pass
        finally:
            with contextlib.suppress(WebSocketDisconnect, RuntimeError, OSError):
                await websocket.close(code=CLOSE_REVOKED if conn.revoked else 1000)

    return asyncio.ensure_future(write())
