"""A turn countdown the facilitator sets, starts, pauses and resets.

The model knows no GUI toolkit: it reads a monotonic clock only when asked
(:meth:`Countdown.remaining`), so any front end (the projector, a team
station, a terminal) can show it by polling, and tests drive it with a fake
clock. Nothing here is journalled: the countdown paces the room, not the game.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from enum import StrEnum

Clock = Callable[[], float]
"""Seconds from an arbitrary origin that never goes backwards (``time.monotonic``)."""

MAX_SECONDS = 24 * 3600.0


class Phase(StrEnum):
    """What the countdown is doing, as a screen should colour it."""

    READY = "ready"
    """Set to its full duration, not started."""
    RUNNING = "running"
    PAUSED = "paused"
    WARNING = "warning"
    """Running (or paused) with at most :attr:`Countdown.warning` seconds left."""
    EXPIRED = "expired"
    """Reached zero; stays there until reset."""


class Countdown:
    """Counts ``duration`` seconds down to zero while running.

    ``warning`` is how many seconds before the end the countdown enters
    :attr:`Phase.WARNING` (the last minute by default).
    """

    def __init__(self, duration: float = 600.0, *, warning: float = 60.0,
                 clock: Clock = time.monotonic) -> None:
        self._clock = clock
        self.warning = _checked(warning, "warning", allow_zero=True)
        self.duration = _checked(duration, "duration")
        self._left = self.duration
        """Seconds left when last paused (or set)."""
        self._since: float | None = None
        """Clock reading when the countdown was last started; ``None`` while stopped."""

    # ---- control

    def set_duration(self, seconds: float) -> None:
        """A new full length; stops and resets the countdown to it."""
        self.duration = _checked(seconds, "duration")
        self.reset()

    def start(self) -> None:
        """Run from where it stands (no effect when running or expired)."""
        if self._since is None and self._left > 0:
            self._since = self._clock()

    def pause(self) -> None:
        if self._since is not None:
            self._left = self.remaining()
            self._since = None

    def toggle(self) -> None:
        """Start when stopped, pause when running."""
        if self.running:
            self.pause()
        else:
            self.start()

    def reset(self) -> None:
        """Back to the full duration, stopped."""
        self._left = self.duration
        self._since = None

    # ---- reading

    @property
    def running(self) -> bool:
        return self._since is not None and self.remaining() > 0

    @property
    def paused(self) -> bool:
        """Started, then stopped before the end (any phase but ready and expired)."""
        return self._since is None and 0 < self._left < self.duration

    def remaining(self) -> float:
        """Seconds left, never below zero."""
        if self._since is None:
            return self._left
        return max(0.0, self._left - (self._clock() - self._since))

    def phase(self) -> Phase:
        left = self.remaining()
        if left <= 0:
            return Phase.EXPIRED
        if self._since is None and left >= self.duration:
            return Phase.READY
        if left <= self.warning:
            return Phase.WARNING
        return Phase.RUNNING if self._since is not None else Phase.PAUSED

    def text(self) -> str:
        """``mm:ss`` (``h:mm:ss`` from an hour), whole seconds rounded up, so the
        display reads ``00:00`` only once time is really up."""
        return format_seconds(self.remaining())


def format_seconds(seconds: float) -> str:
    whole = max(0, math.ceil(seconds - 1e-9))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def _checked(value: float, name: str, *, allow_zero: bool = False) -> float:
    number = float(value)
    if math.isnan(number) or number < 0 or (number == 0 and not allow_zero) \
            or number > MAX_SECONDS:
        low = "0" if allow_zero else "more than 0"
        raise ValueError(f"countdown {name} must be {low} and at most 24 hours, got {value!r}")
    return number
