"""The turn countdown model, driven by a fake clock (hand-computed readings)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wargame.countdown import Countdown, Phase, format_seconds


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_counts_down_only_while_running() -> None:
    clock = FakeClock()
    c = Countdown(300, clock=clock)
    assert (c.text(), c.phase()) == ("05:00", Phase.READY)
    clock.now += 50  # not started: nothing moves
    assert c.remaining() == 300
    c.start()
    clock.now += 90.5
    assert c.remaining() == pytest.approx(209.5)
    assert (c.text(), c.phase(), c.running) == ("03:30", Phase.RUNNING, True)
    c.pause()
    clock.now += 1000
    assert c.remaining() == pytest.approx(209.5)
    assert c.phase() == Phase.PAUSED and c.paused and not c.running
    c.toggle()  # resumes
    clock.now += 9.5
    assert c.text() == "03:20"


def test_warns_in_the_last_minute_then_expires_and_stays_at_zero() -> None:
    clock = FakeClock()
    c = Countdown(120, clock=clock)
    c.start()
    clock.now += 60
    assert (c.text(), c.phase()) == ("01:00", Phase.WARNING)
    clock.now += 59.01
    assert (c.text(), c.phase(), c.paused) == ("00:01", Phase.WARNING, False)
    c.pause()  # paused in the last minute: still a warning, and paused
    assert (c.phase(), c.paused) == (Phase.WARNING, True)
    c.start()
    clock.now += 1
    assert (c.text(), c.phase(), c.running) == ("00:00", Phase.EXPIRED, False)
    clock.now += 500
    assert c.remaining() == 0
    c.start()  # nothing left to run
    assert c.phase() == Phase.EXPIRED
    c.reset()
    assert (c.text(), c.phase()) == ("02:00", Phase.READY)


def test_just_above_the_warning_line_is_not_a_warning() -> None:
    clock = FakeClock()
    c = Countdown(120, warning=60, clock=clock)
    c.start()
    clock.now += 59.5
    assert c.phase() == Phase.RUNNING and c.text() == "01:01"


def test_a_new_duration_stops_and_resets() -> None:
    clock = FakeClock()
    c = Countdown(300, clock=clock)
    c.start()
    clock.now += 30
    c.set_duration(3600 * 1.5)
    assert (c.text(), c.phase(), c.running) == ("1:30:00", Phase.READY, False)


@pytest.mark.parametrize("bad", [0, -5, float("nan"), 10 ** 9])
def test_bad_durations_are_clear_errors(bad: float) -> None:
    with pytest.raises(ValueError, match="countdown duration must be"):
        Countdown(bad)
    with pytest.raises(ValueError, match="countdown duration must be"):
        Countdown(60).set_duration(bad)


def test_formatting_rounds_up_whole_seconds() -> None:
    assert [format_seconds(s) for s in (0, 0.001, 59.2, 60, 61, 3599.5, 3600, 3661)] == [
        "00:00", "00:01", "01:00", "01:00", "01:01", "1:00:00", "1:00:00", "1:01:01"]


@given(st.floats(1, 7200), st.lists(st.tuples(st.sampled_from("spt"), st.floats(0, 900)),
                                    max_size=30))
def test_remaining_never_grows_while_running_and_never_goes_below_zero(
        duration: float, steps: list[tuple[str, float]]) -> None:
    clock = FakeClock()
    c = Countdown(duration, clock=clock)
    last = c.remaining()
    for action, wait in steps:
        {"s": c.start, "p": c.pause, "t": c.toggle}[action]()
        clock.now += wait
        left = c.remaining()
        assert 0 <= left <= last <= duration
        last = left
    assert c.phase() != Phase.EXPIRED or c.remaining() == 0
