"""SIGKILL in the middle of a turn loses nothing: every command entered is recovered."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ui import settings

from .conftest import REPO

N = 6


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_mid_turn_then_recover(window, tmp_path: Path, isolated_settings: Path) -> None:  # type: ignore[no-untyped-def]
    save = tmp_path / "drill.wgsave"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "WARGAME_GUI_SETTINGS": str(isolated_settings), "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-m", "ui", "--crash-drill", str(N), str(save)],
                            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True)
    entered = 0
    deadline = time.monotonic() + 60
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("COMMAND"):
                entered = int(line.split()[1])
            if line.strip() == "READY" or time.monotonic() > deadline:
                break
        assert entered >= N  # the team's sealed orders count as one command
        os.kill(proc.pid, signal.SIGKILL)  # mid-turn: orders half in, nothing resolved
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    # the marker says the game was open when the process died
    assert settings.current_game() == str(save.resolve())

    from ui.main_window import offer_recovery

    assert offer_recovery(window, ask=False)
    c = window.controller
    assert c.path == save.resolve() or c.path == save
    assert len(c.session.commands) == entered
    assert c.state.turn == 1 and "PAK" in c.session.sheets
    assert [n.text for n in c.session.notes] == [f"drill note {i}" for i in range(N)
                                                 if i not in (1, 2)]
    assert c.session.record.injects[-1].title == "Drill inject"
    window.controller.close_game()
    assert settings.current_game() is None  # a clean close clears the marker
