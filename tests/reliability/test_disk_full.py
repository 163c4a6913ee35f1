"""A real full disk (a small tmpfs): the save survives the failure and the recovery.

Needs root to mount a tmpfs; skipped otherwise (the file-layer double in
test_fault_injection.py covers the same ground everywhere).
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from wargame.errors import SaveFileError
from wargame.journal import read_journal
from wargame.scenario.models import Scenario
from wargame.session import Session

from .conftest import make_save, no_traceback, wargame


def _can_mount() -> bool:
    return sys.platform.startswith("linux") and hasattr(__import__("os"), "geteuid") \
        and __import__("os").geteuid() == 0


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    """A 256 KiB tmpfs (a tutorial save's header is about 70 KB)."""
    if not _can_mount():
        pytest.skip("mounting a tmpfs needs root on Linux")
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _fill(disk: Path) -> Path:
    """Fill the disk to the last byte; the filler file is returned (delete it to free space)."""
    filler = disk / "filler"
    with open(filler, "wb", buffering=0) as handle:
        for size in (65536, 4096, 256, 16, 1):
            with contextlib.suppress(OSError):
                while True:
                    handle.write(b"\0" * size)
    return filler


def test_disk_full_then_space_freed_keeps_the_save_whole(tutorial: Scenario, disk: Path) -> None:
    session = Session.create(tutorial, seed=2, path=disk / "g.wgsave")
    acked: list[int] = []
    session.listeners.append(lambda command: acked.append(command.seq))
    session.note("before the disk filled")
    filler = _fill(disk)
    with pytest.raises(SaveFileError):
        for number in range(200):
            session.note(f"note {number} " + "x" * 200)
    filler.unlink()  # space is back
    for number in range(5):  # later commands must not land after a half-written line
        with contextlib.suppress(SaveFileError):
            session.note(f"after the space came back {number}")
    contents = read_journal(disk / "g.wgsave")
    assert contents.torn is None
    assert [c.seq for c in contents.commands] == acked[: len(contents.commands)]
    assert len(contents.commands) == len([s for s in acked if s <= len(contents.commands)])
    Session.open(disk / "g.wgsave", readonly=True)
    session.close()


def test_resume_on_a_full_disk_exits_with_a_message(tutorial: Scenario, disk: Path) -> None:
    save = make_save(tutorial, disk / "g.wgsave")
    with open(save, "ab") as handle:  # a torn last line: resuming must cut it off
        handle.write(b'{"seq": 99, "cmd": "no')
    before = save.read_bytes()
    _fill(disk)
    out = wargame("resume", str(save), "--quiet")
    assert out.returncode == 2 and no_traceback(out), out.stderr
    assert "No space left on device" in out.stderr
    assert save.read_bytes() == before  # nothing was changed


def test_playing_on_into_a_full_disk_stops_cleanly(tutorial: Scenario, disk: Path) -> None:
    save = disk / "g.wgsave"
    Session.create(tutorial, seed=2, turns=3, path=save).close()  # computer seats only
    _fill(disk)
    out = wargame("resume", str(save), "--quiet")
    assert out.returncode == 2 and no_traceback(out), out.stderr
    assert "No space left on device" in out.stderr
    assert read_journal(save).torn is None
