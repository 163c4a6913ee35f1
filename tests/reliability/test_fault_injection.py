"""Fault injection for the journal: ENOSPC, EIO and EACCES at each write and each fsync.

A test double of the file layer (:class:`wargame.journal.FileLayer`) fails one
chosen call. After it: no acknowledged command is lost, no unacknowledged one is
kept, the file loads without a torn line, later commands are refused (even once
the disk would accept writes again), and ``save_copy`` carries the game on
elsewhere.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from wargame import journal
from wargame.errors import SaveNotWritableError
from wargame.journal import FileLayer, read_journal
from wargame.orders import Inject
from wargame.scenario.models import Scenario
from wargame.session import Seat, Session


class FaultyFiles(FileLayer):
    """Fails the ``at``-th call of ``op`` (``write`` or ``fsync``) with ``code``.

    A failing write first writes half of its bytes, as a disk that fills up in the
    middle of a line does. ``heal`` makes every later call succeed again (space
    was freed); ``truncate_fails`` makes the clean-up after the failure fail too.
    """

    def __init__(self, op: str, at: int, code: int, *, truncate_fails: bool = False) -> None:
        self.op, self.at, self.code = op, at, code
        self.truncate_fails = truncate_fails
        self.calls = {"write": 0, "fsync": 0}
        self.failed = False

    def _maybe_fail(self, op: str) -> None:
        self.calls[op] += 1
        if op == self.op and self.calls[op] == self.at and not self.failed:
            self.failed = True
            raise OSError(self.code, os.strerror(self.code))

    def write(self, fd: int, data: bytes | memoryview) -> int:
        if self.op == "write" and self.calls["write"] + 1 == self.at and not self.failed:
            os.write(fd, bytes(data[: len(data) // 2]))
        self._maybe_fail("write")
        return super().write(fd, data)

    def fsync(self, fd: int) -> None:
        self._maybe_fail("fsync")
        super().fsync(fd)

    def truncate(self, fd: int, size: int) -> None:
        if self.truncate_fails:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        super().truncate(fd, size)


def _script(scenario: Scenario) -> list[Callable[[Session], object]]:
    """About 25 commands of every kind, two turns."""
    from wargame.ai.doctrine import choose_orders

    def pak_orders(s: Session) -> object:
        return s.submit_orders(choose_orders(scenario, s.state, "PAK", s.seed))

    steps: list[Callable[[Session], object]] = [
        lambda s: s.note("a"), lambda s: s.bookmark("b"),
        lambda s: s.inject(Inject(title="Incident", text="x")),
        lambda s: s.note("to undo"), lambda s: s.undo(), lambda s: s.redo(), lambda s: s.undo(),
    ]
    for _ in range(2):
        steps += [pak_orders, lambda s: s.fill_computer_orders(), lambda s: s.end_turn(),
                  lambda s: s.note("after the turn")]
    return steps


def _count_writes(scenario: Scenario, tmp: Path) -> int:
    layer = FaultyFiles("write", 0, errno.EIO)
    previous, journal.FILES = journal.FILES, layer
    try:
        session = Session.create(scenario, seed=3, turns=4, path=tmp / "count.wgsave",
                                 seats={"PAK": Seat("human", "Team Pakistan")})
        for step in _script(scenario):
            step(session)
        session.close()
    finally:
        journal.FILES = previous
    return layer.calls["write"]


def _run(scenario: Scenario, save: Path, layer: FaultyFiles
         ) -> tuple[Session | None, list[tuple[int, str]], int]:
    """Play the script through ``layer``; (session, acknowledged commands, refusals)."""
    acked: list[tuple[int, str]] = []
    refused = 0
    previous, journal.FILES = journal.FILES, layer
    try:
        try:
            session = Session.create(scenario, seed=3, turns=4, path=save,
                                     seats={"PAK": Seat("human", "Team Pakistan")})
        except SaveNotWritableError:
            return None, acked, 1
        # a command is acknowledged when the session reports it done (after its fsync)
        session.listeners.append(lambda command: acked.append((command.seq, command.name)))
        for step in _script(scenario):
            try:
                step(session)
            except SaveNotWritableError:
                refused += 1
                break
        return session, acked, refused
    finally:
        journal.FILES = previous


WRITES = 30  # upper bound of journal writes of the script (checked below)
FAULTS = [(op, code) for op in ("write", "fsync")
          for code in (errno.ENOSPC, errno.EIO, errno.EACCES)]
TRIED: list[str] = []


def test_the_script_fits_the_fault_points(tutorial: Scenario, tmp_path: Path) -> None:
    assert 20 <= _count_writes(tutorial, tmp_path) <= WRITES


@pytest.mark.parametrize(("op", "code"), FAULTS,
                         ids=[f"{op}-{errno.errorcode[c]}" for op, c in FAULTS])
def test_a_failed_write_or_fsync_loses_no_acknowledged_command(
        tutorial: Scenario, tmp_path: Path, op: str, code: int) -> None:
    total = _count_writes(tutorial, tmp_path)
    for at in range(1, total + 1):
        save = tmp_path / f"{op}-{code}-{at}.wgsave"
        layer = FaultyFiles(op, at, code)
        session, acked, refused = _run(tutorial, save, layer)
        assert layer.failed
        TRIED.append(f"{op}/{errno.errorcode[code]}/{at}")
        if session is None:  # the header itself failed: no save is left behind
            assert not save.exists()
            continue
        assert refused == 1  # the failing command was refused
        contents = read_journal(save)
        assert contents.torn is None, f"fault at {op} {at}: {contents.torn}"
        assert [(c.seq, c.name) for c in contents.commands] == acked
        reopened = Session.open(save, readonly=True)
        assert len(reopened.commands) == len(acked)
        # the session went read-only for writing; a copy elsewhere carries on
        with pytest.raises(SaveNotWritableError, match="save a copy elsewhere"):
            session.note("refused after the failure")
        copy = session.save_copy(tmp_path / f"copy-{op}-{code}-{at}.wgsave")
        session.note("in the copy")
        session.close()
        copied = read_journal(copy)
        assert [(c.seq, c.name) for c in copied.commands] == acked  # with the new note
        assert copied.commands[-1].args["text"] == "in the copy"
        assert read_journal(save).commands == contents.commands  # the original is as it was


def test_when_the_cut_back_fails_too_the_save_still_loads(tutorial: Scenario,
                                                          tmp_path: Path) -> None:
    for op in ("write", "fsync"):
        for at in range(2, 12):
            save = tmp_path / f"cut-{op}-{at}.wgsave"
            session, acked, _ = _run(tutorial, save,
                                     FaultyFiles(op, at, errno.EIO, truncate_fails=True))
            assert session is not None
            session.close()
            contents = read_journal(save)  # a partial line is dropped as torn
            loaded = [(c.seq, c.name) for c in contents.commands]
            assert loaded[: len(acked)] == acked and len(loaded) <= len(acked) + 1
            resumed = Session.open(save)  # resuming cuts the torn line off (kept as .torn)
            resumed.note("after the failure")
            resumed.close()
            assert read_journal(save).torn is None
