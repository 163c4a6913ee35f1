"""The stations' self-check (what the desktop bundle's build runs on the frozen program)."""

from __future__ import annotations

import pytest

from wargame.cli import main
from wargame.server.selfcheck import self_check


def test_the_self_check_uses_a_served_game_as_a_station_would() -> None:
    lines: list[str] = []
    steps = self_check("tutorial", report=lines.append)
    assert len(steps) == 6 and steps[0].startswith("serving tutorial on 127.0.0.1:")
    assert steps[-1] == "a message and a sealed sheet, acknowledged and journalled"
    assert lines == [f"  ok  {s}" for s in steps]


def test_serve_self_check_from_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--self-check"]) == 0
    out = capsys.readouterr().out
    assert "a wrong token gets 404" in out and "self-check passed (6 steps)" in out


def test_serve_without_a_save_says_what_it_needs(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve"]) != 0
    assert "serve needs a SAVE (or --self-check)" in capsys.readouterr().err
