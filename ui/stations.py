"""The facilitator's app as host of team stations.

:class:`QtGameHost` is the :class:`wargame.server.host.GameHost` of the app: the
station server (a background thread) asks for commands through a queued signal,
so every command runs on the GUI thread through the live session (the app stays
the only writer of the journal), and the controller's views refresh as after any
command. Presence reports come back the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future

from PySide6.QtCore import QObject, Qt, Signal

from ui.controller import Controller
from wargame.commands import SessionCommand
from wargame.errors import CommandError, WargameError
from wargame.journal import Command
from wargame.server.host import Frame, frame_of, warm_up
from wargame.server.runner import StationServer, token_store_for
from wargame.server.service import Presence
from wargame.session import Session


class QtGameHost(QObject):
    """Runs station commands on the GUI thread, on the session open when it was made."""

    _requested = Signal(object, object)
    presence_changed = Signal(object)
    """dict[str, Presence], emitted on the GUI thread."""

    def __init__(self, controller: Controller, parent: QObject | None = None) -> None:
        super().__init__(parent)
        assert controller.session is not None
        self.controller = controller
        self.session: Session = controller.session
        self._callbacks: list[Callable[[], None]] = []
        self._pending: set[Future[int]] = set()
        self._detached = False
        self._frame = frame_of(self.session)
        self._requested.connect(self._run, Qt.ConnectionType.QueuedConnection)
        self.session.listeners.append(self._changed)

    def frame(self) -> Frame:
        """The last committed moment of the game (read from the server's thread)."""
        return self._frame

    def execute(self, command: SessionCommand) -> Future[int]:
        future: Future[int] = Future()
        if self._detached:
            future.set_exception(CommandError("the facilitator has stopped the stations"))
            return future
        self._pending.add(future)
        self._requested.emit(command, future)
        return future

    def subscribe(self, callback: Callable[[], None]) -> None:
        self._callbacks.append(callback)

    def report_presence(self, presence: dict[str, Presence]) -> None:
        """From the server thread: hand presence to the GUI thread."""
        self.presence_changed.emit(presence)

    def detach(self) -> None:
        """Stop listening to the session and refuse what is still waiting (stations stop)."""
        self._detached = True
        if self._changed in self.session.listeners:
            self.session.listeners.remove(self._changed)
        for future in list(self._pending):
            if not future.done():
                future.set_exception(CommandError("the facilitator has stopped the stations"))
        self._pending.clear()

    def _changed(self, command: Command) -> None:
        self._frame = frame_of(self.session)  # journalled: stations may see it now
        for callback in list(self._callbacks):
            callback()

    def _run(self, command: SessionCommand, future: Future[int]) -> None:
        self._pending.discard(future)
        if future.done():  # refused when the stations stopped
            return
        if self.controller.session is not self.session:
            future.set_exception(CommandError("the facilitator has closed this game"))
            return
        try:
            done = self.session.execute(command)
        except WargameError as exc:
            future.set_exception(exc)
            return
        except Exception as exc:  # never leave a station waiting on a broken command
            future.set_exception(CommandError(f"{type(exc).__name__}: {exc}"))
            return
        future.set_result(done.seq)
        self.controller.command_done.emit(done)
        self.controller.state_changed.emit()


def start_stations(controller: Controller, address: str, port: int,
                   parent: QObject | None = None) -> tuple[StationServer, QtGameHost]:
    """Serve the open game's team seats; raises WargameError if that cannot be done."""
    if controller.session is None:
        raise CommandError("open a game first")
    warm_up(controller.session)
    host = QtGameHost(controller, parent)
    server = StationServer(host, address=address, port=port,
                           token_store=token_store_for(controller.session.path))
    if not server.teams:
        host.detach()
        host.deleteLater()
        raise CommandError("no seat of this game is played by a human team: start a game with "
                           "team seats to play it from stations")
    server.service.on_presence.append(host.report_presence)
    try:
        server.start()
    except WargameError:
        host.detach()
        host.deleteLater()
        raise
    return server, host
