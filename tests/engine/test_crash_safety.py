"""Killing a running game loses no completed command (SIGKILL at random moments)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from wargame.journal import read_journal

ROOT = Path(__file__).resolve().parents[2]


def test_sigkill_during_auto_play_loses_nothing(tmp_path: Path) -> None:
    rng = random.Random(20261126)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    killed = 0
    for attempt in range(20):
        save = tmp_path / f"kill-{attempt}.wgsave"
        proc = subprocess.Popen(
            [sys.executable, "-m", "wargame", "play", "tutorial", "--auto", "--seed",
             str(attempt), "--turns", "200", "--quiet", "--save", str(save)],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 10
        while not save.exists() and time.monotonic() < deadline:
            time.sleep(0.005)
        time.sleep(rng.uniform(0.0, 0.6))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed += 1
        proc.wait()
        contents = read_journal(save)  # a torn last line is tolerated, anything else raises
        replay = subprocess.run(
            [sys.executable, "-m", "wargame", "replay", str(save), "--verify"],
            cwd=ROOT, env=env, capture_output=True, text=True)
        assert replay.returncode == 0, replay.stderr
        resolved = sum(1 for c in contents.commands if c.name == "end_turn")
        assert f"{resolved} turns resolved" in replay.stdout or resolved == 0
    assert killed >= 15
