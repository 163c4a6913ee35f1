"""One writer per save: a second is refused with a message naming the holder (issue 12)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from wargame.errors import SaveLockedError
from wargame.journal import read_journal
from wargame.scenario.models import Scenario
from wargame.session import Session

from .conftest import ROOT, make_save, no_traceback, wargame


def test_a_second_writer_is_refused_naming_the_holder(tutorial: Scenario,
                                                      tmp_path: Path) -> None:
    save = make_save(tutorial, tmp_path / "g.wgsave")
    first = Session.open(save)
    before = save.read_bytes()
    with pytest.raises(SaveLockedError) as caught:
        Session.open(save)
    message = str(caught.value)
    assert f"pid {os.getpid()}" in message and socket.gethostname() in message
    assert "since 20" in message and "open it read-only" in message
    assert caught.value.holder["pid"] == str(os.getpid())
    assert save.read_bytes() == before
    Session.open(save, readonly=True)  # reading is still allowed
    first.note("still the one writer")
    first.close()
    again = Session.open(save)  # released on close
    assert again.notes[-1].text == "still the one writer"
    again.close()
    assert not (tmp_path / "g.wgsave.lock").exists()


def test_two_cli_resumes_the_second_exits_2_and_the_save_stays_whole(tutorial: Scenario,
                                                                      tmp_path: Path) -> None:
    save = make_save(tutorial, tmp_path / "g.wgsave")
    holder = Session.open(save)
    try:
        second = wargame("resume", str(save), "--quiet", stdin="")
        assert second.returncode == 2, second.stderr
        assert no_traceback(second)
        assert "already open for writing" in second.stderr
        assert f"pid {os.getpid()}" in second.stderr
        for _ in range(2):  # the first writer goes on
            holder.fill_computer_orders()
            holder.end_turn()
    finally:
        holder.close()
    replay = wargame("replay", str(save), "--verify")
    assert replay.returncode == 0, replay.stderr
    assert read_journal(save).torn is None


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_the_lock_of_a_killed_writer_does_not_block(tutorial: Scenario, tmp_path: Path) -> None:
    save = make_save(tutorial, tmp_path / "g.wgsave")
    code = ("import sys, time\nfrom wargame.session import Session\n"
            f"s = Session.open({str(save)!r})\nprint('HOLDING', flush=True)\ntime.sleep(60)\n")
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE,
                            text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "HOLDING"
        with pytest.raises(SaveLockedError, match=f"pid {proc.pid}"):
            Session.open(save)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    assert (tmp_path / "g.wgsave.lock").exists()  # the dead writer's note is left behind
    session = Session.open(save)  # ... but the kernel released its lock
    session.note("after the crash")
    session.close()
    assert Session.open(save, readonly=True).notes[-1].text == "after the crash"
